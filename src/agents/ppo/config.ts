// PPO's hyper-parameters (Schulman et al. 2017, "Proximal Policy Optimization Algorithms") for the PPO family of the
// RSM-MASAC paper (IPPO, Avg-MAPPO, RSM-MAPPO). Sec. VI-C: RSM-MAPPO uses "the same policy DNN structure, learning
// rate and gradient clipping condition" as RSM-MASAC, so those come from Table IV and the public RSM-MASAC code; the
// rest are PPO's published defaults. Every field names its source; README.md in this folder lists them all.
import type { MatMulMode } from '../../nn/mlp.js';
import { either, listOf, nullValue, numberIn, oneOf, oneOfNumbers, positiveInt, positiveNumber, trueOrFalse } from '../config-fields.js';
import type { FieldParsers } from '../config-fields.js';

export interface PpoConfig {
  /** Hidden widths of the policy network μ_θ, σ_θ (Sec. VI-A: 256 → 256, the 68,098-parameter actor of SAC). */
  readonly actorHidden: readonly number[];
  /** Hidden widths of the value network V_φ. Decision: the critics' 256 → 256 (Sec. VI-A; paper silent on PPO's V). */
  readonly valueHidden: readonly number[];
  /** η_π, policy learning rate (Table IV: 4×10⁻⁵; Sec. VI-C: same learning rate as RSM-MASAC). */
  readonly actorLr: number;
  /** η_V, value learning rate. Decision: Table IV's critic rate η_Q = 3×10⁻⁴ (paper silent on PPO's V). */
  readonly valueLr: number;
  /** γ, discount factor (Table IV: 0.99). */
  readonly gamma: number;
  /** λ of GAE (Schulman et al. 2016; PPO paper Table 3, MuJoCo: 0.95). */
  readonly gaeLambda: number;
  /** ε of the clipped surrogate L^CLIP (PPO paper eq. 7, Table 3: 0.2). */
  readonly clipRange: number;
  /** K, optimisation epochs over each rollout (PPO paper Table 3, MuJoCo: 10). */
  readonly epochs: number;
  /** Minibatch size (PPO paper Table 3, MuJoCo: 64). */
  readonly minibatchSize: number;
  /**
   * T, env steps a learner collects per rollout before one PPO update. Decision: 250, the rollout loop of the
   * authors' baseline.py (`num_steps = 250` inside each episode); PPO's MuJoCo 2048 is longer than an episode here.
   */
  readonly rolloutLength: number;
  /** c₂, entropy bonus coefficient (MAPPO, Yu et al. 2022 — the paper's ref. [10] — Table: 0.01; PPO paper eq. 9). */
  readonly entropyCoef: number;
  /** c₁, value-loss coefficient: L^V = c₁ · mean (V_φ(s) − R̂)² (PPO paper eq. 9; SB3/CleanRL vf_coef 0.5). */
  readonly valueCoef: number;
  /**
   * Max L2 norm of each network's gradient (Sec. VI-C: same gradient clipping as RSM-MASAC; public code 0.5 on every
   * network; also PPO implementations' max_grad_norm 0.5). null = no clipping.
   */
  readonly maxGradNorm: number | null;
  /** Normalise advantages per minibatch to mean 0, std 1 (OpenAI baselines, SB3, CleanRL default: true). */
  readonly normalizeAdvantages: boolean;
  /** ε of Adam (OpenAI baselines / CleanRL PPO: 1e-5). */
  readonly adamEpsilon: number;
  /**
   * Every learner starts from the same initial weights (slot 0's). Decision: as the public RSM-MASAC code starts its
   * SAC learners (RSM_MASAC_CODE_SAC.sharedInit); the paper is silent on PPO's initialisation.
   */
  readonly sharedInit: boolean;
  /** How the MLPs compute (src/nn/mlp.ts). */
  readonly matMulMode: MatMulMode;
  /**
   * Worker threads the learners' PPO updates run in (cavlab's placement, not a paper's): 2 sends each due learner's
   * state and rollout to worker k mod 2 and takes its new state back (ppo-updates.ts); the numbers are the same as
   * with 1, the default (sweeps run one run per core).
   */
  readonly learnerWorkers: 1 | 2;
}

export const PPO_DEFAULTS: PpoConfig = {
  actorHidden: [256, 256],
  valueHidden: [256, 256],
  actorLr: 4e-5,
  valueLr: 3e-4,
  gamma: 0.99,
  gaeLambda: 0.95,
  clipRange: 0.2,
  epochs: 10,
  minibatchSize: 64,
  rolloutLength: 250,
  entropyCoef: 0.01,
  valueCoef: 0.5,
  maxGradNorm: 0.5,
  normalizeAdvantages: true,
  adamEpsilon: 1e-5,
  sharedInit: true,
  matMulMode: 'auto',
  learnerWorkers: 1,
};

const nonNegative = numberIn(0, Number.MAX_VALUE);

/** Each field's one rule for experiment JSON and CLI flags (config-fields.ts). */
export const PPO_FIELDS: FieldParsers<PpoConfig> = {
  actorHidden: listOf(positiveInt, true),
  valueHidden: listOf(positiveInt, true),
  actorLr: positiveNumber,
  valueLr: positiveNumber,
  gamma: numberIn(0, 1),
  gaeLambda: numberIn(0, 1),
  clipRange: positiveNumber,
  epochs: positiveInt,
  minibatchSize: positiveInt,
  rolloutLength: positiveInt,
  entropyCoef: nonNegative,
  valueCoef: nonNegative,
  maxGradNorm: either(positiveNumber, nullValue, 'a positive number or null (no clipping)'),
  normalizeAdvantages: trueOrFalse,
  adamEpsilon: positiveNumber,
  sharedInit: trueOrFalse,
  matMulMode: oneOf(['auto', 'autodiff', 'custom-matmul', 'fused'] as const),
  learnerWorkers: oneOfNumbers([1, 2] as const),
};

/** Fills unset fields from the defaults and checks every field; a bad one throws a RangeError that names it. */
export function resolvePpoConfig(partial: Partial<PpoConfig> = {}): PpoConfig {
  const config: PpoConfig = { ...PPO_DEFAULTS, ...partial };
  for (const key of ['epochs', 'minibatchSize', 'rolloutLength'] as const) {
    if (!Number.isInteger(config[key]) || config[key] < 1) throw new RangeError(`PPO ${key} must be a positive integer, got ${config[key]}`);
  }
  for (const key of ['actorLr', 'valueLr', 'clipRange', 'adamEpsilon'] as const) {
    if (!(config[key] > 0) || !Number.isFinite(config[key])) throw new RangeError(`PPO ${key} must be a positive number, got ${config[key]}`);
  }
  for (const key of ['gamma', 'gaeLambda'] as const) {
    if (!(config[key] >= 0 && config[key] <= 1)) throw new RangeError(`PPO ${key} must be in [0, 1], got ${config[key]}`);
  }
  for (const key of ['entropyCoef', 'valueCoef'] as const) {
    if (!(config[key] >= 0) || !Number.isFinite(config[key])) throw new RangeError(`PPO ${key} must be a non-negative number, got ${config[key]}`);
  }
  if (config.maxGradNorm !== null && !(config.maxGradNorm > 0 && Number.isFinite(config.maxGradNorm))) {
    throw new RangeError(`PPO maxGradNorm must be a positive number or null, got ${String(config.maxGradNorm)}`);
  }
  for (const key of ['actorHidden', 'valueHidden'] as const) {
    if (config[key].some((w) => !Number.isInteger(w) || w < 1)) throw new RangeError(`PPO ${key} must be positive integers, got [${config[key].join(', ')}]`);
  }
  return config;
}
