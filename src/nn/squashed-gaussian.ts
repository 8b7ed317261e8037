// Tanh-squashed diagonal Gaussian policy head (SAC, Haarnoja et al. 2018, App. C; RSM-MASAC eq. 8):
// u = μ + σ ⊙ δ, δ ~ N(0, I); a = scale ⊙ tanh(u) + offset maps u into the action bounds.
// The network's head has 2·|A| outputs: |A| means, then |A| values x with σ = softplus(x) + 1e-5
// (the public RSM-MASAC code's parameterisation, algorithms.md; it needs no log-std clamp).
import * as tf from '@tensorflow/tfjs';
import { ShapeMismatchError } from './errors.js';

import { STD_FLOOR } from './policy-head.js';
import type { ActionBounds } from './policy-head.js';
import { HALF_LOG_2PI } from './scalar-math.js';

export { STD_FLOOR } from './policy-head.js';
export type { ActionBounds } from './policy-head.js';

export interface SquashedSample {
  /** Actions inside the bounds, [n, |A|]. */
  readonly action: tf.Tensor2D;
  /** log π(a|s) of those actions, [n] (density with respect to the bounded action, tanh and scale corrected). */
  readonly logProb: tf.Tensor1D;
}

export class SquashedGaussian {
  readonly actionDim: number;
  readonly bounds: ActionBounds;
  private readonly scale: tf.Tensor1D;
  private readonly offset: tf.Tensor1D;
  /** Σ log scale_i: the Jacobian of the affine map, a constant. */
  private readonly logScaleSum: number;

  constructor(bounds: ActionBounds) {
    const { low, high } = bounds;
    if (low.length !== high.length || low.length === 0) throw new ShapeMismatchError('action bounds high', low.length, high.length);
    low.forEach((l, i) => {
      const h = high[i] ?? Number.NaN;
      if (!(h > l)) throw new RangeError(`action bounds: high[${i}] = ${h} must exceed low[${i}] = ${l}`);
    });
    this.actionDim = low.length;
    this.bounds = { low: [...low], high: [...high] };
    const scale = low.map((l, i) => ((high[i] ?? l) - l) / 2);
    this.scale = tf.keep(tf.tensor1d(scale));
    this.offset = tf.keep(tf.tensor1d(low.map((l, i) => ((high[i] ?? l) + l) / 2)));
    this.logScaleSum = scale.reduce((s, x) => s + Math.log(x), 0);
  }

  /** Number of network outputs this head reads: mean and std parameter per action dimension. */
  get headSize(): number {
    return 2 * this.actionDim;
  }

  /** Splits a head [n, 2|A|] into mean μ and σ = softplus(x) + 1e-5. */
  distribution(head: tf.Tensor2D): { mean: tf.Tensor2D; std: tf.Tensor2D } {
    if (head.shape[1] !== this.headSize) throw new ShapeMismatchError('policy head width', this.headSize, head.shape[1]);
    const [mean, raw] = tf.split(head, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    return { mean, std: tf.add(tf.softplus(raw), STD_FLOOR) };
  }

  /** Reparameterised sample with standard normal `noise` [n, |A|] (differentiable in the head). */
  sample(head: tf.Tensor2D, noise: tf.Tensor2D): SquashedSample {
    const { mean, std } = this.distribution(head);
    const u = tf.add<tf.Tensor2D>(mean, tf.mul(std, noise));
    return { action: this.squash(u), logProb: this.logProbPreTanh(mean, std, u) };
  }

  /** A sampled action without its log-probability (acting: no gradient, fewer kernels). */
  sampleAction(head: tf.Tensor2D, noise: tf.Tensor2D): tf.Tensor2D {
    const { mean, std } = this.distribution(head);
    return this.squash(tf.add<tf.Tensor2D>(mean, tf.mul(std, noise)));
  }

  /** The deterministic (evaluation) action: scale ⊙ tanh(μ) + offset. */
  mode(head: tf.Tensor2D): tf.Tensor2D {
    return this.squash(this.distribution(head).mean);
  }

  /** a = scale ⊙ tanh(u) + offset. */
  squash(u: tf.Tensor2D): tf.Tensor2D {
    return tf.add(tf.mul(tf.tanh(u), this.scale), this.offset);
  }

  /**
   * log π(a) for a = scale ⊙ tanh(u) + offset, u ~ N(μ, σ²):
   * Σ_i [log N(u_i; μ_i, σ_i) − log(1 − tanh²(u_i)) − log scale_i], with the stable form
   * log(1 − tanh²(u)) = 2(log 2 − u − softplus(−2u)) (as in SpinningUp's SAC).
   */
  logProbPreTanh(mean: tf.Tensor2D, std: tf.Tensor2D, u: tf.Tensor2D): tf.Tensor1D {
    const z = tf.div(tf.sub(u, mean), std);
    const gaussian = tf.sub(tf.mul(tf.square(z), -0.5), tf.add(tf.log(std), HALF_LOG_2PI));
    const logDetTanh = tf.mul(tf.sub(tf.sub(Math.LN2, u), tf.softplus(tf.mul(u, -2))), 2);
    return tf.sub(tf.sum(tf.sub(gaussian, logDetTanh), 1), this.logScaleSum);
  }

  dispose(): void {
    this.scale.dispose();
    this.offset.dispose();
  }
}
