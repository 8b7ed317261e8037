// Who can talk to whom: learners within communication range of each other (V2V), from positions.

/** A learner's position in m (SUMO x, y). */
export interface Located {
  readonly id: string;
  readonly x: number;
  readonly y: number;
}

/** Undirected neighbour lists; every id of the input appears as a key (possibly with no neighbours). */
export type RangeGraph = ReadonlyMap<string, readonly string[]>;

/** Neighbours are agents at Euclidean distance ≤ `range` m (RSM-MASAC: 90 m on Figure 8, 400 m on Merge). */
export function rangeGraph(agents: readonly Located[], range: number): RangeGraph {
  if (!(range >= 0)) throw new RangeError(`communication range must be ≥ 0 m, got ${range}`);
  const graph = new Map<string, string[]>();
  for (const a of agents) graph.set(a.id, []);
  const r2 = range * range;
  for (let i = 0; i < agents.length; i++) {
    const a = agents[i] as Located;
    for (let j = i + 1; j < agents.length; j++) {
      const b = agents[j] as Located;
      const dx = a.x - b.x;
      const dy = a.y - b.y;
      if (dx * dx + dy * dy <= r2) {
        (graph.get(a.id) as string[]).push(b.id);
        (graph.get(b.id) as string[]).push(a.id);
      }
    }
  }
  return graph;
}

/** Number of undirected links. */
export function linkCount(graph: RangeGraph): number {
  let n = 0;
  for (const neighbours of graph.values()) n += neighbours.length;
  return n / 2;
}
