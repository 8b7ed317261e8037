import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/nn/backend.js';
import { matMul } from '../../src/nn/matmul.js';
import { mulberry32 } from '../../src/nn/random.js';

function randomMatrix(rows: number, cols: number, seed: number): tf.Tensor2D {
  const rng = mulberry32(seed);
  return tf.tensor2d(Float32Array.from({ length: rows * cols }, () => rng.next() * 2 - 1), [rows, cols]);
}

function maxRelativeError(actual: Float32Array | Int32Array | Uint8Array, expected: Float32Array | Int32Array | Uint8Array): number {
  let scale = 0;
  for (const x of expected) scale = Math.max(scale, Math.abs(x));
  let worst = 0;
  expected.forEach((x, i) => {
    worst = Math.max(worst, Math.abs((actual[i] ?? Number.NaN) - x) / Math.max(scale, 1e-12));
  });
  return worst;
}

describe('custom-gradient matMul', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  // y = op(a)·op(b) with [m, k]·[k, n]; odd sizes so a transpose mix-up cannot go unnoticed.
  const m = 7;
  const k = 5;
  const n = 3;
  for (const transposeA of [false, true]) {
    for (const transposeB of [false, true]) {
      it(`matches tf.matMul values and gradients (transposeA=${transposeA}, transposeB=${transposeB})`, () => {
        tf.tidy(() => {
          const a = transposeA ? randomMatrix(k, m, 1) : randomMatrix(m, k, 1);
          const b = transposeB ? randomMatrix(n, k, 2) : randomMatrix(k, n, 2);
          // A non-uniform upstream gradient: loss = Σ w ⊙ y.
          const w = randomMatrix(m, n, 3);
          const reference = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x, y, transposeA, transposeB), w)));
          const ours = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(matMul(x as tf.Tensor2D, y as tf.Tensor2D, transposeA, transposeB), w)));
          const [ra, rb] = reference([a, b]);
          const [oa, ob] = ours([a, b]);
          expect(maxRelativeError(matMul(a, b, transposeA, transposeB).dataSync(), tf.matMul(a, b, transposeA, transposeB).dataSync())).toBeLessThan(1e-5);
          expect(oa?.shape).toEqual(a.shape);
          expect(ob?.shape).toEqual(b.shape);
          expect(maxRelativeError(oa?.dataSync() ?? new Float32Array(), ra?.dataSync() ?? new Float32Array(1))).toBeLessThan(1e-5);
          expect(maxRelativeError(ob?.dataSync() ?? new Float32Array(), rb?.dataSync() ?? new Float32Array(1))).toBeLessThan(1e-5);
        });
      });
    }
  }

  it('an input declared without gradient gets zeros and the other one stays exact', () => {
    tf.tidy(() => {
      const a = randomMatrix(4, 6, 4);
      const b = randomMatrix(6, 2, 5);
      const [, rb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.matMul(x, y)))([a, b]);
      const [oa, ob] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(matMul(x as tf.Tensor2D, y as tf.Tensor2D, false, false, { a: false, b: true })))([a, b]);
      expect(Array.from(oa?.dataSync() ?? [1])).toEqual(new Array(24).fill(0));
      expect(maxRelativeError(ob?.dataSync() ?? new Float32Array(), rb?.dataSync() ?? new Float32Array(1))).toBeLessThan(1e-5);
    });
  });

  it('leaves no tensors behind', () => {
    const a = randomMatrix(8, 8, 6);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      tf.tidy(() => {
        tf.grads((x: tf.Tensor) => tf.sum(matMul(x as tf.Tensor2D, a)))([a]);
      });
    }
    expect(tf.memory().numTensors).toBe(before);
    a.dispose();
  });
});
