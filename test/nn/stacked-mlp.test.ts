// StackedMlp (src/nn/stacked-mlp.ts): K nets of one shape in one pass; forwardRange computes a range of the nets into
// a shared output with exactly forward's numbers (MA-PETS's planner splits its passes over two threads that way).
import { describe, expect, it } from 'vitest';
import { StackedMlp } from '../../src/nn/stacked-mlp.js';
import { Rng } from '../../src/util/rng.js';

const SIZES = [5, 7, 7, 3];
const NETS = 6;
const ROWS = 4;

function filled(length: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length }, () => rng.uniform(-1, 1));
}

describe('StackedMlp', () => {
  for (const native of [false, true]) {
    it(`forwardRange over disjoint ranges gives forward's numbers (${native ? 'OpenBLAS when it loads' : 'plain loops'}), also over given parameters`, () => {
      const mlp = new StackedMlp(SIZES, NETS, { native });
      const params = filled(NETS * mlp.parameterCount, 1);
      for (let k = 0; k < NETS; k++) mlp.setParams(k, params.subarray(k * mlp.parameterCount, (k + 1) * mlp.parameterCount));
      const x = filled(NETS * ROWS * 5, 2);
      const whole = mlp.forward(x, ROWS).slice();
      const other = new StackedMlp(SIZES, NETS, { native, params });
      expect(other.engine).toBe(mlp.engine);
      const out = new Float32Array(NETS * ROWS * 3).fill(Number.NaN);
      other.forwardRange(x, ROWS, 0, 2, out);
      expect(out.subarray(2 * ROWS * 3).every(Number.isNaN)).toBe(true);
      other.forwardRange(x, ROWS, 2, NETS, out);
      expect([...out]).toEqual([...whole]);
      expect(new Set(whole).size).toBeGreaterThan(NETS);
    });
  }

  it('refuses a range outside its nets and parameters of the wrong size', () => {
    const mlp = new StackedMlp(SIZES, NETS, { native: false });
    const x = new Float32Array(NETS * ROWS * 5);
    const out = new Float32Array(NETS * ROWS * 3);
    expect(() => mlp.forwardRange(x, ROWS, 4, 7, out)).toThrow(/net range must be within \[0, 6\), got \[4, 7\)/);
    expect(() => mlp.forwardRange(x, ROWS, 3, 3, out)).toThrow(/got \[3, 3\)/);
    expect(() => new StackedMlp(SIZES, NETS, { params: new Float32Array(3) })).toThrow(/StackedMlp shared parameters/);
  });
});
