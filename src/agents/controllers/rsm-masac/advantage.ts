// The soft policy advantage of a referential policy π̃ over the agent's own π (RSM-MASAC eq. 19, Lemma 7), on M of
// the agent's own samples (s_t, a_t) ~ D^(i):
//   Â = mean_t [ (π̃(a_t|s_t) − π(a_t|s_t)) / π_t(a_t|s_t) · min_x Q_ωx(s_t, a_t) + α (H(π̃(·|s_t)) − H(π(·|s_t))) ].
// Densities are evaluated in the squashed (bounded) action space; their ratio is the same before the squash.
import * as tf from '@tensorflow/tfjs';
import type { Mlp } from '../../../nn/mlp.js';
import type { SacCore } from '../../sac/sac.js';
import { logProbOfTaken, preTanhActions } from './policy-density.js';

/** The samples an estimate uses: row-major observations [M·obsDim] and the actions taken [M·|A|]. */
export interface OwnSamples {
  readonly size: number;
  readonly obs: Float32Array;
  readonly actions: Float32Array;
}

export interface AdvantageEstimate {
  /** Â = 𝔸⁺_π(π̃), eq. (19). */
  readonly advantage: number;
  /** ε of Theorem 1 estimated as the largest per-sample |term| (the max over states of the advantage). */
  readonly epsilon: number;
}

/**
 * Eq. (19) for π̃ = `referential` (a network of the actor's shape holding θ̃) against the core's actor θ, with the
 * core's critics and temperature α. Decision (algorithms.md leaves π_t open): the replay stores no behaviour density,
 * so π_t is taken as the current π, which the M most recent samples were (nearly) drawn from; the weight becomes
 * π̃/π − 1. The entropies are Monte Carlo estimates H ≈ −mean_k log π(a_k|s) over `entropyNoise` [K·M·|A|] standard
 * normals, the same draws for both policies (common random numbers: identical policies give exactly 0).
 */
export function softPolicyAdvantage(core: SacCore, referential: Mlp, samples: OwnSamples, entropyNoise: Float32Array): AdvantageEstimate {
  const m = samples.size;
  const { obsDim, actionDim, policy } = core;
  const draws = entropyNoise.length / (m * actionDim);
  if (m < 1 || !Number.isInteger(draws) || draws < 1) throw new RangeError(`advantage: ${entropyNoise.length} noise values do not fit ${m} samples × ${actionDim} action dims`);
  const u = preTanhActions(policy, samples.actions);
  const [logOwn, logRef, q, entropyGap] = tf.tidy(() => {
    const obs = tf.tensor2d(samples.obs, [m, obsDim]);
    const taken = tf.tensor2d(u, [m, actionDim]);
    const headOwn = core.actor.apply(obs);
    const headRef = referential.apply(obs);
    const criticIn = tf.concat([obs, tf.tensor2d(samples.actions, [m, actionDim])], 1);
    const qMin = tf.minimum(core.critic1.apply(criticIn), core.critic2.apply(criticIn)).reshape([m]);
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
  let epsilon = 0;
  for (let t = 0; t < m; t++) {
    // The ratio in float64 from the log-densities: exp of a float32 difference overflows sooner.
    const weight = Math.exp((ref[t] as number) - (own[t] as number)) - 1;
    const term = weight * (qs[t] as number) + alpha * (gaps[t] as number);
    sum += term;
    epsilon = Math.max(epsilon, Math.abs(term));
  }
  return { advantage: sum / m, epsilon };
}
