// The gradients of SAC's losses, behind one interface with two implementations: tfjs autodiff (here, works on
// every backend) and the engine-free one on wasm+openblas (direct-update.ts). SacCore picks one per update and
// hands the result to its flat Adam (applyStep).
import * as tf from '@tensorflow/tfjs';
import { ShapeMismatchError } from '../../nn/errors.js';
import type { FlatAdam, Gradient } from '../../nn/flat-adam.js';
import type { Mlp } from '../../nn/mlp.js';
import type { SquashedGaussian } from '../../nn/squashed-gaussian.js';
import type { ReplayBatch } from '../replay.js';

/** One loss's gradients, in the order of the optimiser's variables; `release` frees what they hold. */
export interface GradientStep {
  readonly loss: number;
  /** E[log π(a|s)] of the actor step (for the α step); NaN for the critic step. */
  readonly logPiMean: number;
  readonly grads: readonly Gradient[];
  release(): void;
}

export interface SacGradients {
  /** ∇ of J_Q(ω1) + J_Q(ω2), eq. (6), for critic1's variables then critic2's. */
  critic(batch: ReplayBatch, noiseNext: Float32Array, alpha: number, gamma: number): GradientStep;
  /** ∇θ of J_π(θ) = E[α log π(a|s) − min_x Q_ωx(s, a)], eqs. (7–8). */
  actor(obs: Float32Array, noise: Float32Array, rows: number, alpha: number): GradientStep;
}

export interface SacNets {
  readonly actor: Mlp;
  readonly critic1: Mlp;
  readonly critic2: Mlp;
  readonly target1: Mlp;
  readonly target2: Mlp;
}

/** Lets `optimizer` apply the step's gradients, then releases them. */
export function applyStep(optimizer: FlatAdam, step: GradientStep): GradientStep {
  try {
    optimizer.step(step.grads);
  } finally {
    step.release();
  }
  return step;
}

export class TfjsSacGradients implements SacGradients {
  private readonly criticVariables: readonly tf.Variable[];

  constructor(private readonly nets: SacNets, private readonly policy: SquashedGaussian, private readonly twin = true) {
    this.criticVariables = [...nets.critic1.variables, ...nets.critic2.variables];
  }

  critic(batch: ReplayBatch, noiseNext: Float32Array, alpha: number, gamma: number): GradientStep {
    const n = batch.size;
    const obsDim = this.nets.actor.inputSize;
    const actionDim = this.policy.actionDim;
    const { actor, critic1, critic2, target1, target2 } = this.nets;
    return gradientsOf(this.criticVariables, () => {
      // Soft target Q̂ = r + γ(1 − d)[min_x Q_ω̄x(s', a') − α log π(a'|s')], a' ~ π(·|s') (eq. 6), outside the tape.
      const nextObs = tf.tensor2d(batch.nextObs, [n, obsDim]);
      const next = this.policy.sample(actor.apply(nextObs), tf.tensor2d(noiseNext, [n, actionDim]));
      const nextIn = tf.concat([nextObs, next.action], 1);
      const qNext = (this.twin ? tf.minimum(target1.apply(nextIn), target2.apply(nextIn)) : target1.apply(nextIn)).reshape([n]);
      const notDone = tf.sub(1, tf.tensor1d(batch.terminated));
      const target = tf.add(tf.tensor1d(batch.rewards), tf.mul(tf.mul(notDone, gamma), tf.sub(qNext, tf.mul(alpha, next.logProb))));
      const criticIn = tf.concat([tf.tensor2d(batch.obs, [n, obsDim]), tf.tensor2d(batch.actions, [n, actionDim])], 1);
      return () => {
        const q1 = critic1.apply(criticIn, { input: false, weights: true }).reshape([n]);
        const q2 = critic2.apply(criticIn, { input: false, weights: true }).reshape([n]);
        return { loss: tf.mul<tf.Scalar>(tf.add(tf.mean(tf.squaredDifference(q1, target)), tf.mean(tf.squaredDifference(q2, target))), 0.5) };
      };
    });
  }

  actor(obsValues: Float32Array, noise: Float32Array, rows: number, alpha: number): GradientStep {
    const obsDim = this.nets.actor.inputSize;
    const actionDim = this.policy.actionDim;
    const { actor, critic1, critic2 } = this.nets;
    // Only θ is differentiated: tfjs prunes the critics' weights from the backward pass, as PyTorch does.
    return gradientsOf(actor.variables, () => {
      const obs = tf.tensor2d(obsValues, [rows, obsDim]);
      return () => {
        const pi = this.policy.sample(actor.apply(obs, { input: false, weights: true }), tf.tensor2d(noise, [rows, actionDim]));
        const piIn = tf.concat([obs, pi.action], 1);
        const frozen = { input: true, weights: false };
        const q = (this.twin ? tf.minimum(critic1.apply(piIn, frozen), critic2.apply(piIn, frozen)) : critic1.apply(piIn, frozen)).reshape([rows]);
        return { loss: tf.mean<tf.Scalar>(tf.sub(tf.mul(alpha, pi.logProb), q)), logPiMean: tf.mean<tf.Scalar>(pi.logProb) };
      };
    });
  }
}

/**
 * Builds a loss (setup runs once, outside the tape; the returned function is differentiated) and takes its
 * gradient with respect to `variables`, inside a tidy: the forward pass's tensors are gone when the optimiser
 * writes the new weights. The gradient tensors survive until `release`.
 */
export function gradientsOf(variables: readonly tf.Variable[], setup: () => () => { loss: tf.Scalar; logPiMean?: tf.Scalar }): GradientStep {
  const read = { loss: Number.NaN, logPiMean: Number.NaN };
  const grads = tf.tidy(() => {
    const lossFn = setup();
    let logPiMean: tf.Scalar | undefined;
    const { value, grads: named } = tf.variableGrads(() => {
      const out = lossFn();
      if (out.logPiMean !== undefined) logPiMean = tf.keep(out.logPiMean);
      return out.loss;
    }, [...variables]);
    read.loss = value.dataSync()[0] ?? Number.NaN;
    if (logPiMean !== undefined) {
      read.logPiMean = logPiMean.dataSync()[0] ?? Number.NaN;
      logPiMean.dispose();
    }
    return variables.map((v) => {
      const g = named[v.name];
      if (g === undefined) throw new ShapeMismatchError(`gradient of ${v.name} (variables with a gradient)`, variables.length, Object.keys(named).length);
      return g;
    });
  });
  return { ...read, grads, release: () => tf.dispose(grads) };
}
