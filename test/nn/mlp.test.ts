import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/nn/backend.js';
import { ShapeMismatchError } from '../../src/nn/errors.js';
import { getFlatParams, parameterCount, setFlatParams } from '../../src/nn/flat-params.js';
import { Mlp } from '../../src/nn/mlp.js';
import type { MatMulMode } from '../../src/nn/mlp.js';
import { mulberry32 } from '../../src/nn/random.js';
import { SquashedGaussian } from '../../src/nn/squashed-gaussian.js';

describe('Mlp and flat parameters', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('the figure-eight actor (6 inputs, one action → mean and std parameter) has 68,098 parameters', () => {
    // 6·256+256 + 256·256+256 + 256·2+2 = 68,098 (RSM-MASAC Table V; algorithms.md).
    const head = new SquashedGaussian({ low: [-1], high: [1] });
    const actor = Mlp.create([6, 256, 256, head.headSize], mulberry32(1));
    expect(parameterCount(actor.variables)).toBe(68_098);
    actor.dispose();
    head.dispose();
  });

  it('get/set as one Float32Array round-trips and changes the outputs accordingly', () => {
    const a = Mlp.create([3, 5, 2], mulberry32(2));
    const b = Mlp.create([3, 5, 2], mulberry32(3));
    const flat = getFlatParams(a.variables);
    expect(flat.length).toBe(3 * 5 + 5 + 5 * 2 + 2);
    setFlatParams(b.variables, flat);
    expect(Array.from(getFlatParams(b.variables))).toEqual(Array.from(flat));
    tf.tidy(() => {
      const x = tf.tensor2d([0.1, -0.2, 0.3, 1, 2, -3], [2, 3]);
      expect(Array.from(b.apply(x).dataSync())).toEqual(Array.from(a.apply(x).dataSync()));
    });
    // The caller may reuse its buffer: the network must not alias it.
    flat.fill(0);
    expect(getFlatParams(b.variables).some((v) => v !== 0)).toBe(true);
    expect(() => setFlatParams(b.variables, new Float32Array(3))).toThrow(ShapeMismatchError);
    a.dispose();
    b.dispose();
  });

  it('the same seed gives the same initial weights', () => {
    const a = Mlp.create([4, 8, 1], mulberry32(7));
    const b = Mlp.create([4, 8, 1], mulberry32(7));
    expect(Array.from(getFlatParams(b.variables))).toEqual(Array.from(getFlatParams(a.variables)));
    a.dispose();
    b.dispose();
  });

  it('fused and custom-matmul layers give the same values and gradients as plain autodiff', () => {
    const modes: MatMulMode[] = ['autodiff', 'custom-matmul', 'fused', 'auto'];
    const nets = modes.map((matMulMode) => Mlp.create([5, 9, 7, 3], mulberry32(11), { matMulMode }));
    const results = nets.map((net) =>
      tf.tidy(() => {
        const x = tf.tensor2d(Float32Array.from({ length: 4 * 5 }, (_, i) => Math.sin(i)), [4, 5]);
        const w = tf.tensor2d(Float32Array.from({ length: 4 * 3 }, (_, i) => Math.cos(i)), [4, 3]);
        const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(net.apply(x, { input: false, weights: true }), w)), net.variables);
        return { value: value.dataSync()[0] ?? Number.NaN, grads: net.variables.map((v) => Array.from(grads[v.name]?.dataSync() ?? [])) };
      }),
    );
    const [reference, ...others] = results;
    for (const other of others) {
      expect(other.value).toBeCloseTo(reference?.value ?? Number.NaN, 5);
      other.grads.forEach((g, i) => {
        const r = reference?.grads[i] ?? [];
        const scale = Math.max(...r.map(Math.abs), 1e-12);
        g.forEach((v, j) => expect(Math.abs(v - (r[j] ?? Number.NaN)) / scale).toBeLessThan(1e-5));
      });
    }
    for (const net of nets) net.dispose();
  });
});
