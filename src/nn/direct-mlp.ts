// Forward and backward passes of a ReLU MLP straight on Float32Arrays, with the OpenBLAS addon for the products.
// Why: with native products a SAC update spent more time in ~450 small tfjs kernels (engine bookkeeping, tape,
// copies of saved tensors) than in its ~550 MFLOP of products; here one layer is one sgemm forward (bias and
// ReLU fused) and two backward, plus two short loops. Buffers are allocated once per workspace.
// Weights are read through views (W_l [in, out] row-major, b_l [out]), e.g. of tfjs variables on the wasm heap.
import type { Mlp } from './mlp.js';
import type { NativeBlas } from './native-blas.js';
import { readFloats } from './tensor-memory.js';

/** One layer's parameters as views: W [in·out] row-major [in, out], b [out]. */
export interface LayerParams {
  readonly w: Float32Array;
  readonly b: Float32Array;
}

/** Per-layer gradient outputs: dW [in·out], db [out] (overwritten, not accumulated). */
export interface LayerGrads {
  readonly w: Float32Array;
  readonly b: Float32Array;
}

export class MlpWorkspace {
  readonly sizes: readonly number[];
  readonly maxRows: number;
  /** acts[l] = output of layer l (after ReLU for hidden layers), [rows, sizes[l + 1]]. */
  private readonly acts: Float32Array[];
  /** Gradient buffers: two ping-pong buffers as wide as the widest layer, plus the input gradient. */
  private readonly gradA: Float32Array;
  private readonly gradB: Float32Array;
  private readonly inputGrad: Float32Array;
  private input: Float32Array | null = null;
  private rows = 0;

  constructor(private readonly blas: NativeBlas, sizes: readonly number[], maxRows: number) {
    if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) throw new RangeError(`MlpWorkspace sizes must be ≥ 2 positive integers, got [${sizes.join(', ')}]`);
    this.sizes = [...sizes];
    this.maxRows = maxRows;
    this.acts = sizes.slice(1).map((s) => new Float32Array(maxRows * s));
    const widest = Math.max(...sizes);
    this.gradA = new Float32Array(maxRows * widest);
    this.gradB = new Float32Array(maxRows * widest);
    this.inputGrad = new Float32Array(maxRows * (sizes[0] ?? 0));
  }

  /** y = MLP(x) for `rows` rows; keeps x (by reference) and the activations for `backward`. Returns a view. */
  forward(x: Float32Array, rows: number, params: readonly LayerParams[]): Float32Array {
    if (rows > this.maxRows) throw new RangeError(`MlpWorkspace: ${rows} rows exceed the workspace's ${this.maxRows}`);
    if (params.length !== this.acts.length) throw new RangeError(`MlpWorkspace: ${params.length} layers given, ${this.acts.length} expected`);
    this.input = x;
    this.rows = rows;
    let h = x;
    const last = this.acts.length - 1;
    this.acts.forEach((out, l) => {
      const p = params[l] as LayerParams;
      const k = this.sizes[l] ?? 0;
      const n = this.sizes[l + 1] ?? 0;
      this.blas.sgemm(false, false, rows, n, k, h, 0, p.w, 0, out, 1, p.b, l < last ? 1 : 0);
      h = out;
    });
    return (this.acts[last] as Float32Array).subarray(0, rows * (this.sizes[this.sizes.length - 1] ?? 0));
  }

  /**
   * Backpropagates dL/dy [rows, out] through the last `forward`. Writes weight gradients into `grads` when given;
   * returns dL/dx [rows, in] (a view, valid until the next backward) when `inputGrad` is set, else null.
   */
  backward(dy: Float32Array, params: readonly LayerParams[], grads: readonly LayerGrads[] | null, inputGrad: boolean): Float32Array | null {
    const rows = this.rows;
    const input = this.input;
    if (input === null) throw new RangeError('MlpWorkspace.backward before forward');
    let dz = dy;
    for (let l = this.acts.length - 1; l >= 0; l--) {
      const k = this.sizes[l] ?? 0; // layer input width
      const n = this.sizes[l + 1] ?? 0;
      const p = params[l] as LayerParams;
      const below = l === 0 ? input : (this.acts[l - 1] as Float32Array);
      const g = grads?.[l];
      if (g !== undefined) {
        // dW = xᵀ·dz, db = Σ_rows dz
        this.blas.sgemm(true, false, k, n, rows, below, 0, dz, 0, g.w, 1, null, 0);
        this.blas.columnSums(dz, rows, n, g.b);
      }
      if (l === 0 && !inputGrad) return null;
      // dx = dz·Wᵀ; below a hidden layer, through its ReLU: dz_below = dx ⊙ 1[h > 0].
      const dx = l === 0 ? this.inputGrad : dz === this.gradA ? this.gradB : this.gradA;
      this.blas.sgemm(false, true, rows, k, n, dz, 0, p.w, 0, dx, 1, null, 0);
      if (l > 0) this.blas.reluBackward(dx, below, rows * k);
      dz = dx;
    }
    return this.inputGrad.subarray(0, rows * (this.sizes[0] ?? 0));
  }
}

/** Views of an Mlp's weights (valid until the next tfjs allocation: take them right before use). */
export function viewsOf(net: Mlp): LayerParams[] {
  return net.weights.map((w, l) => ({ w: readFloats(w), b: readFloats(net.biases[l] as Mlp['biases'][number]) }));
}

/** Gradient buffers for every variable of a network, in Mlp.variables order (W0, b0, W1, b1, …). */
export class NetGrads {
  readonly layers: LayerGrads[];
  constructor(sizes: readonly number[]) {
    this.layers = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      this.layers.push({ w: new Float32Array((sizes[l] ?? 0) * (sizes[l + 1] ?? 0)), b: new Float32Array(sizes[l + 1] ?? 0) });
    }
  }
  get flat(): Float32Array[] {
    return this.layers.flatMap((g) => [g.w, g.b]);
  }
}
