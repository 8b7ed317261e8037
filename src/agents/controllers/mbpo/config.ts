// MBPO's hyper-parameters as MA-PMBRL's baseline (the MA-PMBRL paper gives none): MBPO's published defaults
// (Janner et al. 2019, App. C and their configs) for the model-based part — 7 models / 5 elites, a refit every 250
// env steps, the rollout-length schedule, 5 % real data — and MA-PMBRL's Table 2 for the SAC core, the model network
// and the buffers, with the same SAC update budget (G = 1 per env step). Deviations: mbpo/README.md.
import { MODEL_BASED_DEFAULTS } from '../../models/model-based-config.js';
import type { ModelBasedConfig } from '../../models/model-based-config.js';
import { MBPO_ROLLOUT_SCHEDULE } from '../../models/rollout-schedule.js';
import { ControllerConfigError } from '../../errors.js';
import { positiveInt } from '../../config-fields.js';
import type { FieldParsers } from '../../config-fields.js';
import { MODEL_BASED_FIELDS, parseModelBasedConfig } from '../../models/model-based-fields.js';

export interface MbpoConfig extends ModelBasedConfig {
  /** B, ensemble size (MBPO: 7). */
  readonly ensembleSize: number;
  /** E, elites rollouts draw from (MBPO: 5). */
  readonly elites: number;
}

export const MBPO_DEFAULTS: MbpoConfig = {
  ...MODEL_BASED_DEFAULTS,
  ensembleSize: 7, // num_networks
  elites: 5, // num_elites
  modelRefitEvery: 250, // model_train_freq
  rolloutStart: 'buffer', // rollouts from D_env states at each refit (MBPO Alg. 2)
  rolloutSchedule: MBPO_ROLLOUT_SCHEDULE, // rollout_schedule [20, 100, 1, 15] (Hopper), epochs of 1,000 steps
  realRatio: 0.05, // real_ratio
  // G (MBPO's n_train_repeat, 20–40 there): 1, MA-PMBRL's budget, so Fig. 3 compares equal numbers of SAC updates.
  updatesPerStep: 1,
  // Decision: MBPO's rollout_batch_size is 100,000 per refit; 2,000 = the model transitions MA-PMBRL makes in 250
  // steps (250 × L = 8), which the 7,000 model buffer of Table 2 can hold (README.md).
  rolloutBatch: 2_000,
  // Decision: MBPO trains each refit to a held-out plateau; 34 ≈ 200 · 250 / 1,500 steps per refit gives every member
  // the model-gradient budget of MA-PMBRL's one 200-step fit per 1,500-step episode (README.md).
  modelFitSteps: 34,
};

const FIELDS: FieldParsers<MbpoConfig> = { ...MODEL_BASED_FIELDS, ensembleSize: positiveInt, elites: positiveInt };

export function parseMbpoConfig(raw: unknown, where: string): MbpoConfig {
  const config = parseModelBasedConfig(raw, where, MBPO_DEFAULTS, FIELDS);
  if (config.elites > config.ensembleSize) {
    throw new ControllerConfigError(`${where}.elites`, `must not exceed ensembleSize (${config.ensembleSize})`, config.elites);
  }
  return config;
}
