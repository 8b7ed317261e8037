// Adam (Kingma & Ba 2015) as one loop over all of a network's parameters, with its moments in two flat
// Float32Arrays. Why: tf.train.adam runs ~10 small kernels per variable per step; on wasm with the OpenBLAS
// products those kernels cost more than the products themselves (issue 10, part 2).
// Same update as tf.train.adam and torch.optim.Adam: m ← β1 m + (1 − β1) g, v ← β2 v + (1 − β2) g²,
// θ ← θ − η (m / (1 − β1^t)) / (√(v / (1 − β2^t)) + ε).
import type * as tf from '@tensorflow/tfjs';
import { ShapeMismatchError } from './errors.js';
import { loadNativeBlas } from './native-blas.js';
import { nativeMatMulInstalled } from './native-kernels.js';
import { readFloats, rewriteVariable } from './tensor-memory.js';

export interface AdamConfig {
  /** η, step size. */
  readonly learningRate: number;
  /** β1, decay of the first moment (0.9 in PyTorch and tfjs). */
  readonly beta1: number;
  /** β2, decay of the second moment (0.999). */
  readonly beta2: number;
  /** ε added to √v̂ (PyTorch 1e-8). */
  readonly epsilon: number;
}

/** Optimiser state as SacCore.state() stores it (the layout tf.train.adam's weights had, so old checkpoints still load). */
export interface FlatAdamState {
  /** Steps taken (t). */
  readonly iterations: number;
  /** β1^(t+1) and β2^(t+1): the powers the next step's bias correction uses. */
  readonly beta1Power: number;
  readonly beta2Power: number;
  /** First moments m, then second moments v, variable after variable; empty before the first step. */
  readonly moments: Float32Array;
}

/** A gradient for one variable: a tensor (read without copying on wasm) or plain values. */
export type Gradient = tf.Tensor | Float32Array;

export class FlatAdam {
  readonly variables: readonly tf.Variable[];
  readonly config: AdamConfig;
  /** Offsets of each variable inside m and v. */
  private readonly offsets: readonly number[];
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private t = 0;
  private beta1Power: number;
  private beta2Power: number;

  constructor(variables: readonly tf.Variable[], config: AdamConfig) {
    const { learningRate, beta1, beta2, epsilon } = config;
    if (!(learningRate > 0)) throw new RangeError(`Adam learningRate must be positive, got ${learningRate}`);
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) throw new RangeError(`Adam betas must be in [0, 1), got ${beta1}, ${beta2}`);
    if (!(epsilon > 0)) throw new RangeError(`Adam epsilon must be positive, got ${epsilon}`);
    this.variables = [...variables];
    this.config = { ...config };
    const offsets: number[] = [];
    let total = 0;
    for (const variable of variables) {
      offsets.push(total);
      total += variable.size;
    }
    this.offsets = offsets;
    this.m = new Float32Array(total);
    this.v = new Float32Array(total);
    this.beta1Power = beta1;
    this.beta2Power = beta2;
  }

  get iterations(): number {
    return this.t;
  }

  /** Number of scalars optimised. */
  get size(): number {
    return this.m.length;
  }

  /** One step with `grads[i]` the gradient of `variables[i]`. */
  step(grads: readonly Gradient[]): void {
    if (grads.length !== this.variables.length) throw new ShapeMismatchError('Adam gradients (one per variable)', this.variables.length, grads.length);
    const { learningRate, beta1, beta2, epsilon } = this.config;
    // θ −= η/(1−β1^t) · m / (√v / √(1−β2^t) + ε): the per-step constants hoisted out of the loop.
    const stepSize = learningRate / (1 - this.beta1Power);
    const sqrtCorrection2 = Math.sqrt(1 - this.beta2Power);
    const { m, v } = this;
    // On wasm+openblas the addon runs the loop (float32, vectorised); otherwise the same loop in JS.
    const loaded = nativeMatMulInstalled() ? loadNativeBlas() : null;
    const blas = loaded?.ok === true ? loaded.blas : null;
    this.variables.forEach((variable, i) => {
      const grad = grads[i] as Gradient;
      const size = grad instanceof Float32Array ? grad.length : grad.size;
      if (size !== variable.size) throw new ShapeMismatchError(`Adam gradient of ${variable.name}`, variable.size, size);
      const offset = this.offsets[i] ?? 0;
      rewriteVariable(variable, (theta, out) => {
        // Taken inside, after the output's allocation, so the view is current.
        const g = grad instanceof Float32Array ? grad : readFloats(grad);
        if (blas !== null) blas.adam(theta, out, g, m, v, offset, beta1, beta2, stepSize, sqrtCorrection2, epsilon);
        else adamLoop(theta, out, g, m, v, offset, beta1, beta2, stepSize, sqrtCorrection2, epsilon);
      });
    });
    this.t += 1;
    this.beta1Power *= beta1;
    this.beta2Power *= beta2;
  }

  /** A copy of the state (moments empty before the first step, as tf.train.adam reports it). */
  state(): FlatAdamState {
    const moments = new Float32Array(this.t === 0 ? 0 : 2 * this.m.length);
    if (this.t > 0) {
      moments.set(this.m, 0);
      moments.set(this.v, this.m.length);
    }
    return { iterations: this.t, beta1Power: this.beta1Power, beta2Power: this.beta2Power, moments };
  }

  loadState(state: FlatAdamState): void {
    const n = this.m.length;
    if (state.moments.length !== 0 && state.moments.length !== 2 * n) throw new ShapeMismatchError('Adam moments', 2 * n, state.moments.length);
    if (!Number.isInteger(state.iterations) || state.iterations < 0) throw new RangeError(`Adam iterations must be a non-negative integer, got ${state.iterations}`);
    if (state.moments.length === 0) {
      this.m.fill(0);
      this.v.fill(0);
    } else {
      this.m.set(state.moments.subarray(0, n));
      this.v.set(state.moments.subarray(n));
    }
    this.t = state.iterations;
    this.beta1Power = state.beta1Power;
    this.beta2Power = state.beta2Power;
  }
}

/** The element loop, kept monomorphic (Float32Array only) so V8 compiles it tightly. */
function adamLoop(
  theta: Float32Array, out: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, offset: number,
  beta1: number, beta2: number, stepSize: number, sqrtCorrection2: number, epsilon: number,
): void {
  const oneMinusBeta1 = 1 - beta1;
  const oneMinusBeta2 = 1 - beta2;
  const n = theta.length;
  for (let j = 0; j < n; j++) {
    const k = offset + j;
    const gj = g[j] as number;
    const mk = beta1 * (m[k] as number) + oneMinusBeta1 * gj;
    const vk = beta2 * (v[k] as number) + oneMinusBeta2 * gj * gj;
    m[k] = mk;
    v[k] = vk;
    out[j] = (theta[j] as number) - (stepSize * mk) / (Math.sqrt(vk) / sqrtCorrection2 + epsilon);
  }
}
