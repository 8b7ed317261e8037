// Hyper-parameters of the shared SAC core. Defaults: RSM-MASAC (Yu et al.) Table IV, plus what the public
// RSM-MASAC code does where the paper is silent (../shared/design/algorithms.md, "Shared SAC core").
import type { MatMulMode } from '../../nn/mlp.js';
import { either, finiteNumber, listOf, nonNegativeInt, nullValue, numberIn, oneOf, oneOfNumbers, positiveInt, positiveNumber, trueOrFalse } from '../config-fields.js';
import type { FieldParser, FieldParsers } from '../config-fields.js';
import { ControllerConfigError } from '../errors.js';

export interface SacConfig {
  /** Hidden layer widths of the actor μ_θ, σ_θ (algorithms.md: 256 → 256). */
  readonly actorHidden: readonly number[];
  /** Hidden layer widths of each soft Q network Q_ω1, Q_ω2 (algorithms.md: 256 → 256). */
  readonly criticHidden: readonly number[];
  /** |D|, replay buffer size (Table IV: 10^5). */
  readonly replayCapacity: number;
  /** |Φ|, mini-batch size (Table IV: 256). */
  readonly batchSize: number;
  /** η_π, actor learning rate (Table IV: 4×10⁻⁵). */
  readonly actorLr: number;
  /** η_Q, critic learning rate (Table IV: 3×10⁻⁴). */
  readonly criticLr: number;
  /** η_α, temperature learning rate (Table IV: 3×10⁻⁴). */
  readonly alphaLr: number;
  /** γ, discount factor (Table IV: 0.99). */
  readonly gamma: number;
  /** ϱ, target smoothing coefficient: ω̄ ← ϱω + (1 − ϱ)ω̄ (Table IV: 10⁻³; Alg. 1 l. 17). */
  readonly tau: number;
  /** α: 'auto' tunes it by eq. (9); a number fixes it. */
  readonly alpha: 'auto' | number;
  /** α at the start when tuned (public RSM-MASAC code: 0.01). */
  readonly initialAlpha: number;
  /** H̄, target entropy of eq. (9); null = −|A| (paper's default, Sec. III). */
  readonly targetEntropy: number | null;
  /** Environment steps per gradient step (public RSM-MASAC code: 10). Read by the controller's schedule. */
  readonly envStepsPerUpdate: number;
  /**
   * e, critic updates per policy/α/target update (Alg. 1 l. 14). Decision: Table IV lists e = 10 ("delayed
   * policy update intervals"); the public code realises it as one full gradient step per 10 environment steps
   * (envStepsPerUpdate), so inside an update the delay defaults to 1. See algorithms.md.
   */
  readonly policyDelay: number;
  /**
   * Transitions a learner collects with uniformly random actions before it acts by its policy (CleanRL/SB3's
   * warm-up). Public RSM-MASAC code: none (0). Updates also wait for at least one batch.
   */
  readonly learningStarts: number;
  /**
   * Updates start once a learner's replay holds MORE than this many transitions (public RSM-MASAC code:
   * `size() > 2 * batch_size`, 512). 0 = as soon as a batch can be drawn.
   */
  readonly updateAfter: number;
  /**
   * Max L2 norm of each loss's gradient (actor, and each critic on its own), in the public code's loss units
   * (PyTorch clip_grad_norm_ at 0.5; its critic loss is the plain MSE, twice cavlab's ½-MSE gradient). null = no clipping.
   */
  readonly gradClipNorm: number | null;
  /**
   * How a learner's gradient steps are scheduled. 'code' (public RSM-MASAC train.py): `envStepsPerUpdate` and
   * `policyDelay` as set — by default one full update (critics, actor, α, targets) per 10 env steps. 'algorithm-1':
   * the paper's Alg. 1 as printed — critics every env step, actor/α/targets every e = 10 of them (overrides
   * envStepsPerUpdate = 1 and policyDelay = 10, see effectiveSchedule).
   */
  readonly schedule: 'code' | 'algorithm-1';
  /**
   * All learners of a pool start from ONE set of weights (actor and critics), as the public code copies one
   * network into every agent. false = each learner its own random initialisation.
   */
  readonly sharedInit: boolean;
  /** Adam ε (PyTorch's default, which the papers' code uses; tfjs's own default is 1e-7). */
  readonly adamEpsilon: number;
  /** How layers are differentiated; 'auto' picks the fastest for the kernels in use (src/nn/mlp.ts). */
  readonly matMulMode: MatMulMode;
  /**
   * How gradients are computed: 'auto' = without the tfjs engine (Float32Array passes and OpenBLAS products,
   * src/agents/sac/direct-update.ts) when the OpenBLAS addon serves wasm, else tfjs autodiff; 'tfjs' = always
   * tfjs autodiff (the reference the direct path is tested against).
   */
  readonly updatePath: 'auto' | 'tfjs';
  /**
   * Clipped double Q (min over the twin critics, eqs. 6–8); false uses Q_ω1 alone — the single-Q variant of
   * RSM-MASAC Fig. 11 (the second critic is still trained, unused).
   */
  readonly twinCritics: boolean;
  /**
   * Worker threads the learners' cores and replays live in (slot k → worker k mod W); 1 = the calling thread.
   * Not in the papers: a placement, read by AgentPool (its learner set: src/agents/local-learners.ts or
   * learner-workers.ts), never by the core; results are identical either way for a fixed seed. isac, avg-masac,
   * firl, rsm-masac and policy-reciprocity accept 2; mbpo and ma-pmbrl too, with only the SAC steps in workers
   * (models/sac-steps.ts); the controllers that read their learners' cores in this thread need 1.
   */
  readonly learnerWorkers: 1 | 2;
}

export const SAC_DEFAULTS: SacConfig = {
  actorHidden: [256, 256],
  criticHidden: [256, 256],
  replayCapacity: 100_000,
  batchSize: 256,
  actorLr: 4e-5,
  criticLr: 3e-4,
  alphaLr: 3e-4,
  gamma: 0.99,
  tau: 1e-3,
  alpha: 'auto',
  initialAlpha: 0.01,
  targetEntropy: null,
  envStepsPerUpdate: 10,
  policyDelay: 1,
  learningStarts: 256,
  updateAfter: 0,
  gradClipNorm: null,
  schedule: 'code',
  sharedInit: false,
  adamEpsilon: 1e-8,
  matMulMode: 'auto',
  updatePath: 'auto',
  twinCritics: true,
  learnerWorkers: 1,
};

export const SAC_SCHEDULES = ['code', 'algorithm-1'] as const;

/** Alg. 1's e (Table IV: delayed policy update interval 10) under schedule 'algorithm-1'. */
export const ALGORITHM_1_POLICY_DELAY = 10;

/** The env steps per gradient step and the critic steps per policy step a schedule stands for. */
export function effectiveSchedule(config: Pick<SacConfig, 'schedule' | 'envStepsPerUpdate' | 'policyDelay'>): { readonly envStepsPerUpdate: number; readonly policyDelay: number } {
  switch (config.schedule) {
    case 'code':
      return { envStepsPerUpdate: config.envStepsPerUpdate, policyDelay: config.policyDelay };
    case 'algorithm-1':
      return { envStepsPerUpdate: 1, policyDelay: ALGORITHM_1_POLICY_DELAY };
  }
}

/**
 * What the public RSM-MASAC code (train.py) does beyond Table IV, for the controllers of that paper (ISAC, Avg-MASAC,
 * RSM-MASAC): no random warm-up, updates once the replay holds more than 2 × batch, gradient-norm clipping 0.5 on the
 * actor and each critic, all agents from one initial weight set. SAC_DEFAULTS keeps the neutral values (other papers'
 * controllers build on it too).
 */
export const RSM_MASAC_CODE_SAC: Pick<SacConfig, 'learningStarts' | 'updateAfter' | 'gradClipNorm' | 'sharedInit'> = {
  learningStarts: 0,
  updateAfter: 512,
  gradClipNorm: 0.5,
  sharedInit: true,
};

const auto: FieldParser<'auto'> = oneOf(['auto'] as const);

/**
 * The one rule of each SAC field: experiment configs are parsed with it (src/agents/config/sac-fields.ts) and
 * resolveSacConfig checks programmatic configs with it.
 */
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

/** Configs resolveSacConfig made (or a parser checked with SAC_FIELDS): not checked again by the pool and each core. */
const RESOLVED = new WeakSet<object>();

/** Marks a config whose SAC fields SAC_FIELDS has checked (config parsers), so it is resolved once. */
export function markResolved<C extends SacConfig>(config: C): C {
  RESOLVED.add(config);
  return config;
}

/**
 * Fills unset fields from the defaults and checks every field by SAC_FIELDS; a bad one throws a RangeError that names
 * it. A config this function (or a config parser) already resolved is returned as it is.
 */
export function resolveSacConfig(partial: Partial<SacConfig> = {}): SacConfig {
  if (RESOLVED.has(partial)) return partial as SacConfig;
  const config: SacConfig = { ...SAC_DEFAULTS, ...partial };
  for (const key of Object.keys(SAC_FIELDS) as (keyof SacConfig)[]) {
    try {
      checkField(SAC_FIELDS, key, config[key]);
    } catch (error) {
      if (error instanceof ControllerConfigError) throw new RangeError(error.message, { cause: error });
      throw error;
    }
  }
  return markResolved(config);
}

function checkField<K extends keyof SacConfig>(fields: FieldParsers<SacConfig>, key: K, value: SacConfig[K]): void {
  fields[key](value, `SAC ${key}`);
}
