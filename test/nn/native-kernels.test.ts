import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/nn/backend.js';
import { loadNativeBlas, nativeDisabledByEnv } from '../../src/nn/native-blas.js';
import { installNativeMatMul, nativeKernelStats, nativeMatMulInstalled, resetNativeKernelStats, uninstallNativeMatMul } from '../../src/nn/native-kernels.js';
import type { NativeBlas } from '../../src/nn/native-blas.js';
import { mulberry32 } from '../../src/nn/random.js';

const TOLERANCE = 1e-5; // relative to the largest magnitude of the stock result (issue 10)

function random(shape: number[], seed: number): tf.Tensor {
  const rng = mulberry32(seed);
  return tf.tensor(Float32Array.from({ length: tf.util.sizeFromShape(shape) }, () => rng.next() * 2 - 1), shape);
}

function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i] ?? 0));
  let worst = actual.length === expected.length ? 0 : Number.POSITIVE_INFINITY;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs((actual[i] ?? Number.NaN) - (expected[i] ?? 0)) / Math.max(scale, 1e-12));
  return worst;
}

/** Value and input gradients of Σ w ⊙ f(a, b), as plain arrays. */
function valueAndGrads(f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor, a: tf.Tensor, b: tf.Tensor, seed: number): Float32Array[] {
  return tf.tidy(() => {
    const y = f(a, b);
    const w = random(y.shape, seed);
    const g = tf.grads((x: tf.Tensor, z: tf.Tensor) => tf.sum(tf.mul(f(x, z), w)))([a, b]);
    return [y, ...g].map((t) => Float32Array.from(t.dataSync()));
  });
}

/** Runs `body` on the stock kernels and on the addon's, and returns both results. */
function bothWays(blas: NativeBlas, body: () => Float32Array[]): { stock: Float32Array[]; native: Float32Array[]; nativeCalls: number; fallbacks: number } {
  uninstallNativeMatMul();
  const stock = body();
  installNativeMatMul(blas);
  resetNativeKernelStats();
  const native = body();
  const { native: nativeCalls, fallback: fallbacks } = nativeKernelStats();
  return { stock, native, nativeCalls, fallbacks };
}

const loaded = loadNativeBlas();
const blas = loaded.ok ? loaded.blas : null;

describe('native OpenBLAS matrix-product kernels', () => {
  beforeAll(async () => {
    await selectBackend('wasm', { native: false });
  });
  afterAll(async () => {
    await selectBackend('wasm');
  });

  // Fails when the install step should have built the addon here and did not (a silent skip would hide it).
  it.skipIf(nativeDisabledByEnv())('is built and loads where OpenBLAS is installed', () => {
    const hasOpenblas = spawnSync('pkg-config', ['--exists', 'openblas']).status === 0;
    if (!hasOpenblas) return;
    expect(loaded.ok ? 'loaded' : loaded.reason).toBe('loaded');
  });

  describe.skipIf(blas === null)('with the addon', () => {
    const native = blas as NativeBlas;
    // Odd sizes so that a transpose or stride mix-up cannot go unnoticed.
    const m = 7;
    const k = 5;
    const n = 3;
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        it(`BatchMatMul equals the stock kernel, values and gradients (transposeA=${transA}, transposeB=${transB})`, () => {
          const a = random(transA ? [k, m] : [m, k], 1);
          const b = random(transB ? [n, k] : [k, n], 2);
          const r = bothWays(native, () => valueAndGrads((x, y) => tf.matMul(x, y, transA, transB), a, b, 3));
          r.stock.forEach((s, i) => expect(maxRelativeError(r.native[i] ?? new Float32Array(), s)).toBeLessThan(TOLERANCE));
          expect(r.nativeCalls).toBeGreaterThanOrEqual(3); // forward + two gradient products
          expect(r.fallbacks).toBe(0);
          tf.dispose([a, b]);
        });

        it(`_FusedMatMul (bias, ReLU) equals matMul + add + relu on the stock kernels (transposeA=${transA}, transposeB=${transB})`, () => {
          const a = random(transA ? [k, m] : [m, k], 4);
          const b = random(transB ? [n, k] : [k, n], 5);
          const bias = random([n], 6);
          const fused = (x: tf.Tensor, y: tf.Tensor): tf.Tensor =>
            tf.fused.matMul({ a: x as tf.Tensor2D, b: y as tf.Tensor2D, transposeA: transA, transposeB: transB, bias, activation: 'relu' });
          // The reference is the unfused composition: tfjs-backend-wasm 4.22's own _FusedMatMul adds the bias at
          // the wrong positions when an operand is transposed (seen here: [3,2]·[2,3] with transposeA).
          const composed = (x: tf.Tensor, y: tf.Tensor): tf.Tensor => tf.relu(tf.add(tf.matMul(x, y, transA, transB), bias));
          uninstallNativeMatMul();
          const reference = valueAndGrads(composed, a, b, 7);
          const r = bothWays(native, () => valueAndGrads(fused, a, b, 7));
          reference.forEach((s, i) => expect(maxRelativeError(r.native[i] ?? new Float32Array(), s)).toBeLessThan(TOLERANCE));
          if (!transA && !transB) r.stock.forEach((s, i) => expect(maxRelativeError(r.native[i] ?? new Float32Array(), s)).toBeLessThan(TOLERANCE));
          expect(r.fallbacks).toBe(0);
          tf.dispose([a, b, bias]);
        });
      }
    }

    // Broadcast batches: values only (tfjs's own BatchMatMul gradient does not reduce over broadcast batch dims).
    const batchCases: [string, number[], number[], boolean, boolean][] = [
      ['lock-step batch', [4, 7, 5], [4, 5, 3], false, false],
      ['a broadcast over b\'s batch', [7, 5], [2, 3, 5, 3], false, false],
      ['b broadcast over a\'s batch, transposed', [2, 3, 5, 7], [1, 3, 5], true, true],
      ['256-wide layer, odd rows', [33, 256], [256, 129], false, false],
      ['one row (matrix-vector path)', [1, 5], [5, 3], false, false],
      ['one row, transposed b, lock-step batch', [4, 1, 5], [4, 3, 5], false, true],
    ];
    for (const [name, sa, sb, transA, transB] of batchCases) {
      it(`BatchMatMul equals the stock kernel: ${name}`, () => {
        const a = random(sa, 8);
        const b = random(sb, 9);
        const sameBatch = sa.length === sb.length && sa.slice(0, -2).every((d, i) => d === sb[i]);
        const body = sameBatch
          ? () => valueAndGrads((x, y) => tf.matMul(x, y, transA, transB), a, b, 10)
          : () => tf.tidy(() => [Float32Array.from(tf.matMul(a, b, transA, transB).dataSync())]);
        const r = bothWays(native, body);
        r.stock.forEach((s, i) => expect(maxRelativeError(r.native[i] ?? new Float32Array(), s)).toBeLessThan(TOLERANCE));
        expect(r.nativeCalls).toBeGreaterThan(0);
        tf.dispose([a, b]);
      });
    }

    it('falls back to the stock kernel for what it does not cover', () => {
      const r = bothWays(native, () =>
        tf.tidy(() => {
          const a = random([5, 4], 11);
          const b = random([4, 3], 12);
          return [
            // elu is not fused by the addon
            tf.fused.matMul({ a, b, activation: 'elu' }),
            // PReLU needs per-element weights
            tf.fused.matMul({ a, b, activation: 'prelu', preluActivationWeights: random([3], 13) }),
            // general batch broadcasting ([2,1] × [1,3])
            tf.matMul(random([2, 1, 5, 4], 14), random([1, 3, 4, 3], 15)),
          ].map((t) => Float32Array.from(t.dataSync()));
        }),
      );
      expect(r.fallbacks).toBe(3);
      expect(r.nativeCalls).toBe(0);
      r.stock.forEach((s, i) => expect(Array.from(r.native[i] ?? [])).toEqual(Array.from(s)));
    });

    it('an empty inner dimension gives zeros (the stock kernel leaves the output uninitialised)', () => {
      installNativeMatMul(native);
      const y = tf.tidy(() => Array.from(tf.matMul(tf.zeros([2, 0]), tf.zeros([0, 3])).dataSync()));
      expect(y).toEqual([0, 0, 0, 0, 0, 0]);
    });

    it('survives wasm heap growth between products (views are taken after the output is allocated)', () => {
      installNativeMatMul(native);
      const a = random([64, 64], 16);
      const b = random([64, 64], 17);
      const before = Float32Array.from(tf.matMul(a, b).dataSync());
      // Grow the heap with large live tensors, then multiply again.
      const big = Array.from({ length: 8 }, () => tf.zeros([1024, 1024]));
      const after = tf.tidy(() => Float32Array.from(tf.matMul(a, b).dataSync()));
      expect(Array.from(after)).toEqual(Array.from(before));
      tf.dispose([a, b, ...big]);
    });

    it('selectBackend reports wasm+openblas with the addon and wasm without it', async () => {
      expect((await selectBackend('wasm', { native: true })).path).toBe('wasm+openblas');
      expect(nativeMatMulInstalled()).toBe(true);
      const off = await selectBackend('wasm', { native: false });
      expect(off.path).toBe('wasm');
      expect(off.nativeSkipped).toMatch(/switched off/);
      expect(nativeMatMulInstalled()).toBe(false);
    });
  });

  it('a missing addon is a reason, not an exception, and the backend stays plain wasm', async () => {
    const missing = loadNativeBlas('/nonexistent/cavlab_blas.node');
    expect(missing.ok).toBe(false);
    expect(missing.ok ? '' : missing.reason).toMatch(/not built/);
    const selection = await selectBackend('wasm', { native: false });
    expect(selection.path).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('CAVLAB_NATIVE=0 switches the addon off', () => {
    expect(nativeDisabledByEnv({ CAVLAB_NATIVE: '0' })).toBe(true);
    expect(nativeDisabledByEnv({})).toBe(false);
  });
});
