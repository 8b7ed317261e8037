// The constraint set of eq. (5): models whose average KL divergence from the MLE model on real (s, a) is at most
// ξ, M_D = {T_ϕ : E_(s,a)~D_E[KL(T_ϕ ‖ T_MLE)] ≤ ξ}, and the projection onto it used by PGD (eq. 6).
import * as tf from '@tensorflow/tfjs';
import type { GaussianDynamicsModel, GaussianHead } from '../../models/gaussian-model.js';

/**
 * E_rows Σ_d KL(N(μ, σ²) ‖ N(μ̃, σ̃²)) for diagonal Gaussians (the closed form after eq. 5):
 * (σ² + (μ − μ̃)²) / (2σ̃²) + log(σ̃/σ) − ½ per dimension, summed over dimensions, averaged over rows.
 * Decision (algorithms.md): averaged over a batch of real states. Both heads may be in standardised units: the KL
 * does not change under the same affine map of both distributions.
 */
export function meanGaussianKl(p: GaussianHead, q: GaussianHead): tf.Scalar {
  return tf.tidy(() => {
    const ratio = tf.div(tf.add(tf.exp(p.logVar), tf.squaredDifference(p.mean, q.mean)), tf.mul(tf.exp(q.logVar), 2));
    const perDim = tf.sub(tf.add(ratio, tf.mul(tf.sub(q.logVar, p.logVar), 0.5)), 0.5);
    return tf.mean<tf.Scalar>(tf.sum(perDim, 1));
  });
}

/** ϕ(β) = ϕ_MLE + β(ϕ' − ϕ_MLE). */
export function interpolate(mle: Float32Array, candidate: Float32Array, beta: number): Float32Array {
  const out = new Float32Array(mle.length);
  for (let i = 0; i < mle.length; i++) out[i] = (mle[i] ?? 0) + beta * ((candidate[i] ?? 0) - (mle[i] ?? 0));
  return out;
}

/** A point of the constraint set and its KL from the MLE model. */
export interface Projected {
  readonly params: Float32Array;
  readonly kl: number;
  /** β of the accepted interpolation (1 = the candidate was inside already). */
  readonly beta: number;
}

/**
 * Proj_M(ϕ') of eq. (6). The paper defines it as the ℓ2-nearest feasible ϕ, which has no closed form for a
 * network. Decision (algorithms.md): bisection on β ∈ [0, 1] along the segment from ϕ_MLE (KL = 0, always feasible)
 * to ϕ', keeping the feasible end, so the result is inside the ball whether or not the KL grows monotonically in β.
 * `klAt(params)` sets the model to `params` and returns its mean KL from the MLE model.
 */
export function projectOntoBall(mle: Float32Array, candidate: Float32Array, radius: number, bisectionSteps: number, klAt: (params: Float32Array) => number): Projected {
  const full = klAt(candidate);
  if (full <= radius) return { params: candidate, kl: full, beta: 1 };
  let low = 0;
  let lowKl = 0;
  let high = 1;
  for (let k = 0; k < bisectionSteps; k++) {
    const mid = (low + high) / 2;
    const kl = klAt(interpolate(mle, candidate, mid));
    if (kl <= radius) {
      low = mid;
      lowKl = kl;
    } else {
      high = mid;
    }
  }
  return { params: low === 0 ? mle.slice() : interpolate(mle, candidate, low), kl: lowKl, beta: low };
}

/** A function measuring the KL of whatever ϕ is set into `model` from fixed MLE predictions on `inputs` (standardised). */
export function klMeter(model: GaussianDynamicsModel, inputs: tf.Tensor2D, mle: GaussianHead): (params: Float32Array) => number {
  return (params) => {
    model.setParams(params);
    return tf.tidy(() => meanGaussianKl(model.head(inputs), mle).dataSync()[0] ?? Number.NaN);
  };
}
