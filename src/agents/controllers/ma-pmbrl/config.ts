// MA-PMBRL's hyper-parameters (Wen et al., Table 2 and algorithms.md "MA-PMBRL"): the model-based core's plus the
// pessimism (PGD, eqs. 5–7) and the sample exchange (eq. 3).
import { MODEL_BASED_DEFAULTS } from '../../models/model-based-config.js';
import type { ModelBasedConfig } from '../../models/model-based-config.js';
import { either, nullValue, numberIn, oneOf, positiveInt, positiveNumber, nonNegativeInt } from '../../config-fields.js';
import type { FieldParsers } from '../../config-fields.js';
import { MODEL_BASED_FIELDS, parseModelBasedConfig } from '../../models/model-based-fields.js';
import type { IterateChoice } from './pessimism.js';

export interface MaPmbrlConfig extends ModelBasedConfig {
  /** d, communication range in m (Table 2: d ∈ [0, 200]; Fig. 3 uses 100); null = the scenario's communicationRange. */
  readonly range: number | null;
  /** Packet reception rate of each exchange message. Decision: the paper assumes reliable links; 1. */
  readonly prr: number;
  /** X, PGD steps per episode. Decision: 10 (algorithms.md). */
  readonly pgdSteps: number;
  /** α_PGD (Table 2: 0.001). */
  readonly pgdLr: number;
  /** ξ, KL-ball radius of eq. (5). Decision: 0.1 (algorithms.md). */
  readonly klRadius: number;
  /** Bisection steps of the projection. Decision: 10. */
  readonly bisectionSteps: number;
  /** Which PGD iterate the model keeps (eq. 7 'best'; Fig. 4 also 'avg' and 'final'). */
  readonly iterate: IterateChoice;
  /** Real states the PGD objective and the KL are averaged over. Decision: 256. */
  readonly pessimismBatch: number;
}

export const MA_PMBRL_DEFAULTS: MaPmbrlConfig = {
  ...MODEL_BASED_DEFAULTS,
  range: null,
  prr: 1,
  pgdSteps: 10,
  pgdLr: 1e-3,
  klRadius: 0.1,
  bisectionSteps: 10,
  iterate: 'best',
  pessimismBatch: 256,
};

const FIELDS: FieldParsers<MaPmbrlConfig> = {
  ...MODEL_BASED_FIELDS,
  range: either(numberIn(0, Number.MAX_VALUE), nullValue, 'a range ≥ 0 m or null (= the scenario\'s)'),
  prr: numberIn(0, 1),
  pgdSteps: nonNegativeInt,
  pgdLr: positiveNumber,
  klRadius: numberIn(0, Number.MAX_VALUE),
  bisectionSteps: positiveInt,
  iterate: oneOf(['best', 'avg', 'final'] as const),
  pessimismBatch: positiveInt,
};

export function parseMaPmbrlConfig(raw: unknown, where: string): MaPmbrlConfig {
  return parseModelBasedConfig(raw, where, MA_PMBRL_DEFAULTS, FIELDS);
}
