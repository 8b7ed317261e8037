import { describe, expect, it } from 'vitest';
import { cemMaximise } from '../../../src/agents/controllers/ma-pets/cem.js';
import { Rng } from '../../../src/util/rng.js';

describe('cemMaximise', () => {
  // Two independent problems of 3 steps × 2 actions in [−1, 1]: maximise −Σ (x − x*)², minimiser x* inside the bounds.
  const D = 6;
  const targets = [Float32Array.from([0.5, -0.3, 0.1, 0.8, -0.9, 0]), Float32Array.from([-0.6, 0.2, 0.7, -0.1, 0.4, 0.3])];
  const problem = { problems: 2, dim: D, low: new Float32Array(D).fill(-1), high: new Float32Array(D).fill(1) };
  const settings = { population: 200, elites: 20, iterations: 25, alpha: 0.1, epsilon: 0 };

  it('finds the minimiser of a quadratic cost for every problem, one objective call per iteration', () => {
    let calls = 0;
    const objective = (c: Float32Array): Float32Array => {
      calls += 1;
      const n = c.length / (2 * D);
      return Float32Array.from({ length: 2 * n }, (_, r) => {
        const target = targets[Math.floor(r / n)] as Float32Array;
        let cost = 0;
        for (let d = 0; d < D; d++) cost += ((c[r * D + d] as number) - (target[d] as number)) ** 2;
        return -cost;
      });
    };
    const mean = cemMaximise(problem, settings, new Float32Array(2 * D), new Float32Array(2 * D).fill(0.25), objective, new Rng(7));
    expect(calls).toBe(settings.iterations);
    for (let g = 0; g < 2; g++) for (let d = 0; d < D; d++) expect(Math.abs((mean[g * D + d] as number) - (targets[g]?.[d] as number))).toBeLessThan(0.05);
  });

  it('stays inside the bounds when the optimum lies beyond them, and stops once the variance is below ε', () => {
    let calls = 0;
    const beyond = (c: Float32Array): Float32Array => {
      calls += 1;
      return Float32Array.from({ length: c.length / D }, (_, r) => -(((c[r * D] as number) - 5) ** 2));
    };
    const mean = cemMaximise({ ...problem, problems: 1 }, { ...settings, epsilon: 1e-3, iterations: 100 }, new Float32Array(D), new Float32Array(D).fill(0.25), beyond, new Rng(3));
    expect(mean[0]).toBeGreaterThan(0.9);
    expect(mean[0]).toBeLessThanOrEqual(1);
    expect(calls).toBeLessThan(100);
  });

  it('refuses more elites than candidates', () => {
    expect(() => cemMaximise(problem, { ...settings, elites: 300 }, new Float32Array(2 * D), new Float32Array(2 * D), () => new Float32Array(0), new Rng(1))).toThrow(/elites/);
  });
});
