// End-of-episode sample exchange (MA-PMBRL Sec. 3.2, eq. 3): every CAV sends its latest episode's transitions
// to the CAVs within range d at the episode's last step; each message crosses the channel with probability PRR.
// Pure planning: who receives whose episode, and the comm.csv row of each receiver.
import type { CommRecord } from '../../controller.js';
import { floatBytes } from '../../../comm/channel.js';
import type { LossyChannel } from '../../../comm/channel.js';
import { pull } from '../../../comm/pull.js';
import type { Located, RangeGraph } from '../../../comm/range-graph.js';

/** A CAV at the end of the episode, with the number of transitions it has to offer. */
export interface ExchangeParticipant extends Located {
  readonly samples: number;
}

export interface Delivery {
  readonly from: string;
  readonly to: string;
  readonly samples: number;
}

export interface ExchangePlan {
  readonly graph: RangeGraph;
  readonly deliveries: readonly Delivery[];
  /** One comm.csv row per participant (kind 'samples'). */
  readonly records: readonly CommRecord[];
}

/** Floats of one transition on the wire: ⟨s, a, r, s'⟩ = 2·obsDim + |A| + 1 (eq. 3's tuple). */
export function floatsPerTransition(obsDim: number, actionDim: number): number {
  return 2 * obsDim + actionDim + 1;
}

/**
 * Each receiver i asks every neighbour j ∈ B_i (distance ≤ d: `graph`, the step's neighbour graph over the
 * participants) for its episode; the channel decides delivery per message, in participant order then neighbour order
 * (so the draws are reproducible). bytes = samples × floats × 4.
 */
export function planExchange(participants: readonly ExchangeParticipant[], graph: RangeGraph, channel: LossyChannel, floats: number): ExchangePlan {
  const offered = new Map(participants.map((p) => [p.id, p.samples]));
  const deliveries: Delivery[] = [];
  const records: CommRecord[] = [];
  for (const receiver of participants) {
    const { neighbours, delivered } = pull(graph, receiver.id, channel);
    let samples = 0;
    for (const sender of delivered) {
      const n = offered.get(sender) ?? 0;
      deliveries.push({ from: sender, to: receiver.id, samples: n });
      samples += n;
    }
    records.push({
      agent: receiver.id, kind: 'samples', neighbours: neighbours.length, requested: neighbours.length, received: delivered.length,
      lost: neighbours.length - delivered.length, replicas: 0, mixed: 0, samples, bytes: floatBytes(samples * floats),
    });
  }
  return { graph, deliveries, records };
}
