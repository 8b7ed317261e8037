import { describe, expect, it } from 'vitest';
import { createReward, REWARDS } from '../../src/env/rewards/registry.js';
import { snapshot, vehicle } from './fixtures.js';

describe('rewards', () => {
  const s = snapshot([vehicle('a', 10, 0, { id: 'b', gap: 20 }, { id: 'c', gap: 3 }), vehicle('b', 12, 0, null, null), vehicle('c', 8, 0, null, null)]);

  it('figure8 / merge (public code): mean speed of all vehicles / max speed 30 m/s, 0 on a crash step; mean-speed / desired', () => {
    // (10 + 12 + 8) / 3 = 10 m/s; / 30 m/s (the network's max speed, not the 20 m/s target) → 1/3 for every agent.
    expect(createReward({ id: 'figure8', params: {} })(s, 'a')).toBeCloseTo(1 / 3, 12);
    expect(createReward({ id: 'merge', params: {} })(s, 'b')).toBeCloseTo(1 / 3, 12);
    expect(createReward({ id: 'figure8', params: {} })({ ...s, collisions: 1 }, 'a')).toBe(0);
    expect(createReward({ id: 'merge', params: {} })({ ...s, collisions: 0 }, 'a')).toBeCloseTo(1 / 3, 12);
    // The generic mean-speed reward divides by the desired speed (20) → 0.5.
    expect(createReward({ id: 'mean-speed', params: {} })(s, 'a')).toBeCloseTo(0.5, 12);
    // Without a desired speed the limit (30) normalises: 10 / 30.
    const t = snapshot([...s.vehicles.values()], { desiredSpeed: null });
    expect(createReward({ id: 'mean-speed', params: {} })(t, 'a')).toBeCloseTo(1 / 3, 12);
    expect(createReward({ id: 'mean-speed', params: {} })(snapshot([]), 'a')).toBe(0);
  });

  it('intersection8: v + 0.85 (v_a + v_b) − 7.5 · 1[b]', () => {
    // Follower at 3 m < 5 m sets b: 10 + 0.85 × (12 + 8) − 7.5 = 19.5.
    expect(createReward({ id: 'intersection8', params: {} })(s, 'a')).toBeCloseTo(19.5, 12);
    // λ = 0.5, ζ = 0 → 10 + 0.5 × 20 = 20.
    expect(createReward({ id: 'intersection8', params: { lambda: 0.5, zeta: 0 } })(s, 'a')).toBeCloseTo(20, 12);
    // No neighbours: just the own speed.
    expect(createReward({ id: 'intersection8', params: {} })(snapshot([vehicle('z', 7, 0, null, null)]), 'z')).toBe(7);
  });

  it('knows the four ids and rejects others', () => {
    expect([...REWARDS.keys()]).toEqual(['figure8', 'merge', 'intersection8', 'mean-speed']);
    expect(() => createReward({ id: 'nope', params: {} })).toThrow(/unknown reward id "nope"/);
  });
});
