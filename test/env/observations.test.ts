import { describe, expect, it } from 'vitest';
import { createObservation, OBSERVATIONS } from '../../src/env/observations/registry.js';
import { snapshot, vehicle } from './fixtures.js';

const obs = (id: string, params: Record<string, number> = {}) => createObservation({ id, params }).fn;

describe('figure8 observation (RSM-MASAC, public code order)', () => {
  // Loop of 400 m, speed limit 30: a at 100 m doing 15 m/s, leader b at 130 m (12 m/s), follower c at 390 m (24 m/s).
  const s = snapshot([
    vehicle('a', 15, 100, { id: 'b', gap: 25 }, { id: 'c', gap: 105 }),
    vehicle('b', 12, 130, null, { id: 'a', gap: 25 }),
    vehicle('c', 24, 390, { id: 'a', gap: 105 }, null),
  ]);

  it('is [own pos, own speed, follower pos, follower speed, leader pos, leader speed], / loop length and / 30 m/s', () => {
    expect([...obs('figure8')(s, 'a')]).toEqual([0.25, 0.5, 0.975, 0.8, 0.325, 0.4].map(Math.fround));
    expect(obs('merge-position-speed')(s, 'a')).toEqual(obs('figure8')(s, 'a'));
  });

  it('puts zeros for a missing neighbour', () => {
    // b has no leader, c no follower (this snapshot is not a loop of three).
    expect([...obs('figure8')(s, 'b')].slice(4, 6)).toEqual([0, 0]);
    expect([...obs('figure8')(s, 'c')].slice(2, 4)).toEqual([0, 0]);
  });

  it('places a neighbour off the path at own position ± gap, wrapped on the loop', () => {
    // d is off the path (ramp): its position is taken as a's 100 − 110 = −10 → 390 on a 400 m loop.
    const t = snapshot([vehicle('a', 15, 100, null, { id: 'd', gap: 110 }), vehicle('d', 6, null, null, null)]);
    expect([...obs('figure8')(t, 'a')].slice(2, 4)).toEqual([Math.fround(390 / 400), Math.fround(0.2)]);
    const open = snapshot([vehicle('a', 15, 100, null, { id: 'd', gap: 110 }), vehicle('d', 6, null, null, null)], { loop: false, pathLength: 700 });
    expect(obs('merge-position-speed')(open, 'a')[2]).toBeCloseTo(-10 / 700, 6);
  });

  it('throws for an agent not in the snapshot', () => {
    expect(() => obs('figure8')(s, 'zz')).toThrow(/agent zz is not in the snapshot/);
  });
});

describe("merge observation (RSM-MASAC, the code's MergePOEnv state)", () => {
  it('is [v, (v_lead − v), h_lead, (v − v_follow), h_follow, x] with speeds / 30 and lengths / the path length', () => {
    const s = snapshot([
      vehicle('a', 15, 100, { id: 'b', gap: 25 }, { id: 'c', gap: 40 }),
      vehicle('b', 12, 130, null, null),
      vehicle('c', 24, 55, null, null),
    ], { loop: false, pathLength: 700 });
    expect([...obs('merge')(s, 'a')]).toEqual([15 / 30, -3 / 30, 25 / 700, -9 / 30, 40 / 700, 100 / 700].map(Math.fround));
  });

  it('reads a missing leader as max speed a path length ahead, a missing follower as standing a path length behind', () => {
    const alone = snapshot([vehicle('a', 15, 350, null, null)], { loop: false, pathLength: 700 });
    expect([...obs('merge')(alone, 'a')]).toEqual([0.5, 0.5, 1, 0.5, 1, 0.5]);
  });
});

describe('intersection8 observation (MA-PMBRL)', () => {
  it('gives [v, x, y, v_a, l_a, v_b, l_b, b] with gaps clipped to 75 m and b for gaps under 5 m', () => {
    const s = snapshot([
      vehicle('a', 10, 0, { id: 'b', gap: 4 }, { id: 'c', gap: 80 }, [12.5, -3]),
      vehicle('b', 8, 0, null, null),
      vehicle('c', 13, 0, null, null),
    ], { speedLimit: 13.89 });
    expect([...obs('intersection8')(s, 'a')]).toEqual([10, 12.5, -3, 8, 4, 13, 75, 1]);
    // A custom l_safe of 3 m clears the flag; a missing leader reads as speed 0 at 75 m.
    expect(obs('intersection8', { safeGap: 3 })(s, 'a')[7]).toBe(0);
    const alone = snapshot([vehicle('a', 10, 0, null, null, [1, 2])]);
    expect([...obs('intersection8')(alone, 'a')]).toEqual([10, 1, 2, 0, 75, 0, 75, 0]);
  });
});

describe('leader-follower observation (generic)', () => {
  it('normalises speeds by the limit and gaps by maxGap, clipped to [0, 1]', () => {
    const s = snapshot([vehicle('a', 15, null, { id: 'b', gap: 50 }, { id: 'c', gap: 250 }), vehicle('b', 30, null, null, null), vehicle('c', 3, null, null, null)], { pathLength: null, loop: false });
    expect([...obs('leader-follower')(s, 'a')]).toEqual([0.5, 1, 0.5, 0.1, 1].map(Math.fround));
    expect([...obs('leader-follower', { maxGap: 200 })(s, 'a')]).toEqual([0.5, 1, 0.25, 0.1, 1].map(Math.fround));
  });

  it('declares the size of what it returns', () => {
    for (const spec of OBSERVATIONS.values()) {
      const s = snapshot([vehicle('a', 1, 1, null, null)]);
      expect(spec.create(spec.defaults)(s, 'a')).toHaveLength(spec.size);
    }
  });
});
