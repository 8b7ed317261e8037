// How a learner gets its neighbours' critics: one pull round asks every learner in range (N_i, range-graph.ts) for
// its critic message; each arrives with the channel's PRR (channel.ts) and costs 4 B per parameter.
import { floatBytes } from '../../../comm/channel.js';
import type { LossyChannel } from '../../../comm/channel.js';
import type { CommRecord } from '../../controller.js';
import type { CriticMessage } from './reciprocal-target.js';

/** A neighbour that can send its critic; `message` is read only when the message arrives. */
export interface CriticSource {
  readonly id: string;
  message(): CriticMessage;
}

export interface CriticRound {
  /** The critics that arrived, in neighbour order. */
  readonly received: readonly CriticMessage[];
  /** The round's comm.csv row (kind 'critics'). */
  readonly record: CommRecord;
}

/** Agent `agent` pulls the critic of every neighbour in `neighbours` over `channel`; messages have `messageFloats` floats. */
export function pullCritics(agent: string, neighbours: readonly CriticSource[], channel: LossyChannel, messageFloats: number): CriticRound {
  const received: CriticMessage[] = [];
  for (const neighbour of neighbours) {
    if (channel.delivers()) received.push(neighbour.message());
  }
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
