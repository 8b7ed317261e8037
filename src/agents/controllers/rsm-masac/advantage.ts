// The soft policy advantage of a referential policy π̃ over the agent's own π (RSM-MASAC eq. 19, Lemma 7), on M of
// the agent's own samples (s_t, a_t) ~ D^(i):
//   Â = mean_t [ (π̃(a_t|s_t) − π(a_t|s_t)) / π_t(a_t|s_t) · min_x Q_ωx(s_t, a_t) + α (H(π̃(·|s_t)) − H(π(·|s_t))) ].
// Densities are evaluated in the squashed (bounded) action space; their ratio is the same before the squash.
// Defaults follow the public RSM-MASAC code (train.py get_policy_adv): weight (π̃ − π)/(π_b + 1e-5) with π_b the
// behaviour density stored at collection, log π̃ and log π clamped to [−20, 0], Gaussian entropies, ε = max term.
// Remaining difference (experiments/rsm-masac/README.md): the code evaluates Normal(μ, σ) at the bounded action
// itself; cavlab evaluates the squashed policy's density of that action (the density the action was drawn from).
import * as tf from '@tensorflow/tfjs';
import type { Mlp } from '../../../nn/mlp.js';
import type { SacCore } from '../../sac/sac.js';
import { logProbOfTaken, preTanhActions } from './policy-density.js';

/** The samples an estimate uses: row-major observations [M·obsDim] and the actions taken [M·|A|]. */
export interface OwnSamples {
  readonly size: number;
  readonly obs: Float32Array;
  readonly actions: Float32Array;
  /** log π_b(a|s) stored at collection [M] (NaN where unknown); needed for importanceWeights 'behaviour'. */
  readonly behaviourLogProb?: Float32Array;
}

/** How eq. (19) is evaluated: the public code's choices or the earlier cavlab decisions (RegulatedMixtureConfig). */
export interface AdvantageOptions {
  /** 'behaviour': (π̃ − π)/π_b with π_b stored at collection (code); 'current': π̃/π − 1 (π_t taken as π). */
  readonly importanceWeights: 'behaviour' | 'current';
  /** Clamp log π̃(a|s) and log π(a|s) to [−20, 0] before exponentiating (code: torch.clamp(log_prob, −20, 0)). */
  readonly clampLogProbs: boolean;
  /** 'gaussian': closed-form entropy of the pre-tanh Gaussian (code: Normal.entropy()); 'monte-carlo': of the squashed policy. */
  readonly entropyEstimate: 'gaussian' | 'monte-carlo';
  /** ε of Theorem 1: 'max' = the largest per-sample term (code: torch.max(policy_adv)); 'max-abs' its magnitude. */
  readonly epsilonEstimate: 'max' | 'max-abs';
}

/** The public code's clamp of log-densities (train.py get_policy_adv). */
export const LOG_PROB_CLAMP = { low: -20, high: 0 } as const;
/** Added to π_b in the weight's denominator (train.py: off_actions_prob + 1e-5). */
export const BEHAVIOUR_FLOOR = 1e-5;
const HALF_LOG_2PI_E = 0.5 * Math.log(2 * Math.PI * Math.E);

export const CODE_ADVANTAGE: AdvantageOptions = { importanceWeights: 'behaviour', clampLogProbs: true, entropyEstimate: 'gaussian', epsilonEstimate: 'max' };

function clampLog(v: number, on: boolean): number {
  return on ? Math.min(LOG_PROB_CLAMP.high, Math.max(LOG_PROB_CLAMP.low, v)) : v;
}

/** One sample's importance weight of eq. (19) from the log-densities of π̃, π and (if used) π_b. */
export function importanceWeight(logRef: number, logOwn: number, logBehaviour: number, options: Pick<AdvantageOptions, 'importanceWeights' | 'clampLogProbs'>): number {
  const ref = clampLog(logRef, options.clampLogProbs);
  const own = clampLog(logOwn, options.clampLogProbs);
  // 'current': the ratio in float64 from the log-densities (exp of a float32 difference overflows sooner).
  if (options.importanceWeights === 'current') return Math.exp(ref - own) - 1;
  if (Number.isNaN(logBehaviour)) throw new RangeError('advantage: a sample has no behaviour log-prob (stored before the column existed?); use importanceWeights \'current\'');
  return (Math.exp(ref) - Math.exp(own)) / (Math.exp(logBehaviour) + BEHAVIOUR_FLOOR);
}

export interface AdvantageEstimate {
  /** Â = 𝔸⁺_π(π̃), eq. (19). */
  readonly advantage: number;
  /** ε of Theorem 1 estimated as the largest per-sample |term| (the max over states of the advantage). */
  readonly epsilon: number;
}

/**
 * Eq. (19) for π̃ = `referential` (a network of the actor's shape holding θ̃) against the core's actor θ, with the
 * core's critics and temperature α. `options` (default: the public code's) choose the importance weight, the clamp,
 * the entropy estimate and ε. With 'current' weights π_t is taken as π (weight π̃/π − 1); with 'monte-carlo'
 * entropies H ≈ −mean_k log π(a_k|s) over `entropyNoise` [K·M·|A|] standard normals, the same draws for both
 * policies (common random numbers: identical policies give exactly 0).
 */
export function softPolicyAdvantage(core: SacCore, referential: Mlp, samples: OwnSamples, entropyNoise: Float32Array, options: AdvantageOptions = CODE_ADVANTAGE): AdvantageEstimate {
  const m = samples.size;
  const { obsDim, actionDim, policy } = core;
  const draws = entropyNoise.length / (m * actionDim);
  const monteCarlo = options.entropyEstimate === 'monte-carlo';
  if (m < 1 || (monteCarlo && (!Number.isInteger(draws) || draws < 1))) throw new RangeError(`advantage: ${entropyNoise.length} noise values do not fit ${m} samples × ${actionDim} action dims`);
  const u = preTanhActions(policy, samples.actions);
  const [logOwn, logRef, q, entropyGap] = tf.tidy(() => {
    const obs = tf.tensor2d(samples.obs, [m, obsDim]);
    const taken = tf.tensor2d(u, [m, actionDim]);
    const headOwn = core.actor.apply(obs);
    const headRef = referential.apply(obs);
    const criticIn = tf.concat([obs, tf.tensor2d(samples.actions, [m, actionDim])], 1);
    const qMin = tf.minimum(core.critic1.apply(criticIn), core.critic2.apply(criticIn)).reshape([m]);
    if (!monteCarlo) {
      // H(N(μ, σ)) = Σ_d log σ_d + ½ log(2πe): the gap of the pre-tanh Gaussians is Σ_d (log σ̃_d − log σ_d).
      const logStdGap = tf.sum(tf.sub(tf.log(policy.distribution(headRef).std), tf.log(policy.distribution(headOwn).std)), 1) as tf.Tensor1D;
      return [logProbOfTaken(policy, headOwn, taken), logProbOfTaken(policy, headRef, taken), qMin, logStdGap];
    }
    // H(π̃) − H(π) ≈ mean_k [log π(a_k) − log π̃(ã_k)], a_k and ã_k from the same δ_k.
    let gap: tf.Tensor1D = tf.zeros([m]);
    for (let k = 0; k < draws; k++) {
      const noise = tf.tensor2d(entropyNoise.subarray(k * m * actionDim, (k + 1) * m * actionDim), [m, actionDim]);
      gap = tf.add(gap, tf.sub(policy.sample(headOwn, noise).logProb, policy.sample(headRef, noise).logProb));
    }
    return [logProbOfTaken(policy, headOwn, taken), logProbOfTaken(policy, headRef, taken), qMin, tf.div(gap, draws)];
  });
  let own: Float32Array;
  let ref: Float32Array;
  let qs: Float32Array;
  let gaps: Float32Array;
  try {
    own = logOwn.dataSync() as Float32Array;
    ref = logRef.dataSync() as Float32Array;
    qs = q.dataSync() as Float32Array;
    gaps = entropyGap.dataSync() as Float32Array;
  } finally {
    for (const t of [logOwn, logRef, q, entropyGap]) t.dispose();
  }
  const alpha = core.alpha;
  let sum = 0;
  let epsilon = options.epsilonEstimate === 'max' ? Number.NEGATIVE_INFINITY : 0;
  for (let t = 0; t < m; t++) {
    const weight = importanceWeight(ref[t] as number, own[t] as number, samples.behaviourLogProb?.[t] ?? Number.NaN, options);
    const term = weight * (qs[t] as number) + alpha * (gaps[t] as number);
    sum += term;
    epsilon = Math.max(epsilon, options.epsilonEstimate === 'max' ? term : Math.abs(term));
  }
  return { advantage: sum / m, epsilon };
}
