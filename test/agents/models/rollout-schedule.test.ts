import { describe, expect, it } from 'vitest';
import { MBPO_ROLLOUT_SCHEDULE, scheduledRolloutLength } from '../../../src/agents/models/rollout-schedule.js';

describe("MBPO's rollout-length schedule", () => {
  it('is 1 up to epoch 20, grows linearly to 15 at epoch 100 (floored) and stays there', () => {
    expect(scheduledRolloutLength(MBPO_ROLLOUT_SCHEDULE, 0)).toBe(1);
    expect(scheduledRolloutLength(MBPO_ROLLOUT_SCHEDULE, 20_000)).toBe(1);
    expect(scheduledRolloutLength(MBPO_ROLLOUT_SCHEDULE, 60_000)).toBe(8);
    expect(scheduledRolloutLength(MBPO_ROLLOUT_SCHEDULE, 100_000)).toBe(15);
    expect(scheduledRolloutLength(MBPO_ROLLOUT_SCHEDULE, 500_000)).toBe(15);
  });
});
