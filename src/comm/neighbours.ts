// One neighbour graph per step (ARCHITECTURE.md: the comm layer is handed to whoever communicates): the runner
// builds it once from the agents' positions; each communicating controller restricts it to its own learners.
import { rangeGraph } from './range-graph.js';
import type { RangeGraph } from './range-graph.js';

/** Positions of the agents in the network after a step (m, net coordinates). */
export type Positions = ReadonlyMap<string, { readonly x: number; readonly y: number }>;

/** The range graphs of one step's agents: built on first use for each range and kept for the step. */
export class StepNeighbours {
  private readonly graphs = new Map<number, RangeGraph>();

  /** `defaultRange`: the scenario's V2V range (m), used when a controller sets none. */
  constructor(private readonly positions: Positions, private readonly defaultRange: number) {}

  /** Who is within `range` m of whom (null = the scenario's range), over every agent in the network. */
  graph(range: number | null): RangeGraph {
    const r = range ?? this.defaultRange;
    let graph = this.graphs.get(r);
    if (graph === undefined) {
      graph = rangeGraph([...this.positions].map(([id, p]) => ({ id, x: p.x, y: p.y })), r);
      this.graphs.set(r, graph);
    }
    return graph;
  }
}

/**
 * The graph over `members` only, keys and neighbour lists in `members`' order: exactly the range graph of the
 * members' positions listed in that order (rangeGraph lists neighbours in input order).
 */
export function restrictGraph(graph: RangeGraph, members: readonly string[]): RangeGraph {
  const rank = new Map(members.map((id, i) => [id, i]));
  const out = new Map<string, readonly string[]>();
  for (const id of members) {
    const neighbours = (graph.get(id) ?? []).filter((j) => rank.has(j));
    out.set(id, neighbours.sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0)));
  }
  return out;
}
