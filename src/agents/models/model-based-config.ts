// Hyper-parameters shared by the model-based controllers (MA-PMBRL, MBPO): the SAC core's, the dynamics model's
// and the rollout schedule's, flat so an experiment names each one directly. Defaults: MA-PMBRL Table 2.
import { SAC_DEFAULTS } from '../sac/config.js';
import type { SacConfig } from '../sac/config.js';
import type { MatMulMode } from '../../nn/mlp.js';
import { GAUSSIAN_MODEL_DEFAULTS } from './model-config.js';
import type { GaussianModelConfig } from './model-config.js';

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
  /** L_rollout (Table 2: 8; Fig. 7 sweeps 3–18). */
  readonly rolloutLength: number;
  /**
   * Real start states of the rollouts made before each SAC update. Decision: Alg. 1 rolls out L steps from one
   * state at every env step; with one update per 10 env steps that is 10 start states per update (drawn from
   * D_E), i.e. 80 model transitions, turning the 7,000 buffer over ~1.7× per 1,500-step episode.
   */
  readonly rolloutBatch: number;
  /** |D_T̃ϕ|, model buffer size (Table 2: 7,000). */
  readonly modelCapacity: number;
  /** Share of real transitions in SAC's mini-batch (Table 2 "real-to-model data ratio": 0.7). */
  readonly realRatio: number;
}

/**
 * Table 2: real buffer 20,000, mini-batch 512, lr actor 1e-4, critic 1e-3, temperature 1e-3 (read as the
 * learning rate of the tuned α: it is listed under "Learning Rates"), γ = 0.98, soft update 0.01.
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
  learningStarts: 512,
  modelHidden: GAUSSIAN_MODEL_DEFAULTS.hidden,
  modelLr: GAUSSIAN_MODEL_DEFAULTS.lr,
  modelBatchSize: GAUSSIAN_MODEL_DEFAULTS.batchSize,
  modelFitSteps: GAUSSIAN_MODEL_DEFAULTS.fitSteps,
  heldOutFraction: GAUSSIAN_MODEL_DEFAULTS.heldOutFraction,
  rolloutLength: 8,
  rolloutBatch: 10,
  modelCapacity: 7_000,
  realRatio: 0.7,
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
