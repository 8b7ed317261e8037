// Field parsers of the shared SAC core's config (src/agents/sac/config.ts), for every controller that holds one.
import { CavlabUsageError } from '../../errors.js';
import { SAC_SCHEDULES, resolveSacConfig } from '../sac/config.js';
import type { SacConfig } from '../sac/config.js';
import { ControllerConfigError } from '../errors.js';
import { either, finiteNumber, listOf, nonNegativeInt, nullValue, numberIn, oneOf, oneOfNumbers, parseFields, positiveInt, positiveNumber, trueOrFalse } from './config-fields.js';
import type { FieldParser, FieldParsers } from './config-fields.js';

const auto: FieldParser<'auto'> = oneOf(['auto'] as const);

export const SAC_FIELDS: FieldParsers<SacConfig> = {
  actorHidden: listOf(positiveInt, true),
  criticHidden: listOf(positiveInt, true),
  replayCapacity: positiveInt,
  batchSize: positiveInt,
  actorLr: positiveNumber,
  criticLr: positiveNumber,
  alphaLr: positiveNumber,
  gamma: numberIn(0, 1),
  tau: numberIn(0, 1, true),
  alpha: either(auto, numberIn(0, Number.MAX_VALUE), "'auto' or a non-negative number"),
  initialAlpha: positiveNumber,
  targetEntropy: either(finiteNumber, nullValue, 'a number or null (= −|A|)'),
  envStepsPerUpdate: positiveInt,
  policyDelay: positiveInt,
  learningStarts: nonNegativeInt,
  updateAfter: nonNegativeInt,
  gradClipNorm: either(numberIn(0, Number.MAX_VALUE, true), nullValue, 'a positive number or null (no clipping)'),
  schedule: oneOf(SAC_SCHEDULES),
  sharedInit: trueOrFalse,
  adamEpsilon: positiveNumber,
  matMulMode: oneOf(['auto', 'autodiff', 'custom-matmul', 'fused'] as const),
  updatePath: oneOf(['auto', 'tfjs'] as const),
  twinCritics: trueOrFalse,
  learnerWorkers: oneOfNumbers([1, 2] as const),
};

/**
 * For controllers that reach into their learners' SAC cores (mixing, exchanging or reading parameters, extra replay
 * data): those cores must live in this thread, so learnerWorkers must stay 1.
 */
export function singleThreadLearners<C extends SacConfig>(config: C, where: string): C {
  if (config.learnerWorkers !== 1) throw new ControllerConfigError(`${where}.learnerWorkers`, `must be 1: ${where} reads its learners' SAC cores directly (only isac runs them in worker threads)`, config.learnerWorkers);
  return config;
}

/** A SAC config from raw input: field by field, then the core's own cross-checks. */
export function parseSacConfig(raw: unknown, where: string, defaults: SacConfig): SacConfig {
  return checkSacConfig(parseFields(raw, where, defaults, SAC_FIELDS), where);
}

/** The SAC core's cross-checks on a parsed config that holds a SAC config (and maybe more fields); returns it. */
export function checkSacConfig<C extends SacConfig>(config: C, where: string): C {
  try {
    resolveSacConfig(config);
    return config;
  } catch (error) {
    if (error instanceof RangeError) throw new CavlabUsageError(`${where}: ${error.message}`, { cause: error });
    throw error;
  }
}
