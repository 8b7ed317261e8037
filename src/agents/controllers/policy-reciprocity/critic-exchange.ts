// How a learner gets its neighbours' critics: one pull round asks every learner in range (N_i, range-graph.ts) for
// its critic message; each arrives with the channel's PRR (channel.ts) and costs 4 B per parameter.
import { floatBytes } from '../../../comm/channel.js';
import type { LossyChannel } from '../../../comm/channel.js';
import { pull } from '../../../comm/pull.js';
import type { RangeGraph } from '../../../comm/range-graph.js';
import type { CommRecord } from '../../controller.js';
import type { CriticMessage } from './reciprocal-target.js';

export interface CriticRound {
  /** The critics that arrived, in neighbour order. */
  readonly received: readonly CriticMessage[];
  /** The round's comm.csv row (kind 'critics'). */
  readonly record: CommRecord;
}

/**
 * Agent `agent` pulls the critic of every neighbour in `graph` over `channel` (src/comm/pull.ts); `messageOf` is read
 * only for the messages that arrive, each `messageFloats` floats.
 */
export function pullCritics(graph: RangeGraph, agent: string, messageOf: (id: string) => CriticMessage, channel: LossyChannel, messageFloats: number): CriticRound {
  const { neighbours, delivered } = pull(graph, agent, channel);
  const received = delivered.map(messageOf);
  return {
    received,
    record: {
      agent,
      kind: 'critics',
      neighbours: neighbours.length,
      requested: neighbours.length,
      received: received.length,
      lost: neighbours.length - received.length,
      replicas: 0,
      mixed: 0,
      samples: 0,
      bytes: received.length * floatBytes(messageFloats),
    },
  };
}
