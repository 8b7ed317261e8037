// One pull round over the step's neighbour graph (ARCHITECTURE.md: `communicate(graph, channel)`): a receiver asks
// each of its neighbours for one message and the channel decides, message by message in neighbour order, which
// arrive. PR's critic pulls and MA-PMBRL's sample exchange are such rounds; what travels is the caller's business.
import type { LossyChannel } from './channel.js';
import type { RangeGraph } from './range-graph.js';

export interface PullRound {
  /** The receiver's neighbours (Ω_i), each asked once. */
  readonly neighbours: readonly string[];
  /** Those whose message arrived, in neighbour order. */
  readonly delivered: readonly string[];
}

/** `receiver` pulls one message from every neighbour in `graph` over `channel` (one delivery decision each). */
export function pull(graph: RangeGraph, receiver: string, channel: LossyChannel): PullRound {
  const neighbours = graph.get(receiver) ?? [];
  const delivered: string[] = [];
  for (const j of neighbours) if (channel.delivers()) delivered.push(j);
  return { neighbours, delivered };
}
