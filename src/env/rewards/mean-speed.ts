// RSM-MASAC (Sec. V): "the normalized average speed of all vehicles at each timestep as the individual reward".
import type { Snapshot } from '../snapshot.js';
import type { RewardSpec } from './types.js';

/** Mean speed of every vehicle in the snapshot / the desired speed (the speed limit when none); 0 when empty. */
export function meanSpeed(snapshot: Snapshot): number {
  const { vehicles, context } = snapshot;
  if (vehicles.size === 0) return 0;
  let sum = 0;
  for (const v of vehicles.values()) sum += v.speed;
  return sum / vehicles.size / (context.desiredSpeed ?? context.speedLimit);
}

/**
 * The public RSM-MASAC code's reward (Flow envs accel.py / merge.py compute_reward): mean speed of all vehicles / the
 * network's max speed (the speed limit, 30 m/s), and 0 on a step with a crash (or no vehicle).
 */
export function meanSpeedOverMax(snapshot: Snapshot): number {
  const { vehicles, context } = snapshot;
  if (vehicles.size === 0 || (snapshot.collisions ?? 0) > 0) return 0;
  let sum = 0;
  for (const v of vehicles.values()) sum += v.speed;
  return sum / vehicles.size / context.speedLimit;
}

const spec = (id: string, description: string, fn: (snapshot: Snapshot) => number): RewardSpec => ({ id, description, defaults: {}, create: () => (snapshot) => fn(snapshot) });

export const MEAN_SPEED_REWARD = spec('mean-speed', 'generic: mean speed of all vehicles / desired speed (or speed limit)', meanSpeed);
export const FIGURE8_REWARD = spec('figure8', 'RSM-MASAC Figure 8 (public code): mean speed of all vehicles / max speed (30 m/s), 0 on a crash step', meanSpeedOverMax);
export const MERGE_REWARD = spec('merge', 'RSM-MASAC Merge (public code): mean speed of all vehicles / max speed (30 m/s), 0 on a crash step', meanSpeedOverMax);
