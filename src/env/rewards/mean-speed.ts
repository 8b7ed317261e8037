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

const spec = (id: string, description: string): RewardSpec => ({ id, description, defaults: {}, create: () => (snapshot) => meanSpeed(snapshot) });

export const MEAN_SPEED_REWARD = spec('mean-speed', 'generic: mean speed of all vehicles / desired speed (or speed limit)');
export const FIGURE8_REWARD = spec('figure8', 'RSM-MASAC Figure 8: mean speed of all vehicles / desired velocity (20 m/s)');
export const MERGE_REWARD = spec('merge', 'RSM-MASAC Merge: mean speed of all vehicles / speed limit');
