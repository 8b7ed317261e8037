import { describe, expect, it } from 'vitest';
import { ReplayBuffer } from '../../src/agents/replay.js';
import { mulberry32 } from '../../src/nn/random.js';

function filled(capacity: number, count: number): ReplayBuffer {
  const buffer = new ReplayBuffer({ capacity, obsDim: 2, actionDim: 1 });
  for (let i = 0; i < count; i++) buffer.add([i, -i], [i / 10], i * 100, [i + 1, -i - 1], i % 3 === 0);
  return buffer;
}

describe('ReplayBuffer', () => {
  it('wraps around: keeps the newest `capacity` transitions, overwriting the oldest', () => {
    const buffer = filled(4, 6);
    expect(buffer.size).toBe(4);
    const state = buffer.state();
    // Slots 0 and 1 now hold transitions 4 and 5; slots 2 and 3 still hold 2 and 3.
    expect(Array.from(state.rewards)).toEqual([400, 500, 200, 300]);
    expect(Array.from(state.obs)).toEqual([4, -4, 5, -5, 2, -2, 3, -3]);
    expect(Array.from(state.terminated)).toEqual([0, 0, 0, 1]);
    expect(state.position).toBe(2);
  });

  it('samples only stored transitions, each row consistent across fields', () => {
    const buffer = filled(8, 5);
    const batch = buffer.sample(64, mulberry32(1));
    expect(batch.size).toBe(64);
    for (let k = 0; k < 64; k++) {
      const i = batch.obs[2 * k] ?? Number.NaN;
      expect(i).toBeGreaterThanOrEqual(0);
      expect(i).toBeLessThan(5);
      expect(batch.obs[2 * k + 1]).toBe(-i);
      expect(batch.actions[k]).toBeCloseTo(i / 10, 6);
      expect(batch.rewards[k]).toBe(i * 100);
      expect(batch.nextObs[2 * k]).toBe(i + 1);
      expect(batch.terminated[k]).toBe(i % 3 === 0 ? 1 : 0);
    }
  });

  it('sampling is determined by the seed', () => {
    const buffer = filled(100, 100);
    const a = buffer.sample(32, mulberry32(42));
    const b = buffer.sample(32, mulberry32(42));
    const c = buffer.sample(32, mulberry32(43));
    expect(Array.from(a.rewards)).toEqual(Array.from(b.rewards));
    expect(Array.from(a.rewards)).not.toEqual(Array.from(c.rewards));
  });

  it('restores from its state exactly', () => {
    const buffer = filled(4, 6);
    const copy = ReplayBuffer.fromState(buffer.state());
    copy.add([9, 9], [0.9], 900, [9, 9], false);
    buffer.add([9, 9], [0.9], 900, [9, 9], false);
    expect(Array.from(copy.state().rewards)).toEqual(Array.from(buffer.state().rewards));
  });

  it('rejects wrong shapes and empty sampling', () => {
    const buffer = new ReplayBuffer({ capacity: 2, obsDim: 2, actionDim: 1 });
    expect(() => buffer.sample(1, mulberry32(1))).toThrow(/empty/);
    expect(() => buffer.add([1], [0], 0, [1, 2], false)).toThrow(/observation length/);
    expect(() => new ReplayBuffer({ capacity: 0, obsDim: 1, actionDim: 1 })).toThrow(RangeError);
  });

  it('warns once when the buffer would not fit in free memory', () => {
    expect(ReplayBuffer.bytesFor({ capacity: 100_000, obsDim: 6, actionDim: 1 })).toBe(4 * 100_000 * 16); // s, s' (6 + 6), a, r, done, log π_b
    const warnings: string[] = [];
    const options = { warn: (m: string) => warnings.push(m), freeBytes: () => 1000 };
    new ReplayBuffer({ capacity: 100, obsDim: 6, actionDim: 1 }, options);
    new ReplayBuffer({ capacity: 100, obsDim: 6, actionDim: 1 }, options);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/replay buffer needs/);
  });
});
