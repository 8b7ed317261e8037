// Hyper-parameters of a probabilistic dynamics model T_ϕ(s', r | s, a) (MA-PMBRL Sec. 4.1, Table 2).
import type { MatMulMode } from '../../nn/mlp.js';

export interface GaussianModelConfig {
  /** Hidden widths of the Gaussian MLP (Table 2: 3 hidden layers × 256 units). */
  readonly hidden: readonly number[];
  /** Adam learning rate of the maximum-likelihood fit. Decision: Table 2 gives none for the model; 1e-3 (MBPO's). */
  readonly lr: number;
  /** Transitions per gradient step of the fit (Table 2 "training batch size": 1,000). */
  readonly batchSize: number;
  /** Gradient steps per fit. Decision: the paper trains "on D_E" each episode without a count; a fixed budget, warm-started. */
  readonly fitSteps: number;
  /** Share of the real data held out to report the model's loss (and, for MBPO, pick elites). Decision: 0.1. */
  readonly heldOutFraction: number;
  /** Bounds of the predicted log-variance in standardised units (soft clamps as PETS/MBPO). Decision: [−10, 0.5]. */
  readonly minLogVar: number;
  readonly maxLogVar: number;
  readonly matMulMode: MatMulMode;
}

export const GAUSSIAN_MODEL_DEFAULTS: GaussianModelConfig = {
  hidden: [256, 256, 256],
  lr: 1e-3,
  batchSize: 1000,
  fitSteps: 200,
  heldOutFraction: 0.1,
  minLogVar: -10,
  maxLogVar: 0.5,
  matMulMode: 'fused',
};
