// A probabilistic dynamics model T_ϕ(s', r | s, a) = N(μ_ϕ(s, a), diag σ²_ϕ(s, a)) (MA-PMBRL Sec. 4.1): an MLP
// on standardised inputs (s, a) whose head gives the mean and log-variance of the standardised targets (Δs, r),
// fitted by maximum likelihood (the Gaussian negative log-likelihood of Sec. 4.1's arg min).
import * as tf from '@tensorflow/tfjs';
import { viewsOf } from '../../nn/direct-mlp.js';
import { FlatAdam } from '../../nn/flat-adam.js';
import { getFlatParams, parameterCount, setFlatParams } from '../../nn/flat-params.js';
import { Mlp } from '../../nn/mlp.js';
import type { MlpGradients } from '../../nn/mlp.js';
import { loadNativeBlas } from '../../nn/native-blas.js';
import { nativeMatMulInstalled } from '../../nn/native-kernels.js';
import { fillGaussian, uniformInt } from '../../nn/random.js';
import { HALF_LOG_2PI, softplus } from '../../nn/scalar-math.js';
import type { UniformSource } from '../../nn/random.js';
import { DirectNllGradients } from './direct-nll.js';
import type { GaussianModelConfig } from './model-config.js';
import { inputWidth, targetWidth } from './transition-data.js';
import type { TransitionData } from './transition-data.js';

/** Per-column mean and std of inputs and targets, fixed at each fit (a std of ~0 becomes 1, as MBPO does). */
export interface Standardiser {
  readonly inputMean: Float32Array;
  readonly inputStd: Float32Array;
  readonly targetMean: Float32Array;
  readonly targetStd: Float32Array;
}

/** What one maximum-likelihood fit achieved: mean NLL per target dimension (nats). */
export interface ModelFit {
  readonly trainLoss: number;
  /** On the held-out rows; NaN when there were none. */
  readonly heldOutLoss: number;
}

/** A predicted Gaussian in standardised target units, [n, obsDim + 1] each. */
export interface GaussianHead {
  readonly mean: tf.Tensor2D;
  readonly logVar: tf.Tensor2D;
}

/** Saved form of a model (checkpoints). */
export interface GaussianModelState {
  readonly params: Float32Array;
  readonly standardiser: Standardiser | null;
}

export class GaussianDynamicsModel {
  readonly obsDim: number;
  readonly actionDim: number;
  readonly config: GaussianModelConfig;
  readonly net: Mlp;
  private standardiser: Standardiser | null = null;
  private direct: DirectNllGradients | null = null;

  constructor(obsDim: number, actionDim: number, config: GaussianModelConfig, rng: UniformSource) {
    this.obsDim = obsDim;
    this.actionDim = actionDim;
    this.config = config;
    const outW = targetWidth(obsDim);
    this.net = Mlp.create([inputWidth(obsDim, actionDim), ...config.hidden, 2 * outW], rng, { matMulMode: config.matMulMode });
  }

  /** True once fitted (rollouts need a model). */
  get ready(): boolean {
    return this.standardiser !== null;
  }

  get parameterCount(): number {
    return parameterCount(this.net.variables);
  }

  /** ϕ as one vector (W0, b0, W1, …). */
  getParams(): Float32Array {
    return getFlatParams(this.net.variables);
  }

  setParams(flat: Float32Array): void {
    setFlatParams(this.net.variables, flat);
  }

  /**
   * Maximum likelihood on `train` (Sec. 4.1): `fitSteps` Adam steps on mini-batches drawn with replacement,
   * warm-started from the current ϕ; the standardiser is refitted to `train` first. Reports the NLL on `heldOut`.
   * The gradient comes from direct-nll.ts when the OpenBLAS addon serves wasm, else from tfjs autodiff (same math).
   */
  fit(train: TransitionData, heldOut: TransitionData, rng: UniformSource): ModelFit {
    if (train.size === 0) return { trainLoss: Number.NaN, heldOutLoss: Number.NaN };
    const s = standardiserOf(train);
    this.standardiser = s;
    const inW = inputWidth(this.obsDim, this.actionDim);
    const outW = targetWidth(this.obsDim);
    const x = standardised(train.inputs, s.inputMean, s.inputStd);
    const y = standardised(train.targets, s.targetMean, s.targetStd);
    const batch = Math.min(this.config.batchSize, train.size);
    const xb = new Float32Array(batch * inW);
    const yb = new Float32Array(batch * outW);
    // ε = 1e-7, tf.train.adam's default, which the fit used before it had a direct path.
    const optimizer = new FlatAdam(this.net.variables, { learningRate: this.config.lr, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
    const direct = this.directGradients(batch);
    let trainLoss = Number.NaN;
    for (let step = 0; step < this.config.fitSteps; step++) {
      for (let i = 0; i < batch; i++) {
        const row = uniformInt(rng, train.size);
        xb.set(x.subarray(row * inW, (row + 1) * inW), i * inW);
        yb.set(y.subarray(row * outW, (row + 1) * outW), i * outW);
      }
      if (direct !== null) {
        trainLoss = direct.compute(xb, yb, batch, viewsOf(this.net));
        optimizer.step(direct.grads.flat);
      } else {
        trainLoss = this.tfjsStep(optimizer, xb, yb, batch, step === this.config.fitSteps - 1) ?? trainLoss;
      }
    }
    return { trainLoss, heldOutLoss: this.loss(heldOut) };
  }

  /** One autodiff step of the fit; returns the loss when `readLoss` (reading it waits for the backend). */
  private tfjsStep(optimizer: FlatAdam, xb: Float32Array, yb: Float32Array, rows: number, readLoss: boolean): number | null {
    const vars = this.net.variables;
    const { value, grads } = tf.variableGrads(() => {
      const x = tf.tensor2d(xb, [rows, xb.length / rows]);
      const y = tf.tensor2d(yb, [rows, yb.length / rows]);
      return gaussianNll(this.head(x, { input: false, weights: true }), y);
    }, vars);
    try {
      optimizer.step(vars.map((v) => grads[v.name] as tf.Tensor));
      return readLoss ? (value.dataSync()[0] ?? Number.NaN) : null;
    } finally {
      value.dispose();
      tf.dispose(grads);
    }
  }

  /** The engine-free gradient when the OpenBLAS kernels serve wasm, else null (tfjs autodiff). */
  private directGradients(rows: number): DirectNllGradients | null {
    const loaded = tf.getBackend() === 'wasm' && nativeMatMulInstalled() ? loadNativeBlas() : null;
    if (loaded?.ok !== true) return null;
    if (this.direct === null || this.direct.maxRows < rows) this.direct = new DirectNllGradients(loaded.blas, this.net.sizes, rows, this.config);
    return this.direct;
  }

  /** Mean Gaussian NLL per target dimension of `data` under the current ϕ (NaN for no rows). */
  loss(data: TransitionData): number {
    if (data.size === 0 || this.standardiser === null) return Number.NaN;
    const inW = inputWidth(this.obsDim, this.actionDim);
    const outW = targetWidth(this.obsDim);
    return tf.tidy(() => {
      const x = this.standardInputs(tf.tensor2d(data.inputs, [data.size, inW]));
      const y = this.standardTargets(tf.tensor2d(data.targets, [data.size, outW]));
      return gaussianNll(this.head(x), y).dataSync()[0] ?? Number.NaN;
    });
  }

  /** μ and log σ² (soft-clamped) of the standardised targets for standardised inputs. */
  head(x: tf.Tensor2D, grads?: MlpGradients): GaussianHead {
    const outW = targetWidth(this.obsDim);
    const [mean, raw] = tf.split(this.net.apply(x, grads), [outW, outW], 1) as [tf.Tensor2D, tf.Tensor2D];
    const { minLogVar, maxLogVar } = this.config;
    // Soft clamps keep the variance in range without cutting the gradient (PETS, Chua et al. 2018, App. A.1);
    // boundedLogVar is the same map on numbers.
    const upper = tf.sub(maxLogVar, tf.softplus(tf.sub(maxLogVar, raw)));
    return { mean, logVar: tf.add(minLogVar, tf.softplus(tf.sub(upper, minLogVar))) as tf.Tensor2D };
  }

  /** (s, a) rows → standardised inputs. */
  standardInputs(inputs: tf.Tensor2D): tf.Tensor2D {
    const s = this.requireStandardiser();
    return tf.div(tf.sub(inputs, tf.tensor1d(s.inputMean)), tf.tensor1d(s.inputStd));
  }

  standardTargets(targets: tf.Tensor2D): tf.Tensor2D {
    const s = this.requireStandardiser();
    return tf.div(tf.sub(targets, tf.tensor1d(s.targetMean)), tf.tensor1d(s.targetStd));
  }

  /** Standardised targets → (Δs, r) in the env's units. */
  rawTargets(standard: tf.Tensor2D): tf.Tensor2D {
    const s = this.requireStandardiser();
    return tf.add(tf.mul(standard, tf.tensor1d(s.targetStd)), tf.tensor1d(s.targetMean));
  }

  /**
   * A reparameterised sample e = μ + σ ⊙ ε in the env's units for raw (s, a) rows [n, obsDim + |A|] and standard
   * normal `noise` [n, obsDim + 1]; differentiable in ϕ when `grads.weights`.
   */
  sampleTargets(inputs: tf.Tensor2D, noise: tf.Tensor2D, grads?: MlpGradients): tf.Tensor2D {
    const { mean, logVar } = this.head(this.standardInputs(inputs), grads);
    return this.rawTargets(tf.add(mean, tf.mul(tf.exp(tf.mul(logVar, 0.5)), noise)));
  }

  /** One model step for n rows: ŝ' = s + Δŝ and r̂, sampled from T_ϕ with noise from `rng`. */
  step(obs: Float32Array, actions: Float32Array, rng: UniformSource): { nextObs: Float32Array; rewards: Float32Array } {
    const n = obs.length / this.obsDim;
    const outW = targetWidth(this.obsDim);
    const noise = fillGaussian(rng, new Float32Array(n * outW));
    const e = tf.tidy(() => {
      const inputs = tf.concat([tf.tensor2d(obs, [n, this.obsDim]), tf.tensor2d(actions, [n, this.actionDim])], 1);
      return this.sampleTargets(inputs, tf.tensor2d(noise, [n, outW])).dataSync();
    });
    const nextObs = new Float32Array(n * this.obsDim);
    const rewards = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      for (let d = 0; d < this.obsDim; d++) nextObs[i * this.obsDim + d] = (obs[i * this.obsDim + d] ?? 0) + (e[i * outW + d] ?? 0);
      rewards[i] = e[i * outW + this.obsDim] ?? 0;
    }
    return { nextObs, rewards };
  }

  state(): GaussianModelState {
    return { params: this.getParams(), standardiser: this.standardiser };
  }

  loadState(state: GaussianModelState): void {
    this.setParams(state.params);
    this.standardiser = state.standardiser;
  }

  dispose(): void {
    this.net.dispose();
  }

  private requireStandardiser(): Standardiser {
    if (this.standardiser === null) throw new RangeError('the dynamics model has not been fitted yet');
    return this.standardiser;
  }
}

/** Mean over rows and dimensions of ½[(y − μ)² e^{−log σ²} + log σ² + log 2π] (Sec. 4.1's MLE objective). */
export function gaussianNll(head: GaussianHead, y: tf.Tensor2D): tf.Scalar {
  const sq = tf.mul(tf.squaredDifference(y, head.mean), tf.exp(tf.neg(head.logVar)));
  return tf.add(tf.mean<tf.Scalar>(tf.mul(tf.add(sq, head.logVar), 0.5)), HALF_LOG_2PI);
}

/**
 * `head`'s soft clamp of a raw log-variance on one number (inference without tensors, e.g. MA-PETS's planner):
 * u = max − softplus(max − raw), then min + softplus(u − min).
 */
export function boundedLogVar(raw: number, minLogVar: number, maxLogVar: number): number {
  const upper = maxLogVar - softplus(maxLogVar - raw);
  return minLogVar + softplus(upper - minLogVar);
}

/** (v − mean) / std column-wise, rows of `mean.length` values. */
function standardised(values: Float32Array, mean: Float32Array, std: Float32Array): Float32Array {
  const width = mean.length;
  const out = new Float32Array(values.length);
  for (let j = 0; j < values.length; j++) out[j] = ((values[j] as number) - (mean[j % width] as number)) / (std[j % width] as number);
  return out;
}

function standardiserOf(data: TransitionData): Standardiser {
  const inW = inputWidth(data.obsDim, data.actionDim);
  const outW = targetWidth(data.obsDim);
  const [inputMean, inputStd] = columnMoments(data.inputs, data.size, inW);
  const [targetMean, targetStd] = columnMoments(data.targets, data.size, outW);
  return { inputMean, inputStd, targetMean, targetStd };
}

function columnMoments(values: Float32Array, rows: number, width: number): [Float32Array, Float32Array] {
  const mean = new Float32Array(width);
  const std = new Float32Array(width);
  for (let d = 0; d < width; d++) {
    let sum = 0;
    for (let i = 0; i < rows; i++) sum += values[i * width + d] ?? 0;
    const m = sum / rows;
    let sq = 0;
    for (let i = 0; i < rows; i++) sq += ((values[i * width + d] ?? 0) - m) ** 2;
    const s = Math.sqrt(sq / rows);
    mean[d] = m;
    std[d] = s < 1e-6 ? 1 : s;
  }
  return [mean, std];
}
