// MBPO's rollout-length schedule (Janner et al. 2019, App. C; their configs' `rollout_schedule = [a, b, x, y]`):
// L grows linearly from x to y between epochs a and b and is clamped outside, an epoch being 1,000 env steps.

export interface RolloutSchedule {
  /** a, epoch where L starts to grow. */
  readonly fromEpoch: number;
  /** b, epoch where L reaches its final value. */
  readonly toEpoch: number;
  /** x, L up to epoch a. */
  readonly fromLength: number;
  /** y, L from epoch b on. */
  readonly toLength: number;
  /** Env steps per epoch (MBPO: 1,000). */
  readonly epochSteps: number;
}

/** MBPO's Hopper schedule [20, 100, 1, 15] (App. C), the one that grows; HalfCheetah and Walker2d keep L = 1. */
export const MBPO_ROLLOUT_SCHEDULE: RolloutSchedule = { fromEpoch: 20, toEpoch: 100, fromLength: 1, toLength: 15, epochSteps: 1000 };

/** L after `envSteps` environment steps (MBPO floors the interpolation). */
export function scheduledRolloutLength(schedule: RolloutSchedule, envSteps: number): number {
  const epoch = envSteps / schedule.epochSteps;
  const span = schedule.toEpoch - schedule.fromEpoch;
  const share = span <= 0 ? (epoch >= schedule.toEpoch ? 1 : 0) : Math.min(Math.max((epoch - schedule.fromEpoch) / span, 0), 1);
  return Math.max(1, Math.floor(schedule.fromLength + share * (schedule.toLength - schedule.fromLength)));
}
