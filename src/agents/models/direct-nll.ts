// The gradient of the Gaussian dynamics model's maximum-likelihood loss (MA-PMBRL Sec. 4.1) without the tfjs
// engine: the MLP passes of src/nn/direct-mlp.ts (OpenBLAS products) and the head's soft-clamped log-variance
// differentiated by hand. Used by GaussianDynamicsModel.fit when the addon serves the wasm backend; the same math
// as gaussianNll under tf.variableGrads (test/agents/models/direct-nll.test.ts compares them).
//
// Per row and target dimension, with μ, x the head's two halves, y the standardised target and N = rows·W:
//   u = max − softplus(max − x),  ℓ = min + softplus(u − min)          (the soft clamps of GaussianDynamicsModel.head)
//   L = (1/N) Σ ½[(y − μ)² e^{−ℓ} + ℓ] + ½ log 2π
//   ∂L/∂μ = −(y − μ) e^{−ℓ} / N,  ∂L/∂ℓ = ½(1 − (y − μ)² e^{−ℓ}) / N,  ∂ℓ/∂x = sigmoid(u − min) · sigmoid(max − x).
import { MlpWorkspace, NetGrads } from '../../nn/direct-mlp.js';
import type { LayerParams } from '../../nn/direct-mlp.js';
import type { NativeBlas } from '../../nn/native-blas.js';
import { HALF_LOG_2PI, sigmoid, softplus } from '../../nn/scalar-math.js';

/** Bounds of the soft-clamped log-variance (GaussianModelConfig's minLogVar / maxLogVar). */
export interface LogVarBounds {
  readonly minLogVar: number;
  readonly maxLogVar: number;
}

export class DirectNllGradients {
  /** dL/dϕ of the last `compute`, in Mlp.variables order. */
  readonly grads: NetGrads;
  readonly maxRows: number;
  private readonly workspace: MlpWorkspace;
  private readonly targetWidth: number;
  private readonly dHead: Float32Array;

  /** `sizes`: the model's layer widths, the last one 2 × the target width (means, then raw log-variances). */
  constructor(blas: NativeBlas, sizes: readonly number[], maxRows: number, private readonly bounds: LogVarBounds) {
    const out = sizes[sizes.length - 1] ?? 0;
    if (out % 2 !== 0) throw new RangeError(`a Gaussian head needs an even output width, got ${out}`);
    this.targetWidth = out / 2;
    this.maxRows = maxRows;
    this.workspace = new MlpWorkspace(blas, sizes, maxRows);
    this.grads = new NetGrads(sizes);
    this.dHead = new Float32Array(maxRows * out);
  }

  /** The mean NLL per target dimension of `rows` rows of x [rows, in] and y [rows, W]; its gradient goes to `grads`. */
  compute(x: Float32Array, y: Float32Array, rows: number, params: readonly LayerParams[]): number {
    const head = this.workspace.forward(x, rows, params);
    const w = this.targetWidth;
    const n = rows * w;
    const { minLogVar, maxLogVar } = this.bounds;
    let sum = 0;
    for (let r = 0; r < rows; r++) {
      for (let d = 0; d < w; d++) {
        const mu = head[r * 2 * w + d] as number;
        const raw = head[r * 2 * w + w + d] as number;
        const upper = maxLogVar - softplus(maxLogVar - raw);
        const logVar = minLogVar + softplus(upper - minLogVar);
        const diff = (y[r * w + d] as number) - mu;
        const precision = Math.exp(-logVar);
        const scaled = diff * diff * precision;
        sum += scaled + logVar;
        this.dHead[r * 2 * w + d] = (-diff * precision) / n;
        this.dHead[r * 2 * w + w + d] = ((0.5 * (1 - scaled)) / n) * sigmoid(upper - minLogVar) * sigmoid(maxLogVar - raw);
      }
    }
    this.workspace.backward(this.dHead.subarray(0, rows * 2 * w), params, this.grads.layers, false);
    return (0.5 * sum) / n + HALF_LOG_2PI;
  }
}
