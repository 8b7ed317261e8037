// Hyper-parameters every policy-exchanging controller shares (Avg-MASAC, RSM-MASAC): how often a communication
// round happens and the V2V channel it uses (algorithms.md, "Communication model").
import type { FieldParsers } from '../config-fields.js';
import { LOSS_MODELS } from '../../comm/channel.js';
import type { LossModel } from '../../comm/channel.js';
import { either, nullValue, numberIn, oneOf, positiveInt } from '../config-fields.js';

export interface CommConfig {
  /** U, communication interval: a round after every U local policy updates (Table IV: 8; Alg. 1 l. 22). */
  readonly updatesPerRound: number;
  /** V2V range in m; null = the scenario's `communicationRange` (Figure 8: 90 m, Merge: 400 m, Sec. VI-A). */
  readonly range: number | null;
  /** PRR, probability that one message on a link arrives (Sec. VI-A: lossless by default; Fig. 14 varies it). */
  readonly prr: number;
  /**
   * What 1 − PRR takes (src/comm/channel.ts): 'parameter' zeroes each transmitted parameter on its own (public
   * RSM-MASAC code, Fig. 14); 'message' loses whole actors or segments.
   */
  readonly lossModel: LossModel;
}

export const COMM_DEFAULTS: CommConfig = { updatesPerRound: 8, range: null, prr: 1, lossModel: 'parameter' };

export const COMM_FIELDS: FieldParsers<CommConfig> = {
  updatesPerRound: positiveInt,
  range: either(numberIn(0, Number.MAX_VALUE), nullValue, 'a range in m (≥ 0) or null (= the scenario\'s)'),
  prr: numberIn(0, 1),
  lossModel: oneOf(LOSS_MODELS),
};
