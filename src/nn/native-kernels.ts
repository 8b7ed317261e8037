// The wasm backend's BatchMatMul and _FusedMatMul kernels, computed by the OpenBLAS addon directly on the wasm
// heap (no copies). Why: the wasm kernel runs at ~17 GFLOP/s on one thread and 13–19× slower with a transposed
// operand; OpenBLAS does 80–120 GFLOP/s here with transposes free (../shared/design/performance.md).
// What the addon does not cover (other dtypes, general batch broadcasting, fused activations other than
// linear/ReLU, PReLU weights, bias shapes other than [n] or [1]) goes to the stock kernel.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { NativeActivation, NativeBlas } from './native-blas.js';

const BACKEND = 'wasm';
const KERNELS = ['BatchMatMul', '_FusedMatMul'] as const;
type KernelName = (typeof KERNELS)[number];

/** How many products went to the addon and how many to the stock kernel (tests check the routing). */
export interface NativeKernelStats {
  native: number;
  fallback: number;
}

const stats: NativeKernelStats = { native: 0, fallback: 0 };
const stock = new Map<KernelName, tf.KernelConfig>();
let installed: NativeBlas | null = null;

export function nativeKernelStats(): Readonly<NativeKernelStats> {
  return { ...stats };
}

export function resetNativeKernelStats(): void {
  stats.native = 0;
  stats.fallback = 0;
}

/** True while the addon serves the wasm backend's matrix products (transposed operands then cost nothing). */
export function nativeMatMulInstalled(): boolean {
  return installed !== null;
}

/** Replaces the wasm matrix-product kernels by the addon's; idempotent. */
export function installNativeMatMul(blas: NativeBlas): void {
  if (installed === blas) return;
  for (const name of KERNELS) {
    const original = stock.get(name) ?? tf.getKernel(name, BACKEND);
    if (original === undefined) throw new Error(`tfjs-backend-wasm has no ${name} kernel to replace`);
    stock.set(name, original);
    tf.unregisterKernel(name, BACKEND);
    // The stock setup stays: it prepares the fallback's wasm function if the backend is (re)initialised later.
    tf.registerKernel({ ...original, kernelFunc: name === 'BatchMatMul' ? batchMatMul(blas, original) : fusedMatMul(blas, original) });
  }
  installed = blas;
}

/** Puts the stock kernels back; idempotent. */
export function uninstallNativeMatMul(): void {
  if (installed === null) return;
  for (const name of KERNELS) {
    const original = stock.get(name);
    if (original === undefined) continue;
    tf.unregisterKernel(name, BACKEND);
    tf.registerKernel(original);
  }
  installed = null;
}

type KernelArgs = Parameters<tf.KernelFunc>[0];

/** The product's geometry when the addon can compute it, else null. */
interface Plan {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly batch: number;
  readonly aStride: number;
  readonly bStride: number;
  readonly outShape: number[];
}

function plan(a: tf.TensorInfo, b: tf.TensorInfo, transA: boolean, transB: boolean): Plan | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return null;
  const ra = a.shape.length;
  const rb = b.shape.length;
  const m = (transA ? a.shape[ra - 1] : a.shape[ra - 2]) ?? 0;
  const k = (transA ? a.shape[ra - 2] : a.shape[ra - 1]) ?? 0;
  const kb = (transB ? b.shape[rb - 1] : b.shape[rb - 2]) ?? 0;
  const n = (transB ? b.shape[rb - 2] : b.shape[rb - 1]) ?? 0;
  // Mismatched inner sizes: the stock kernel throws tfjs's own error message. (k = 0 stays here: the addon
  // writes zeros, the stock kernel leaves the output uninitialised.)
  if (k !== kb) return null;
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const batchA = tf.util.sizeFromShape(outerA);
  const batchB = tf.util.sizeFromShape(outerB);
  let outer: number[];
  try {
    outer = tf.broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
  } catch {
    return null;
  }
  const batch = tf.util.sizeFromShape(outer);
  // Lock-step batches, or one side broadcast whole; anything else (e.g. [2,1]×[1,3]) needs index maps.
  const lockStep = batchA === batch && batchB === batch;
  if (!lockStep && !(batchA === 1 && batchB === batch) && !(batchB === 1 && batchA === batch)) return null;
  return { m, n, k, batch, aStride: batchA === 1 ? 0 : m * k, bStride: batchB === 1 ? 0 : k * n, outShape: [...outer, m, n] };
}

function run(blas: NativeBlas, backend: BackendWasm, p: Plan, a: tf.TensorInfo, b: tf.TensorInfo, transA: boolean, transB: boolean, bias: tf.TensorInfo | null, activation: NativeActivation): tf.TensorInfo {
  // Allocate first: malloc may grow the wasm memory, which detaches every view taken before it.
  const out = backend.makeOutput(p.outShape, 'float32');
  const view = (t: tf.TensorInfo): Float32Array => backend.typedArrayFromHeap(t) as Float32Array;
  blas.sgemm(transA, transB, p.m, p.n, p.k, view(a), p.aStride, view(b), p.bStride, view(out), p.batch, bias === null ? null : view(bias), activation);
  stats.native += 1;
  return out;
}

function batchMatMul(blas: NativeBlas, original: tf.KernelConfig): tf.KernelFunc {
  return (args: KernelArgs) => {
    const { a, b } = args.inputs;
    const transA = args.attrs?.['transposeA'] === true;
    const transB = args.attrs?.['transposeB'] === true;
    const p = a === undefined || b === undefined ? null : plan(a, b, transA, transB);
    if (p === null || a === undefined || b === undefined) {
      stats.fallback += 1;
      return original.kernelFunc(args);
    }
    return run(blas, args.backend as BackendWasm, p, a, b, transA, transB, null, 0);
  };
}

function fusedMatMul(blas: NativeBlas, original: tf.KernelConfig): tf.KernelFunc {
  return (args: KernelArgs) => {
    const { a, b, bias, preluActivationWeights } = args.inputs;
    const transA = args.attrs?.['transposeA'] === true;
    const transB = args.attrs?.['transposeB'] === true;
    const activationName = args.attrs?.['activation'] ?? 'linear';
    const activation: NativeActivation | null = activationName === 'linear' ? 0 : activationName === 'relu' ? 1 : null;
    const p = a === undefined || b === undefined ? null : plan(a, b, transA, transB);
    const biasOk = bias === undefined || bias === null || (bias.dtype === 'float32' && bias.shape.length === 1 && (bias.shape[0] === p?.n || bias.shape[0] === 1));
    if (p === null || a === undefined || b === undefined || activation === null || !biasOk || (preluActivationWeights !== undefined && preluActivationWeights !== null)) {
      stats.fallback += 1;
      return original.kernelFunc(args);
    }
    return run(blas, args.backend as BackendWasm, p, a, b, transA, transB, bias ?? null, activation);
  };
}
