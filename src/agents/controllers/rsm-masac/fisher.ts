// The Fisher quadratic form of Theorem 2, Δθᵀ F(θ) Δθ, with F from eq. (20) approximated by its rank-one batch
// average (Sec. VI-C: "a batch average gradient to approximate the calculation of F(θ)"; algorithms.md):
// F ≈ g gᵀ with g = mean_m ∇_θ log π_θ(a_m|s_m), a_m ~ π_θ(·|s_m), so the form is (g · Δθ)². O(M·|d|) instead of O(M·|d|²).
import * as tf from '@tensorflow/tfjs';
import { LOG_PROB_CLAMP } from './advantage.js';
import { logProbOfTaken, preTanhActions } from './policy-density.js';
import type { MixablePolicy } from './policy-density.js';

/** Where the score's actions come from: the buffer's (public code: the same M samples) or fresh draws from π_θ. */
export type ScoreActions = { readonly kind: 'buffer'; readonly actions: Float32Array; readonly clamp: boolean } | { readonly kind: 'policy'; readonly noise: Float32Array };

/**
 * g · Δθ for the learner's actor θ on observations [M·obsDim]. Actions: the samples' own (bounded, [M·|A|]; public code:
 * the gradient of mean log π(a|s) over the buffer samples, log π clamped to [−20, 0] when `clamp`) or drawn from
 * π_θ with the standard normals `noise` [M·|A|] and then held fixed (a score-function gradient, no reparameterisation).
 */
export function scoreAlong(core: MixablePolicy, obs: Float32Array, source: ScoreActions, delta: Float32Array): number {
  const { obsDim, actionDim, policy, actor } = core;
  const m = obs.length / obsDim;
  const values = source.kind === 'buffer' ? source.actions : source.noise;
  if (!Number.isInteger(m) || m < 1 || values.length !== m * actionDim) throw new RangeError(`score: ${obs.length} observation values and ${values.length} action/noise values do not match`);
  const variables = actor.variables;
  const total = variables.reduce((n, v) => n + v.size, 0);
  if (delta.length !== total) throw new RangeError(`score: Δθ has ${delta.length} parameters, the actor ${total}`);
  const grads = tf.tidy(() => {
    const x = tf.tensor2d(obs, [m, obsDim]);
    // u outside the gradient's scope: a constant for the score.
    let u: tf.Tensor2D;
    if (source.kind === 'buffer') u = tf.tensor2d(preTanhActions(policy, source.actions), [m, actionDim]);
    else {
      const { mean, std } = policy.distribution(actor.apply(x));
      u = tf.add<tf.Tensor2D>(mean, tf.mul(std, tf.tensor2d(source.noise, [m, actionDim])));
    }
    const clamp = source.kind === 'buffer' && source.clamp;
    const { grads: byName } = tf.variableGrads(() => {
      const logProb = logProbOfTaken(policy, actor.apply(x, { input: false, weights: true }), u);
      return tf.mean<tf.Scalar>(clamp ? tf.clipByValue(logProb, LOG_PROB_CLAMP.low, LOG_PROB_CLAMP.high) : logProb);
    }, variables);
    return variables.map((v) => byName[v.name] ?? tf.zerosLike(v));
  });
  let dot = 0;
  let offset = 0;
  try {
    for (const g of grads) {
      const values = g.dataSync();
      for (let i = 0; i < values.length; i++) dot += (values[i] as number) * (delta[offset + i] as number);
      offset += values.length;
    }
  } finally {
    for (const g of grads) g.dispose();
  }
  return dot;
}
