// Pessimism by projected gradient descent on the model parameters (MA-PMBRL Sec. 4.2, eqs. 6–7): starting from
// the MLE model, X steps ϕ_{x+1} = Proj_M(ϕ_x − α_PGD ∇_ϕ Q_{T_ϕx, π}), then one of the iterates is kept.
import * as tf from '@tensorflow/tfjs';
import type { GaussianDynamicsModel } from '../../models/gaussian-model.js';
import { targetWidth } from '../../models/transition-data.js';
import { fillGaussian } from '../../../nn/random.js';
import type { UniformSource } from '../../../nn/random.js';
import { klMeter, projectOntoBall } from './kl-ball.js';

/** Which iterate the PGD returns (Fig. 4): ϕ_best of eq. (7), the projected average ϕ_avg, or the last ϕ_X. */
export type IterateChoice = 'best' | 'avg' | 'final';

export interface PgdConfig {
  /** X, PGD steps. Decision: the paper gives none; 10 (algorithms.md). */
  readonly steps: number;
  /** α_PGD (Table 2: 0.001). */
  readonly lr: number;
  /** ξ, radius of the KL ball of eq. (5). Decision: 0.1 (algorithms.md). */
  readonly radius: number;
  /** Bisection steps of the projection (kl-ball.ts). Decision: 10 (β to within 2⁻¹⁰). */
  readonly bisectionSteps: number;
  readonly choice: IterateChoice;
  /** γ of the one-step model value. */
  readonly gamma: number;
}

/** V^π(s') for a batch of next states, differentiable in s' (the learner's soft value; see model-value.ts). */
export type StateValue = (nextObs: tf.Tensor2D) => tf.Tensor1D;

/** Real (s, a ~ π) rows the objective and the KL are averaged over. */
export interface PgdBatch {
  readonly size: number;
  readonly obs: Float32Array;
  readonly actions: Float32Array;
}

export interface Iterate {
  readonly params: Float32Array;
  /** The one-step model value J(ϕ) (lower = more pessimistic). */
  readonly objective: number;
  /** E KL(T_ϕ ‖ T_MLE) on the batch. */
  readonly kl: number;
}

export interface PgdResult {
  readonly chosen: Iterate;
  readonly mle: Iterate;
  /** ϕ_1 … ϕ_X, then the projected average ϕ_avg (for tests and diagnostics). */
  readonly iterates: readonly Iterate[];
  readonly average: Iterate;
}

/**
 * Runs eq. (6) on `model` (which must hold ϕ_MLE) and leaves the chosen iterate set in it.
 * Decision (algorithms.md): the objective Q_{T_ϕ, π} is the one-step model value J(ϕ) = E[r̂_ϕ + γ V(ŝ'_ϕ)] over
 * real s and a ~ π(·|s), with ŝ', r̂ reparameterised from T_ϕ; the noise is drawn once so that every iterate is
 * scored on the same draws (eq. 7 compares them).
 */
export function pessimise(model: GaussianDynamicsModel, batch: PgdBatch, value: StateValue, config: PgdConfig, rng: UniformSource): PgdResult {
  const { obsDim, actionDim } = model;
  const n = batch.size;
  const outW = targetWidth(obsDim);
  const mleParams = model.getParams();
  const variables = model.net.variables;
  const obs = tf.tensor2d(batch.obs, [n, obsDim]);
  const inputs = tf.concat([obs, tf.tensor2d(batch.actions, [n, actionDim])], 1);
  const noise = tf.tensor2d(fillGaussian(rng, new Float32Array(n * outW)), [n, outW]);
  const standard = model.standardInputs(inputs);
  const mleHead = tf.tidy(() => {
    const h = model.head(standard);
    return { mean: tf.keep(h.mean), logVar: tf.keep(h.logVar) };
  });
  const objective = (): tf.Scalar => {
    const e = model.sampleTargets(inputs, noise, { input: false, weights: true });
    const [delta, reward] = tf.split(e, [obsDim, 1], 1) as [tf.Tensor2D, tf.Tensor2D];
    const next = tf.add<tf.Tensor2D>(obs, delta);
    return tf.mean<tf.Scalar>(tf.add(reward.reshape([n]), tf.mul(value(next), config.gamma)));
  };
  const evaluate = (params: Float32Array): number => {
    model.setParams(params);
    return tf.tidy(() => objective().dataSync()[0] ?? Number.NaN);
  };
  const klAt = klMeter(model, standard, mleHead);
  try {
    const mle: Iterate = { params: mleParams, objective: evaluate(mleParams), kl: 0 };
    const iterates: Iterate[] = [];
    let current = mleParams;
    let currentKl = 0;
    for (let x = 0; x < config.steps; x++) {
      model.setParams(current);
      // ∇_ϕ J at ϕ_x; J(ϕ_x) itself is the score of the previous iterate.
      // Read out inside the tidy and returned as nothing: tidy walks whatever it returns, a Float32Array of every
      // model parameter included, element by element (7 % of a short MA-PMBRL run went there).
      let j = Number.NaN;
      let gradient: Float32Array = new Float32Array(0);
      tf.tidy(() => {
        const { value: v, grads } = tf.variableGrads(objective, variables);
        j = v.dataSync()[0] ?? Number.NaN;
        gradient = flatGradient(variables, grads);
      });
      if (x > 0) iterates.push({ params: current, objective: j, kl: currentKl });
      const candidate = new Float32Array(current.length);
      for (let i = 0; i < candidate.length; i++) candidate[i] = (current[i] ?? 0) - config.lr * (gradient[i] ?? 0);
      const projected = projectOntoBall(mleParams, candidate, config.radius, config.bisectionSteps, klAt);
      current = projected.params;
      currentKl = projected.kl;
    }
    if (config.steps > 0) iterates.push({ params: current, objective: evaluate(current), kl: currentKl });
    const average = averageIterate(iterates, mleParams, config, klAt, evaluate) ?? mle;
    const chosen = choose(config.choice, iterates, average) ?? mle;
    model.setParams(chosen.params);
    return { chosen, mle, iterates, average };
  } finally {
    for (const t of [obs, inputs, noise, standard, mleHead.mean, mleHead.logVar]) t.dispose();
  }
}

function choose(choice: IterateChoice, iterates: readonly Iterate[], average: Iterate): Iterate | undefined {
  switch (choice) {
    case 'final':
      return iterates[iterates.length - 1];
    case 'avg':
      return average;
    case 'best':
      // eq. (7): arg min_x Q_{T_ϕx, π}.
      return iterates.reduce<Iterate | undefined>((best, it) => (best === undefined || it.objective < best.objective ? it : best), undefined);
  }
}

/** ϕ_avg = (1/X) Σ ϕ_x, projected like every iterate (the ball is not convex in ϕ, so the mean may leave it). */
function averageIterate(iterates: readonly Iterate[], mle: Float32Array, config: PgdConfig, klAt: (p: Float32Array) => number, evaluate: (p: Float32Array) => number): Iterate | undefined {
  if (iterates.length === 0) return undefined;
  const mean = new Float32Array(mle.length);
  for (const it of iterates) for (let i = 0; i < mean.length; i++) mean[i] = (mean[i] ?? 0) + (it.params[i] ?? 0) / iterates.length;
  const projected = projectOntoBall(mle, mean, config.radius, config.bisectionSteps, klAt);
  return { params: projected.params, objective: evaluate(projected.params), kl: projected.kl };
}

/** The gradients of `variables` (a map by variable name) as one vector in the variables' order. */
function flatGradient(variables: readonly tf.Variable[], grads: tf.NamedTensorMap): Float32Array {
  const out = new Float32Array(variables.reduce((n, v) => n + v.size, 0));
  let offset = 0;
  for (const v of variables) {
    const g = grads[v.name];
    if (g !== undefined) out.set(g.dataSync() as Float32Array, offset);
    offset += v.size;
  }
  return out;
}
