// Field parsers of the model-based controllers' shared hyper-parameters (src/agents/models/model-based-config.ts).
import { CavlabUsageError } from '../../errors.js';
import type { ModelBasedConfig } from '../models/model-based-config.js';
import { resolveSacConfig } from '../sac/config.js';
import type { SacConfig } from '../sac/config.js';
import { listOf, numberIn, parseFields, positiveInt, positiveNumber } from './config-fields.js';
import type { FieldParsers } from './config-fields.js';
import { SAC_FIELDS, singleThreadLearners } from './sac-fields.js';

type ModelFields = Omit<ModelBasedConfig, keyof SacConfig>;

export const MODEL_BASED_FIELDS: FieldParsers<ModelBasedConfig> = {
  ...SAC_FIELDS,
  ...({
    modelHidden: listOf(positiveInt, true),
    modelLr: positiveNumber,
    modelBatchSize: positiveInt,
    modelFitSteps: positiveInt,
    heldOutFraction: numberIn(0, 0.9),
    rolloutLength: positiveInt,
    rolloutBatch: positiveInt,
    modelCapacity: positiveInt,
    realRatio: numberIn(0, 1),
  } satisfies FieldParsers<ModelFields>),
};

/** A model-based controller's config: field by field over `defaults`, then the SAC core's own cross-checks. */
export function parseModelBasedConfig<C extends ModelBasedConfig>(raw: unknown, where: string, defaults: C, fields: FieldParsers<C>): C {
  const parsed = parseFields(raw, where, defaults, fields);
  try {
    resolveSacConfig(parsed);
  } catch (error) {
    if (error instanceof RangeError) throw new CavlabUsageError(`${where}: ${error.message}`, { cause: error });
    throw error;
  }
  return singleThreadLearners(parsed, where);
}
