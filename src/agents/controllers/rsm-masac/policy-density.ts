// log π(a|s) of actions already taken (replay actions), for a squashed Gaussian head: the action is mapped back
// through the bounds and tanh (u = atanh((a − offset)/scale)), then the head's pre-tanh log-density is used.
import * as tf from '@tensorflow/tfjs';
import type { Mlp } from '../../../nn/mlp.js';
import type { SquashedGaussian } from '../../../nn/squashed-gaussian.js';

/** What density and score computations read of a learner: its policy network θ and head (SacCore and PpoLearner fit). */
export interface MixablePolicy {
  readonly obsDim: number;
  readonly actionDim: number;
  readonly actor: Mlp;
  readonly policy: SquashedGaussian;
}

/**
 * tanh(u) is kept off ±1 by this much before atanh: float32 actions at the bounds would give an infinite u.
 * Decision: 1e-6, the float32 precision near 1; it caps |u| at ≈ 7.25.
 */
export const TANH_EDGE = 1e-6;

/** Pre-tanh values u [n, |A|] of bounded actions [n·|A|] (plain numbers, no tensors). */
export function preTanhActions(policy: SquashedGaussian, actions: Float32Array): Float32Array {
  const { low, high } = policy.bounds;
  const dim = policy.actionDim;
  const out = new Float32Array(actions.length);
  for (let i = 0; i < actions.length; i++) {
    const l = low[i % dim] ?? -1;
    const h = high[i % dim] ?? 1;
    const y = (2 * ((actions[i] ?? 0) - l)) / (h - l) - 1;
    out[i] = Math.atanh(Math.min(1 - TANH_EDGE, Math.max(-1 + TANH_EDGE, y)));
  }
  return out;
}

/** log π(a|s) [n] of the actions whose pre-tanh values are `u` [n, |A|] under the head [n, 2|A|]. */
export function logProbOfTaken(policy: SquashedGaussian, head: tf.Tensor2D, u: tf.Tensor2D): tf.Tensor1D {
  const { mean, std } = policy.distribution(head);
  return policy.logProbPreTanh(mean, std, u);
}
