// Hyper-parameters shared by the model-based controllers (MA-PMBRL, MBPO): the SAC core's, the dynamics model's
// and the rollout schedule's, flat so an experiment names each one directly. Defaults: MA-PMBRL Table 2.
import { SAC_DEFAULTS } from '../sac/config.js';
import type { SacConfig } from '../sac/config.js';
import type { MatMulMode } from '../../nn/mlp.js';
import { GAUSSIAN_MODEL_DEFAULTS } from './model-config.js';
import type { GaussianModelConfig } from './model-config.js';
import type { RolloutSchedule } from './rollout-schedule.js';

export interface ModelBasedConfig extends SacConfig {
  /** Hidden widths of each Gaussian dynamics MLP (Table 2: 3 × 256). */
  readonly modelHidden: readonly number[];
  /** Adam rate of the model fit (model-config.ts). */
  readonly modelLr: number;
  /** Rows per model gradient step (Table 2 "training batch size": 1,000). */
  readonly modelBatchSize: number;
  /** Model gradient steps per fit (once per episode). Decision, see model-config.ts. */
  readonly modelFitSteps: number;
  /** Share of D_E held out to report the model loss. Decision: 0.1. */
  readonly heldOutFraction: number;
  /** L_rollout (Table 2: 8; Fig. 7 sweeps 3–18). Used when `rolloutSchedule` is null. */
  readonly rolloutLength: number;
  /** L as a function of env steps (MBPO's schedule); null = the fixed `rolloutLength` (MA-PMBRL). */
  readonly rolloutSchedule: RolloutSchedule | null;
  /**
   * Where model rollouts branch from. 'current': every env step, one L-step rollout from the state s_t the learner
   * is in (MA-PMBRL Alg. 1: "let l = t + 1 … execute a_l in T̃ϕ"). 'buffer': at every model refit, `rolloutBatch`
   * rollouts from states drawn from D_E (MBPO Alg. 2).
   */
  readonly rolloutStart: 'current' | 'buffer';
  /** Rollouts per refit when `rolloutStart` is 'buffer' (MBPO: rollout_batch_size; see controllers/mbpo/README.md). */
  readonly rolloutBatch: number;
  /**
   * Env steps of a learner between refits of its model (MBPO: model_train_freq = 250); null = once per episode, at
   * its end, for the next one (MA-PMBRL Alg. 1: "train the MLE dynamics model on D_E" before each episode's steps).
   */
  readonly modelRefitEvery: number | null;
  /** G, SAC gradient steps per env step (MA-PMBRL Alg. 1: one "agent update" per step t; MBPO's knob, see its config). */
  readonly updatesPerStep: number;
  /** Training episodes acted uniformly at random, without updates, before learning (Alg. 1: "the initial episode"). */
  readonly randomEpisodes: number;
  /** |D_T̃ϕ|, model buffer size (Table 2: 7,000). */
  readonly modelCapacity: number;
  /** Share of real transitions in SAC's mini-batch (Table 2 "real-to-model data ratio": 0.7). */
  readonly realRatio: number;
  /**
   * Threads the learners' model fits run on (cavlab's, not the papers'): 2 fits the models of the learners due at
   * the same step two at a time in worker threads, with the same numbers as 1 (models/model-fits.ts). Default 1:
   * reproduction sweeps run one run per core.
   */
  readonly fitWorkers: 1 | 2;
}

/**
 * Table 2: real buffer 20,000, mini-batch 512, lr actor 1e-4, critic 1e-3, γ = 0.98, soft update 0.01, and
 * α_temp = 0.001 as the fixed temperature α of eq. (8): the text defines α_temp as "the temperature parameter that
 * balances the contribution of policy entropy and the Q-value" and uses it as the coefficient of log π in eq. (8);
 * Table 2 lists it under "Learning Rates" but the paper tunes no temperature anywhere (Decision, README.md).
 * Alg. 1: one SAC update per env step, random actions in the initial episode (no random-step count).
 */
export const MODEL_BASED_DEFAULTS: ModelBasedConfig = {
  ...SAC_DEFAULTS,
  replayCapacity: 20_000,
  batchSize: 512,
  actorLr: 1e-4,
  criticLr: 1e-3,
  alphaLr: 1e-3,
  gamma: 0.98,
  tau: 0.01,
  alpha: 1e-3,
  envStepsPerUpdate: 1,
  learningStarts: 0,
  modelHidden: GAUSSIAN_MODEL_DEFAULTS.hidden,
  modelLr: GAUSSIAN_MODEL_DEFAULTS.lr,
  modelBatchSize: GAUSSIAN_MODEL_DEFAULTS.batchSize,
  modelFitSteps: GAUSSIAN_MODEL_DEFAULTS.fitSteps,
  heldOutFraction: GAUSSIAN_MODEL_DEFAULTS.heldOutFraction,
  rolloutLength: 8,
  rolloutSchedule: null,
  rolloutStart: 'current',
  rolloutBatch: 1,
  modelRefitEvery: null,
  updatesPerStep: 1,
  randomEpisodes: 1,
  modelCapacity: 7_000,
  realRatio: 0.7,
  fitWorkers: 1,
};

/** The dynamics model's config from the flat fields. */
export function gaussianModelConfig(config: ModelBasedConfig, matMulMode: MatMulMode = config.matMulMode): GaussianModelConfig {
  return {
    ...GAUSSIAN_MODEL_DEFAULTS,
    hidden: config.modelHidden,
    lr: config.modelLr,
    batchSize: config.modelBatchSize,
    fitSteps: config.modelFitSteps,
    heldOutFraction: config.heldOutFraction,
    matMulMode,
  };
}
