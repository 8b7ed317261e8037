import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/nn/backend.js';
import { FlatAdam } from '../../src/nn/flat-adam.js';
import { loadNativeBlas } from '../../src/nn/native-blas.js';
import { polyakUpdate } from '../../src/nn/polyak.js';
import { mulberry32 } from '../../src/nn/random.js';

function randomValues(n: number, seed: number): Float32Array {
  const rng = mulberry32(seed);
  return Float32Array.from({ length: n }, () => rng.next() * 2 - 1);
}

const CONFIG = { learningRate: 1e-2, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

describe('FlatAdam', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('takes the same steps as tf.train.adam (5 steps, two variables)', () => {
    const shapes = [[3, 4], [4]];
    const ours = shapes.map((s, i) => tf.variable(tf.tensor(randomValues(tf.util.sizeFromShape(s), i), s)));
    const theirs = shapes.map((s, i) => tf.variable(tf.tensor(randomValues(tf.util.sizeFromShape(s), i), s)));
    const flat = new FlatAdam(ours, CONFIG);
    const reference = tf.train.adam(CONFIG.learningRate, CONFIG.beta1, CONFIG.beta2, CONFIG.epsilon);
    for (let step = 0; step < 5; step++) {
      const grads = shapes.map((s, i) => tf.tensor(randomValues(tf.util.sizeFromShape(s), 100 + 10 * step + i), s));
      flat.step(grads);
      reference.applyGradients(Object.fromEntries(theirs.map((v, i) => [v.name, grads[i] as tf.Tensor])));
      tf.dispose(grads);
    }
    ours.forEach((v, i) => {
      const a = v.dataSync();
      const b = (theirs[i] as tf.Variable).dataSync();
      a.forEach((x, j) => expect(x).toBeCloseTo(b[j] ?? Number.NaN, 5));
    });
    expect(flat.iterations).toBe(5);
    tf.dispose([...ours, ...theirs]);
    reference.dispose();
  });

  it.skipIf(!loadNativeBlas().ok)('the addon\'s Adam and Polyak loops match the JS loops', async () => {
    const run = async (native: boolean): Promise<number[]> => {
      await selectBackend('wasm', { native });
      const v = tf.variable(tf.tensor1d(randomValues(50, 7)));
      const t = tf.variable(tf.tensor1d(randomValues(50, 8)));
      const adam = new FlatAdam([v], CONFIG);
      for (let i = 0; i < 4; i++) adam.step([randomValues(50, 30 + i)]);
      polyakUpdate([t], [v], 0.3);
      const out = [...Array.from(v.dataSync()), ...Array.from(t.dataSync())];
      tf.dispose([v, t]);
      return out;
    };
    try {
      const js = await run(false);
      const native = await run(true);
      native.forEach((x, i) => expect(x).toBeCloseTo(js[i] ?? Number.NaN, 5));
    } finally {
      await selectBackend('wasm');
    }
  });

  it('never writes through a buffer: a tensor sharing the old value keeps it', () => {
    const v = tf.variable(tf.tensor1d([1, 2, 3]));
    const sharer = tf.variable(v); // shares v's buffer (tfjs assigns by reference)
    const flat = new FlatAdam([v], CONFIG);
    flat.step([Float32Array.of(1, 1, 1)]);
    flat.step([Float32Array.of(1, 1, 1)]);
    expect(Array.from(sharer.dataSync())).toEqual([1, 2, 3]);
    expect(v.dataSync()[0]).toBeLessThan(1);
    tf.dispose([v, sharer]);
  });

  it('the stock wasm matMul sees the new weights (it caches packed weights per tensor id)', async () => {
    await selectBackend('wasm', { native: false });
    try {
      const w = tf.variable(tf.tensor2d([[1, 0], [0, 1]]));
      const x = tf.tensor2d([[1, 2]]);
      const before = Array.from(tf.matMul(x, w).dataSync());
      new FlatAdam([w], { ...CONFIG, learningRate: 0.5 }).step([Float32Array.of(1, 1, 1, 1)]);
      const after = Array.from(tf.matMul(x, w).dataSync());
      expect(before).toEqual([1, 2]);
      expect(after[0]).toBeCloseTo(0.5 * 1 + 2 * -0.5, 5);
      expect(after[1]).toBeCloseTo(1 * -0.5 + 2 * 0.5, 5);
      tf.dispose([w, x]);
    } finally {
      await selectBackend('wasm');
    }
  });

  it('exports and imports its moments: a restored optimiser continues identically', () => {
    const a = tf.variable(tf.tensor1d(randomValues(6, 1)));
    const b = tf.variable(tf.tensor1d(randomValues(6, 1)));
    const adamA = new FlatAdam([a], CONFIG);
    const adamB = new FlatAdam([b], CONFIG);
    expect(adamA.state().moments.length).toBe(0);
    for (let i = 0; i < 3; i++) adamA.step([randomValues(6, 10 + i)]);
    const state = adamA.state();
    expect(state.moments.length).toBe(12);
    b.assign(a.clone());
    adamB.loadState(state);
    for (let i = 0; i < 3; i++) {
      const g = randomValues(6, 20 + i);
      adamA.step([g]);
      adamB.step([g]);
    }
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(() => adamB.loadState({ ...state, moments: new Float32Array(5) })).toThrow(/moments/);
    tf.dispose([a, b]);
  });
});

describe('polyakUpdate', () => {
  it('moves targets τ of the way to the sources', () => {
    const target = tf.variable(tf.tensor1d([0, 10]));
    const source = tf.variable(tf.tensor1d([1, 0]));
    polyakUpdate([target], [source], 0.25);
    const values = Array.from(target.dataSync());
    expect(values[0]).toBeCloseTo(0.25, 6);
    expect(values[1]).toBeCloseTo(7.5, 6);
    expect(Array.from(source.dataSync())).toEqual([1, 0]);
    expect(() => polyakUpdate([target], [source], 0)).toThrow(/tau/);
    tf.dispose([target, source]);
  });
});
