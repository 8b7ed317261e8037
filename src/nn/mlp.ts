// A plain multi-layer perceptron held as tfjs variables (no tf.layers: its matMul gradient is the slow,
// transposed one on wasm, and SAC needs control over which gradients are computed).
import * as tf from '@tensorflow/tfjs';
import { ShapeMismatchError } from './errors.js';
import { matMul } from './matmul.js';
import { nativeMatMulInstalled } from './native-kernels.js';
import { uniform } from './random.js';
import type { UniformSource } from './random.js';

/**
 * How layers are computed under autodiff.
 * - `auto`: `autodiff` when the OpenBLAS kernels serve wasm (transposed products are free there and plain
 *   autodiff has the fewest kernels: measured 9.9 vs 11.0 ms per SAC update), else `fused`.
 * - `autodiff`: tf.matMul + add + relu, tfjs's own gradients (the slow reference on wasm).
 * - `custom-matmul`: our matMul (explicit transposes in the backward pass) + add + relu.
 * - `fused`: one fused product+bias+relu kernel forward, and a hand-written backward pass with plain products.
 */
export type MatMulMode = 'auto' | 'autodiff' | 'custom-matmul' | 'fused';

/** Which gradients a forward pass must make available (false = the caller will never ask for it). */
export interface MlpGradients {
  /** Gradient with respect to the network's input (e.g. the action fed to a critic in the actor loss). */
  readonly input: boolean;
  /** Gradients with respect to the network's own weights and biases. */
  readonly weights: boolean;
}

export interface MlpOptions {
  readonly matMulMode?: MatMulMode;
}

export class Mlp {
  readonly sizes: readonly number[];
  readonly weights: readonly tf.Variable<tf.Rank.R2>[];
  readonly biases: readonly tf.Variable<tf.Rank.R1>[];
  readonly matMulMode: MatMulMode;

  private constructor(sizes: readonly number[], weights: tf.Variable<tf.Rank.R2>[], biases: tf.Variable<tf.Rank.R1>[], mode: MatMulMode) {
    this.sizes = sizes;
    this.weights = weights;
    this.biases = biases;
    this.matMulMode = mode;
  }

  /**
   * `sizes` = [input, hidden…, output]; ReLU between layers, linear output.
   * Initialisation as PyTorch's nn.Linear (what the papers' code uses): W and b ~ U(−1/√fan_in, 1/√fan_in).
   */
  static create(sizes: readonly number[], rng: UniformSource, options: MlpOptions = {}): Mlp {
    if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
      throw new RangeError(`Mlp sizes must be ≥ 2 positive integers, got [${sizes.join(', ')}]`);
    }
    const weights: tf.Variable<tf.Rank.R2>[] = [];
    const biases: tf.Variable<tf.Rank.R1>[] = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const fanIn = sizes[l] ?? 0;
      const fanOut = sizes[l + 1] ?? 0;
      const bound = 1 / Math.sqrt(fanIn);
      const w = new Float32Array(fanIn * fanOut);
      for (let i = 0; i < w.length; i++) w[i] = uniform(rng, -bound, bound);
      const b = new Float32Array(fanOut);
      for (let i = 0; i < b.length; i++) b[i] = uniform(rng, -bound, bound);
      weights.push(tf.tidy(() => tf.variable(tf.tensor2d(w, [fanIn, fanOut]))));
      biases.push(tf.tidy(() => tf.variable(tf.tensor1d(b))));
    }
    return new Mlp([...sizes], weights, biases, options.matMulMode ?? 'auto');
  }

  get inputSize(): number {
    return this.sizes[0] ?? 0;
  }

  get outputSize(): number {
    return this.sizes[this.sizes.length - 1] ?? 0;
  }

  /** All trainable variables, layer by layer: W0, b0, W1, b1, … (the order of flat parameter vectors). */
  get variables(): tf.Variable[] {
    const out: tf.Variable[] = [];
    this.weights.forEach((w, l) => {
      out.push(w);
      const b = this.biases[l];
      if (b !== undefined) out.push(b);
    });
    return out;
  }

  /**
   * Forward pass of x [n, input] → [n, output]. Without `grads` it is inference (or plain tfjs autodiff if a
   * gradient is taken anyway); with `grads` it uses the fast backward pass of `matMulMode`.
   */
  apply(x: tf.Tensor2D, grads?: MlpGradients): tf.Tensor2D {
    if (x.shape[1] !== this.inputSize) throw new ShapeMismatchError('Mlp input width', this.inputSize, x.shape[1]);
    const last = this.weights.length - 1;
    let h = x;
    for (let l = 0; l <= last; l++) {
      const w = this.weights[l] as tf.Variable<tf.Rank.R2>;
      const b = this.biases[l] as tf.Variable<tf.Rank.R1>;
      const relu = l < last;
      // Only the first layer's input is the network's input; hidden inputs always need their gradient when
      // anything upstream does.
      const inputGrad = l === 0 ? grads?.input ?? true : true;
      h = this.layer(h, w, b, relu, grads === undefined ? undefined : { a: inputGrad, b: grads.weights });
    }
    return h;
  }

  private layer(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, relu: boolean, needs: { a: boolean; b: boolean } | undefined): tf.Tensor2D {
    // Resolved per call: the kernels in use can change when the backend is switched.
    const mode = this.matMulMode === 'auto' ? (nativeMatMulInstalled() ? 'autodiff' : 'fused') : this.matMulMode;
    if (mode === 'autodiff') {
      const z = tf.add<tf.Tensor2D>(tf.matMul(x, w), b);
      return relu ? tf.relu(z) : z;
    }
    if (needs === undefined) return tf.fused.matMul({ a: x, b: w, bias: b, activation: relu ? 'relu' : 'linear' }) as tf.Tensor2D;
    if (mode === 'custom-matmul') {
      const z = tf.add<tf.Tensor2D>(matMul(x, w, false, false, needs), b);
      return relu ? tf.relu(z) : z;
    }
    return denseOp(relu, needs)(x, w, b);
  }

  /** Copies all parameters of `source` (same sizes) into this network. */
  copyFrom(source: Mlp): void {
    const mine = this.variables;
    const theirs = source.variables;
    if (mine.length !== theirs.length) throw new ShapeMismatchError('Mlp.copyFrom layer tensors', mine.length, theirs.length);
    mine.forEach((v, i) => v.assign(theirs[i] as tf.Variable));
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}

type DenseOp = (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D;
const denseOps = new Map<string, DenseOp>();

/**
 * y = act(x·W + b) as ONE fused kernel forward, with a backward pass made of plain products:
 * dz = dy ⊙ 1[y > 0] (ReLU), db = Σ_rows dz, dx = dz·Wᵀ, dW = xᵀ·dz. Fewer, larger kernels than
 * matMul + add + relu under autodiff (performance.md: small kernels are the other half of the cost).
 */
function denseOp(relu: boolean, needs: { a: boolean; b: boolean }): DenseOp {
  const key = `${relu ? 1 : 0}${needs.a ? 1 : 0}${needs.b ? 1 : 0}`;
  const cached = denseOps.get(key);
  if (cached !== undefined) return cached;
  const op = tf.customGrad<tf.Tensor2D>((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, w, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    const y = tf.fused.matMul({ a: x, b: w, bias: b, activation: relu ? 'relu' : 'linear' }) as tf.Tensor2D;
    save([x, w, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sw, sy] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        const dz = relu ? tf.mul(dy, tf.step(sy)) : (dy as tf.Tensor2D);
        // With the OpenBLAS kernels a transposed operand is free, so the explicit transposes would only add
        // kernels; on stock wasm they are what keeps the product on the fast path.
        const cheapTranspose = nativeMatMulInstalled();
        const dx = !needs.a ? tf.zerosLike(sx) : cheapTranspose ? tf.matMul(dz, sw, false, true) : tf.matMul(dz, tf.transpose(sw));
        const dw = !needs.b ? tf.zerosLike(sw) : cheapTranspose ? tf.matMul(sx, dz, true, false) : tf.matMul(tf.transpose(sx), dz);
        const db = needs.b ? tf.sum(dz, 0) : tf.zeros([sw.shape[1]]);
        return [dx, dw, db];
      },
    };
  });
  const dense: DenseOp = (x, w, b) => op(x, w, b);
  denseOps.set(key, dense);
  return dense;
}
