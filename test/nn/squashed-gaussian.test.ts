import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/nn/backend.js';
import { SquashedGaussian, STD_FLOOR } from '../../src/nn/squashed-gaussian.js';

const softplus = (x: number): number => Math.log1p(Math.exp(x));

describe('SquashedGaussian', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  const bounds = { low: [-3, 0], high: [1, 0.5] };

  it('log-prob equals log N(u) − log|da/du| with the Jacobian taken numerically (float64)', () => {
    const head = new SquashedGaussian(bounds);
    const rows = [
      [0.3, -0.7, 0.2, -1.5],
      [-1.2, 0.4, -0.5, 0.9],
      [2.0, 1.1, 1.3, -3],
    ];
    const noise = [
      [0.5, -1.1],
      [-0.3, 2.2],
      [1.7, 0.05],
    ];
    const { action, logProb } = tf.tidy(() => {
      const s = head.sample(tf.tensor2d(rows), tf.tensor2d(noise));
      return { action: s.action.arraySync(), logProb: s.logProb.arraySync() };
    });
    rows.forEach((row, r) => {
      let expected = 0;
      for (let d = 0; d < 2; d++) {
        const mean = row[d] ?? 0;
        const std = softplus(row[d + 2] ?? 0) + STD_FLOOR;
        const u = mean + std * (noise[r]?.[d] ?? 0);
        const low = bounds.low[d] ?? 0;
        const high = bounds.high[d] ?? 0;
        const f = (x: number): number => low + ((high - low) * (Math.tanh(x) + 1)) / 2;
        const h = 1e-5;
        const jacobian = (f(u + h) - f(u - h)) / (2 * h);
        expected += -0.5 * ((u - mean) / std) ** 2 - Math.log(std) - 0.5 * Math.log(2 * Math.PI) - Math.log(jacobian);
        const a = action[r]?.[d] ?? Number.NaN;
        expect(a).toBeCloseTo(f(u), 5);
        expect(a).toBeGreaterThanOrEqual(low);
        expect(a).toBeLessThanOrEqual(high);
      }
      expect(logProb[r]).toBeCloseTo(expected, 3);
    });
    head.dispose();
  });

  it('the density over the bounded action integrates to 1', () => {
    const head = new SquashedGaussian({ low: [-2], high: [3] });
    const mean = 0.4;
    const rawStd = 0.1;
    const std = softplus(rawStd) + STD_FLOOR;
    // Trapezoid rule over the open interval (−2, 3); the density vanishes at the ends.
    const n = 4001;
    const actions = Array.from({ length: n }, (_, i) => -2 + (5 * (i + 0.5)) / n);
    const u = actions.map((a) => Math.atanh((a - 0.5) / 2.5));
    const logp = tf.tidy(() => {
      const means = tf.fill([n, 1], mean) as tf.Tensor2D;
      const stds = tf.fill([n, 1], std) as tf.Tensor2D;
      return head.logProbPreTanh(means, stds, tf.tensor2d(u, [n, 1])).arraySync();
    });
    const integral = logp.reduce((s, lp) => s + Math.exp(lp) * (5 / n), 0);
    expect(integral).toBeCloseTo(1, 3);
    head.dispose();
  });

  it('the deterministic action is tanh(μ) scaled into the bounds', () => {
    const head = new SquashedGaussian(bounds);
    const a = tf.tidy(() => head.mode(tf.tensor2d([[0.5, -0.25, 9, 9]])).arraySync());
    expect(a[0]?.[0]).toBeCloseTo(-1 + 2 * Math.tanh(0.5), 5);
    expect(a[0]?.[1]).toBeCloseTo(0.25 + 0.25 * Math.tanh(-0.25), 5);
    head.dispose();
  });

  it('rejects bounds with high ≤ low', () => {
    expect(() => new SquashedGaussian({ low: [1], high: [1] })).toThrow(RangeError);
  });
});
