// Forward passes of K ReLU MLPs of one shape in ONE call, from their flat parameter vectors (flat-params.ts layout:
// W0 [in, h1] row-major, b0, W1, b1, …, net k's vector at k·parameterCount). Every layer of all K nets is one
// strided-batch product through the OpenBLAS addon when it loads, else plain Float32Array loops. Users: the
// batched SAC actors (BatchedPolicy) and MA-PETS's planner (all CAVs' ensemble members in one pass per step).
import { ShapeMismatchError } from './errors.js';
import { loadNativeBlas, nativeDisabledByEnv } from './native-blas.js';
import type { NativeBlas } from './native-blas.js';

export interface StackedMlpOptions {
  /** Use the OpenBLAS addon when it loads (default: unless CAVLAB_NATIVE=0). */
  readonly native?: boolean;
  /**
   * The nets' parameters [nets·parameterCount] to compute with, e.g. a view of shared memory another thread fills
   * (MA-PETS's planner: controllers/ma-pets/stacked-nets.ts); default: a zeroed array of its own.
   */
  readonly params?: Float32Array;
}

interface Layer {
  readonly w: number;
  readonly b: number;
  readonly in: number;
  readonly out: number;
}

export class StackedMlp {
  /** [input, hidden…, output]: every net's layer widths. */
  readonly sizes: readonly number[];
  readonly nets: number;
  /** Parameters of one net. */
  readonly parameterCount: number;
  /** 'openblas' or 'js': how the products are computed. */
  readonly engine: 'openblas' | 'js';
  private readonly params: Float32Array;
  /** Offsets of W_l and b_l inside one net's parameters. */
  private readonly layout: readonly Layer[];
  private readonly blas: NativeBlas | null;
  /** Activations of the widest layer, reused across calls (no per-call allocation). */
  private bufferA = new Float32Array(0);
  private bufferB = new Float32Array(0);

  constructor(sizes: readonly number[], nets: number, options: StackedMlpOptions = {}) {
    if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) throw new RangeError(`StackedMlp sizes must be ≥ 2 positive integers, got [${sizes.join(', ')}]`);
    if (!Number.isInteger(nets) || nets < 1) throw new RangeError(`StackedMlp nets must be a positive integer, got ${nets}`);
    this.sizes = [...sizes];
    this.nets = nets;
    const layout: Layer[] = [];
    let total = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const fanIn = sizes[l] ?? 0;
      const fanOut = sizes[l + 1] ?? 0;
      layout.push({ w: total, b: total + fanIn * fanOut, in: fanIn, out: fanOut });
      total += fanIn * fanOut + fanOut;
    }
    this.layout = layout;
    this.parameterCount = total;
    if (options.params !== undefined && options.params.length !== nets * total) throw new ShapeMismatchError('StackedMlp shared parameters', nets * total, options.params.length);
    this.params = options.params ?? new Float32Array(nets * total);
    const wantNative = options.native ?? !nativeDisabledByEnv();
    const loaded = wantNative ? loadNativeBlas() : null;
    this.blas = loaded?.ok === true ? loaded.blas : null;
    this.engine = this.blas === null ? 'js' : 'openblas';
  }

  /** Net k's parameters, as a writable view (no copy). */
  paramsOf(k: number): Float32Array {
    if (!Number.isInteger(k) || k < 0 || k >= this.nets) throw new RangeError(`StackedMlp net index must be in [0, ${this.nets}), got ${k}`);
    return this.params.subarray(k * this.parameterCount, (k + 1) * this.parameterCount);
  }

  setParams(k: number, flat: Float32Array): void {
    if (flat.length !== this.parameterCount) throw new ShapeMismatchError('StackedMlp parameters', this.parameterCount, flat.length);
    this.paramsOf(k).set(flat);
  }

  /**
   * `rows` inputs per net, x [nets·rows·input] (net-major) → [nets·rows·output]: net k's rows through net k. The
   * result is a view of an internal buffer, valid until the next call.
   */
  forward(x: Float32Array, rows: number): Float32Array {
    const inW = this.sizes[0] ?? 0;
    if (x.length !== this.nets * rows * inW) throw new ShapeMismatchError('StackedMlp inputs', this.nets * rows * inW, x.length);
    return this.run(x, rows, 0, this.nets);
  }

  /**
   * Nets [from, to) only: their rows of x [nets·rows·input] → their rows of `out` [nets·rows·output]; the other rows
   * of `out` are left alone. Each net's numbers are the ones `forward` gives (every net is its own product), so
   * threads that compute disjoint ranges into one shared `out` together give `forward`'s result.
   */
  forwardRange(x: Float32Array, rows: number, from: number, to: number, out: Float32Array): void {
    const inW = this.sizes[0] ?? 0;
    const outW = this.sizes[this.sizes.length - 1] ?? 0;
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > this.nets || from >= to) throw new RangeError(`StackedMlp net range must be within [0, ${this.nets}), got [${from}, ${to})`);
    if (x.length !== this.nets * rows * inW) throw new ShapeMismatchError('StackedMlp inputs', this.nets * rows * inW, x.length);
    if (out.length !== this.nets * rows * outW) throw new ShapeMismatchError('StackedMlp outputs', this.nets * rows * outW, out.length);
    out.set(this.run(x.subarray(from * rows * inW, to * rows * inW), rows, from, to), from * rows * outW);
  }

  /** Nets [from, to) on their inputs x [(to − from)·rows·input]; their last layer, a view of an internal buffer. */
  private run(x: Float32Array, rows: number, from: number, to: number): Float32Array {
    const count = to - from;
    const widest = Math.max(...this.sizes) * count * rows;
    if (this.bufferA.length < widest) {
      this.bufferA = new Float32Array(widest);
      this.bufferB = new Float32Array(widest);
    }
    let input = x;
    let output = this.bufferA;
    const last = this.layout.length - 1;
    this.layout.forEach((layer, l) => {
      this.dense(input, output, layer, rows, l < last, from, count);
      input = output;
      output = output === this.bufferA ? this.bufferB : this.bufferA;
    });
    return input.subarray(0, count * rows * (this.sizes[this.sizes.length - 1] ?? 0));
  }

  /** out[i] = x[i]·W_(from+i) + b_(from+i) (ReLU when `relu`) for the `k` nets from `from`. */
  private dense(x: Float32Array, out: Float32Array, layer: Layer, rows: number, relu: boolean, from: number, k: number): void {
    const p = this.params.subarray(from * this.parameterCount);
    const n = layer.out;
    const m = layer.in;
    const stride = this.parameterCount;
    if (this.blas !== null) {
      // One strided batch: net i's rows times net i's W (W_i starts i·stride into the parameters).
      this.blas.sgemm(false, false, rows, n, m, x, rows * m, p.subarray(layer.w), stride, out, k, null, 0);
    } else {
      out.fill(0, 0, k * rows * n);
      for (let i = 0; i < k; i++) {
        const w0 = i * stride + layer.w;
        for (let r = 0; r < rows; r++) {
          const xo = (i * rows + r) * m;
          const yo = (i * rows + r) * n;
          for (let j = 0; j < m; j++) {
            const xj = x[xo + j] as number;
            if (xj === 0) continue; // ReLU zeros are common
            const wo = w0 + j * n;
            for (let c = 0; c < n; c++) out[yo + c] = (out[yo + c] as number) + xj * (p[wo + c] as number);
          }
        }
      }
    }
    for (let i = 0; i < k; i++) {
      const b0 = i * stride + layer.b;
      for (let r = 0; r < rows; r++) {
        const yo = (i * rows + r) * n;
        for (let c = 0; c < n; c++) {
          const z = (out[yo + c] as number) + (p[b0 + c] as number);
          out[yo + c] = relu && z < 0 ? 0 : z;
        }
      }
    }
  }
}
