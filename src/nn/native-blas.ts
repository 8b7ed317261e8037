// The optional OpenBLAS addon (native/blas, built by `npm install` when a compiler and OpenBLAS are present).
// Loaded at most once per process through a guarded require: a missing or broken build is a reason string,
// never an exception, so callers fall back to pure wasm (issue 10).
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../paths.js';
import { requireAddon } from '../util/native-addon.js';

/** Fused activation the addon applies after the product: 0 = linear, 1 = ReLU. */
export type NativeActivation = 0 | 1;

/** The addon's exports (native/blas/src/blas.c documents the arguments). */
export interface NativeBlas {
  /** For i < batch: C_i = act(op(A_i)·op(B_i) + bias); A_i at i·aStride (0 = broadcast), C_i at i·m·n. */
  sgemm(
    transA: boolean, transB: boolean, m: number, n: number, k: number,
    a: Float32Array, aStride: number, b: Float32Array, bStride: number,
    c: Float32Array, batch: number, bias: Float32Array | null, activation: NativeActivation,
  ): void;
  /** dx[i] = 0 where h[i] ≤ 0, for i < count (ReLU backward through its output h). */
  reluBackward(dx: Float32Array, h: Float32Array, count: number): void;
  /** out[c] = Σ_r x[r·cols + c] (bias gradients). */
  columnSums(x: Float32Array, rows: number, cols: number, out: Float32Array): void;
  /** One Adam step over theta's length with moments at m/v[offset…] (float32; src/nn/flat-adam.ts's loop). */
  adam(theta: Float32Array, out: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, offset: number,
    beta1: number, beta2: number, stepSize: number, sqrtCorrection2: number, epsilon: number): void;
  /** out = wa·a + wb·b over out's length (Polyak averaging). */
  mix(out: Float32Array, a: Float32Array, b: Float32Array, wa: number, wb: number): void;
  setThreads(threads: number): void;
  getThreads(): number;
}

export type NativeLoad = { readonly ok: true; readonly blas: NativeBlas; readonly file: string } | { readonly ok: false; readonly reason: string };

/** Where `npm install` (scripts/build-native.mjs) puts the addon. */
export const NATIVE_ADDON_FILE = join(PACKAGE_ROOT, 'native', 'blas', 'build', 'Release', 'cavlab_blas.node');

/** Environment switch: CAVLAB_NATIVE=0 keeps the addon out (CI runs the suite both ways). */
export const NATIVE_ENV = 'CAVLAB_NATIVE';

export function nativeDisabledByEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env[NATIVE_ENV];
  return value === '0' || value === 'false' || value === 'off';
}

let cached: NativeLoad | undefined;

/**
 * Loads the addon (memoised for the default file; an explicit `file` is always loaded afresh, for tests).
 * CAVLAB_NATIVE=0 keeps the default file from loading at all, whatever a caller asks for.
 */
export function loadNativeBlas(file?: string): NativeLoad {
  if (file === undefined && nativeDisabledByEnv()) return { ok: false, reason: `${NATIVE_ENV}=0` };
  if (file === undefined && cached !== undefined) return cached;
  const result = tryLoad(file ?? NATIVE_ADDON_FILE);
  if (file === undefined) cached = result;
  return result;
}

function tryLoad(file: string): NativeLoad {
  const load = requireAddon<NativeBlas>(file, ['sgemm', 'reluBackward', 'columnSums', 'adam', 'mix', 'setThreads', 'getThreads'], 'g++, make and libopenblas-dev');
  return load.ok ? { ok: true, blas: load.addon, file } : load;
}
