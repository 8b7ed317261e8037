// PPO's losses (Schulman et al. 2017) on tensors, each a pure function of its inputs:
//   L^CLIP(θ) = −mean_t min(r_t Â_t, clip(r_t, 1 − ε, 1 + ε) Â_t),  r_t = π_θ(a_t|s_t) / π_θold(a_t|s_t)   (eq. 7)
//   H(θ)      = mean_t H(π_θ(·|s_t))   (the entropy bonus S of eq. 9, subtracted with weight c₂)
//   L^V(φ)    = c₁ · mean_t (V_φ(s_t) − R̂_t)²   (eq. 9's squared-error value loss)
// The actor and the value network are separate networks with their own optimisers, so eq. 9's sum is taken apart:
// the actor minimises L^CLIP − c₂ H, the value network L^V.
import * as tf from '@tensorflow/tfjs';

const HALF_LOG_2PI_E = 0.5 * Math.log(2 * Math.PI * Math.E);

/** −mean min(r Â, clip(r, 1 − ε, 1 + ε) Â) from log π_θ, log π_θold and Â [n]. */
export function clippedSurrogateLoss(logProb: tf.Tensor1D, oldLogProb: tf.Tensor1D, advantages: tf.Tensor1D, clipRange: number): tf.Scalar {
  const ratio = tf.exp(tf.sub(logProb, oldLogProb));
  const unclipped = tf.mul(ratio, advantages);
  const clipped = tf.mul(tf.clipByValue(ratio, 1 - clipRange, 1 + clipRange), advantages);
  return tf.neg(tf.mean<tf.Scalar>(tf.minimum(unclipped, clipped)));
}

/**
 * Mean entropy of the policy's pre-tanh Gaussians N(μ, σ²) [n, |A|]: Σ_d log σ_d + |A|·½ log(2πe).
 * Decision: the tanh-squashed density has no closed-form entropy; the Gaussian's is what the public RSM-MASAC code
 * uses for its entropies (Normal.entropy()) and what PPO implementations with Gaussian policies add as the bonus.
 */
export function gaussianEntropy(std: tf.Tensor2D): tf.Scalar {
  const actionDim = std.shape[1];
  return tf.add(tf.mean<tf.Scalar>(tf.sum(tf.log(std), 1)), actionDim * HALF_LOG_2PI_E);
}

/** c₁ · mean (V − R̂)². */
export function valueLoss(values: tf.Tensor1D, returns: tf.Tensor1D, valueCoef: number): tf.Scalar {
  return tf.mul(tf.mean<tf.Scalar>(tf.squaredDifference(values, returns)), valueCoef);
}

/** Â − mean(Â) over std(Â) + 1e-8 (sample std, as torch's .std()); unchanged for fewer than 2 rows. */
export function normalizeAdvantages(advantages: Float32Array): Float32Array {
  const n = advantages.length;
  if (n < 2) return Float32Array.from(advantages);
  let sum = 0;
  for (const a of advantages) sum += a;
  const mean = sum / n;
  let squares = 0;
  for (const a of advantages) squares += (a - mean) ** 2;
  const std = Math.sqrt(squares / (n - 1));
  return Float32Array.from(advantages, (a) => (a - mean) / (std + 1e-8));
}
