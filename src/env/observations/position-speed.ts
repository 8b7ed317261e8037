// RSM-MASAC's local state for Figure 8 (paper Sec. V): "the position and speed of its own, the vehicle ahead and
// behind", in the public code's order (train.py modify): own, follower, leader; positions are m along the reference
// path / its length, speeds / the speed limit, 30 m/s (Flow's accel env: / network length, / max speed).
import type { Snapshot, VehicleSnapshot } from '../snapshot.js';
import { neighbourState, ownState } from '../snapshot.js';
import type { ObservationSpec } from './types.js';

/** Where a neighbour is along the path: its own path position, else ours ± the gap (wrapped on a loop). */
function neighbourPosition(snapshot: Snapshot, own: number, other: VehicleSnapshot | undefined, gap: number, sign: 1 | -1): number {
  if (other?.pathPosition !== null && other?.pathPosition !== undefined) return other.pathPosition;
  const { pathLength, loop } = snapshot.context;
  const p = own + sign * gap;
  return loop && pathLength ? ((p % pathLength) + pathLength) % pathLength : p;
}

export const POSITION_SPEED_SIZE = 6;

/**
 * [own position, own speed, follower position, follower speed, leader position, leader speed] (public code's order).
 * Decision: a missing leader or follower gives zeros (Flow pads absent vehicles with zeros); so does an own
 * position off the path.
 */
export function positionSpeed(snapshot: Snapshot, agentId: string): Float32Array {
  const own = ownState(snapshot, agentId);
  const { speedLimit, pathLength } = snapshot.context;
  const length = pathLength && pathLength > 0 ? pathLength : 1;
  const ownPos = own.pathPosition ?? 0;
  const out = new Float32Array(POSITION_SPEED_SIZE);
  out[0] = ownPos / length;
  out[1] = own.speed / speedLimit;
  const sides = [[own.follower, -1, 2], [own.leader, 1, 4]] as const;
  for (const [ref, sign, at] of sides) {
    if (!ref) continue;
    const other = neighbourState(snapshot, ref);
    out[at] = neighbourPosition(snapshot, ownPos, other, ref.gap, sign) / length;
    out[at + 1] = (other?.speed ?? 0) / speedLimit;
  }
  return out;
}

const spec = (id: string, scenario: string): ObservationSpec => ({
  id,
  description: `${scenario}: own, follower and leader position (along the path / its length) and speed (/ speed limit)`,
  size: POSITION_SPEED_SIZE,
  defaults: {},
  create: () => positionSpeed,
});

export const FIGURE8_OBSERVATION = spec('figure8', 'RSM-MASAC Figure 8');
/** The earlier merge observation (same layout as figure8's); the default merge one is merge.ts's (public code's). */
export const MERGE_POSITION_SPEED_OBSERVATION = spec('merge-position-speed', 'RSM-MASAC Merge (position-speed layout)');
