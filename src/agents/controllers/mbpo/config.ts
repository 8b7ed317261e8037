// MBPO's hyper-parameters (Janner et al. 2019) as MA-PMBRL's baseline: the same SAC, model and rollout settings
// as MA-PMBRL (Table 2), an ensemble instead of one model, no pessimism and no exchange.
import { MODEL_BASED_DEFAULTS } from '../../models/model-based-config.js';
import type { ModelBasedConfig } from '../../models/model-based-config.js';
import { ControllerConfigError } from '../../errors.js';
import { positiveInt } from '../config-fields.js';
import type { FieldParsers } from '../config-fields.js';
import { MODEL_BASED_FIELDS, parseModelBasedConfig } from '../model-based-fields.js';

export interface MbpoConfig extends ModelBasedConfig {
  /** B, ensemble size (MBPO: 7). */
  readonly ensembleSize: number;
  /** E, elites rollouts draw from (MBPO: 5). */
  readonly elites: number;
}

export const MBPO_DEFAULTS: MbpoConfig = { ...MODEL_BASED_DEFAULTS, ensembleSize: 7, elites: 5 };

const FIELDS: FieldParsers<MbpoConfig> = { ...MODEL_BASED_FIELDS, ensembleSize: positiveInt, elites: positiveInt };

export function parseMbpoConfig(raw: unknown, where: string): MbpoConfig {
  const config = parseModelBasedConfig(raw, where, MBPO_DEFAULTS, FIELDS);
  if (config.elites > config.ensembleSize) {
    throw new ControllerConfigError(`${where}.elites`, `must not exceed ensembleSize (${config.ensembleSize})`, config.elites);
  }
  return config;
}
