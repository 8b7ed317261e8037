// The leader and follower part of the local observations (intersection8, leader-follower): speed and gap of the
// vehicle ahead and behind, each observation choosing its units.
import type { Snapshot, VehicleSnapshot } from '../snapshot.js';
import { neighbourState } from '../snapshot.js';

/** Divisors of the written values: 1 keeps raw m/s and m (intersection8); the speed limit and maxGap normalise. */
export interface NeighbourUnits {
  readonly speed: number;
  readonly gap: number;
}

function clip(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/**
 * Writes [v_lead, gap_lead, v_follow, gap_follow] into `out` from index `at`: speeds / units.speed, gaps clipped to
 * [0, maxGap] m then / units.gap. A missing neighbour reads as speed 0 at the maximum gap.
 */
export function writeNeighbours(out: Float32Array, at: number, snapshot: Snapshot, own: VehicleSnapshot, maxGap: number, units: NeighbourUnits): void {
  const sides = [[own.leader, at], [own.follower, at + 2]] as const;
  for (const [ref, i] of sides) {
    out[i] = (neighbourState(snapshot, ref)?.speed ?? 0) / units.speed;
    out[i + 1] = (ref ? clip(ref.gap, 0, maxGap) : maxGap) / units.gap;
  }
}
