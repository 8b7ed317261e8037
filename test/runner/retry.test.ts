import { describe, expect, it } from 'vitest';
import type { RetryEntry } from '../../src/metrics/manifest.js';
import { RetryBudget, isSumoFailure, withRetries } from '../../src/runner/retry.js';
import { SumoExitedError } from '../../src/sumo/errors.js';
import { TraciCommandError, TraciConnectionError } from '../../src/traci/errors.js';

function hooks(stopping = false) {
  const recorded: RetryEntry[] = [];
  let restored = 0;
  return {
    recorded, restored: () => restored,
    hooks: { stopping: () => stopping, record: async (e: RetryEntry) => void recorded.push(e), restore: async () => void restored++ },
  };
}

describe('retries after SUMO died', () => {
  it('knows SUMO deaths (also wrapped) from other failures', () => {
    expect(isSumoFailure(new SumoExitedError(undefined, 'SIGKILL', ''))).toBe(true);
    expect(isSumoFailure(new TraciConnectionError('request timed out'))).toBe(true);
    expect(isSumoFailure(new Error('write failed', { cause: new TraciConnectionError('closed') }))).toBe(true);
    expect(isSumoFailure(new TraciCommandError(0xc4, 'error', 'no such vehicle', 'setSpeed'))).toBe(false);
    expect(isSumoFailure(new Error('ENOSPC'))).toBe(false);
  });

  it('reruns the episode after a SUMO death, records it, restores first, and stops when the budget is spent', async () => {
    const budget = new RetryBudget(2);
    const h = hooks();
    let calls = 0;
    const value = await withRetries(5, budget, h.hooks, async () => {
      if (++calls === 1) throw new SumoExitedError(undefined, 'SIGKILL', '');
      return 'done';
    });
    expect(value).toBe('done');
    expect(h.recorded).toEqual([{ time: expect.any(String), episode: 5, reason: 'SUMO was killed by SIGKILL' }]);
    expect(h.restored()).toBe(1);
    const failing = withRetries(6, budget, h.hooks, async () => { throw new TraciConnectionError('connection closed by SUMO'); });
    await expect(failing).rejects.toThrow(/connection closed by SUMO/);
    expect(budget.used).toBe(2);
    expect(h.recorded.map((e) => e.episode)).toEqual([5, 6]);
  });

  it('does not retry other errors, or anything while the run is stopping', async () => {
    const h = hooks();
    await expect(withRetries(0, new RetryBudget(2), h.hooks, async () => { throw new Error('disk full'); })).rejects.toThrow('disk full');
    const stopping = hooks(true);
    await expect(withRetries(0, new RetryBudget(2), stopping.hooks, async () => { throw new TraciConnectionError('connection closed by the client'); })).rejects.toThrow(/by the client/);
    expect([...h.recorded, ...stopping.recorded]).toEqual([]);
    expect(() => new RetryBudget(-1)).toThrow(RangeError);
  });
});
