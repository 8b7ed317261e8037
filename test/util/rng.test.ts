import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/util/rng.js';

function take(rng: Rng, n: number): number[] {
  return Array.from({ length: n }, () => rng.nextUint32());
}

describe('Rng (xoshiro128** seeded by splitmix32)', () => {
  it('matches the reference C implementation with the same seeding', () => {
    // Words printed by xoshiro128** from prng.di.unimi.it plus this file's splitmix32 seeding, compiled with gcc.
    expect(take(new Rng(42), 5)).toEqual([1874330980, 2143255774, 4055375598, 4093523872, 3527872070]);
    expect(take(new Rng(42, 7), 5)).toEqual([1674507871, 2794023473, 2559553035, 2153124934, 235588541]);
    expect(take(new Rng(0), 5)).toEqual([4187458251, 2444602982, 3872279642, 1301277917, 3522596180]);
  });

  it('is deterministic per (seed, stream) and differs across seeds and streams', () => {
    expect(take(new Rng(123, 4), 100)).toEqual(take(new Rng(123, 4), 100));
    expect(take(new Rng(123), 20)).not.toEqual(take(new Rng(124), 20));
    expect(take(new Rng(123), 20)).not.toEqual(take(new Rng(123, 1), 20));
  });

  it('draws uniform, integer and normal samples with the right ranges and moments', () => {
    const rng = new Rng(7);
    const n = 50_000;
    let sumU = 0;
    let sumZ = 0;
    let sumZ2 = 0;
    let inRange = true;
    const counts = [0, 0, 0];
    for (let k = 0; k < n; k++) {
      const u = rng.uniform(-1, 3);
      inRange &&= u >= -1 && u < 3;
      sumU += u;
      const i = rng.int(3);
      counts[i] = (counts[i] ?? 0) + 1;
      const z = rng.normal();
      sumZ += z;
      sumZ2 += z * z;
    }
    expect(inRange).toBe(true);
    expect(Math.abs(sumU / n - 1)).toBeLessThan(0.02);
    for (const c of counts) expect(Math.abs(c / n - 1 / 3)).toBeLessThan(0.01);
    expect(Math.abs(sumZ / n)).toBeLessThan(0.02);
    expect(Math.abs(sumZ2 / n - 1)).toBeLessThan(0.03);
  });

  it('rejects seeds and ranges it cannot honour', () => {
    expect(() => new Rng(-1)).toThrow(/seed/);
    expect(() => new Rng(1.5)).toThrow(/seed/);
    expect(() => new Rng(1).int(0)).toThrow(/int/);
  });

  it('state() / restore() continue the same sequence; bad states are refused', () => {
    const a = new Rng(9, 3);
    take(a, 7);
    const b = new Rng(1);
    b.restore(a.state());
    expect(take(b, 10)).toEqual(take(a, 10));
    expect(() => b.restore([1, 2, 3])).toThrow(/4 words/);
    expect(() => b.restore([0, 0, 0, 0])).toThrow(/all zero/);
  });
});
