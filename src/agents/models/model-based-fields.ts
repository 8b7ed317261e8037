// Field parsers of the model-based controllers' shared hyper-parameters (src/agents/models/model-based-config.ts).
import type { ModelBasedConfig } from './model-based-config.js';
import type { SacConfig } from '../sac/config.js';
import { either, listOf, nonNegativeInt, nullValue, numberIn, oneOf, oneOfNumbers, parseFields, positiveInt, positiveNumber } from '../config-fields.js';
import type { FieldParsers } from '../config-fields.js';
import type { RolloutSchedule } from './rollout-schedule.js';
import { ControllerConfigError } from '../errors.js';
import { SAC_FIELDS, parseSacFields } from '../sac/fields.js';

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
    rolloutSchedule: either(rolloutSchedule, nullValue, 'an object { fromEpoch, toEpoch, fromLength, toLength, epochSteps } or null'),
    rolloutStart: oneOf(['current', 'buffer'] as const),
    rolloutBatch: positiveInt,
    modelRefitEvery: either(positiveInt, nullValue, 'a positive number of env steps or null (= once per episode)'),
    updatesPerStep: positiveInt,
    randomEpisodes: nonNegativeInt,
    modelCapacity: positiveInt,
    realRatio: numberIn(0, 1),
    fitWorkers: oneOfNumbers([1, 2] as const),
  } satisfies FieldParsers<ModelFields>),
};

/**
 * A model-based controller's config: field by field over `defaults`, each by its one rule. learnerWorkers 2 is allowed:
 * only the SAC steps run in workers, on replicas of the cores (sac-steps.ts).
 */
export function parseModelBasedConfig<C extends ModelBasedConfig>(raw: unknown, where: string, defaults: C, fields: FieldParsers<C>): C {
  return parseSacFields(raw, where, defaults, fields);
}

/** MBPO's rollout-length schedule, every field named (models/rollout-schedule.ts). */
function rolloutSchedule(value: unknown, field: string): RolloutSchedule {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ControllerConfigError(field, 'must be an object { fromEpoch, toEpoch, fromLength, toLength, epochSteps }', value);
  const o = value as Record<string, unknown>;
  const keys = ['fromEpoch', 'toEpoch', 'fromLength', 'toLength', 'epochSteps'] as const;
  for (const key of Object.keys(o)) if (!(keys as readonly string[]).includes(key)) throw new ControllerConfigError(`${field}.${key}`, `is not a field of the rollout schedule (known: ${keys.join(', ')})`, o[key]);
  const schedule: RolloutSchedule = {
    fromEpoch: nonNegativeInt(o['fromEpoch'], `${field}.fromEpoch`),
    toEpoch: nonNegativeInt(o['toEpoch'], `${field}.toEpoch`),
    fromLength: positiveInt(o['fromLength'], `${field}.fromLength`),
    toLength: positiveInt(o['toLength'], `${field}.toLength`),
    epochSteps: positiveInt(o['epochSteps'], `${field}.epochSteps`),
  };
  if (schedule.toEpoch < schedule.fromEpoch) throw new ControllerConfigError(`${field}.toEpoch`, `must not be below fromEpoch (${schedule.fromEpoch})`, schedule.toEpoch);
  return schedule;
}
