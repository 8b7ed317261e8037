// RSM-MASAC's local state on Merge as the public code computes it (its Flow env flow/envs/merge.py, MergePOEnv
// get_state): own speed, the leader's relative speed and headway, the follower's relative speed and headway, own
// position; speeds / max speed (30 m/s), lengths / the network length (here: the reference path's length).
import type { Snapshot } from '../snapshot.js';
import { neighbourState, ownState } from '../snapshot.js';
import type { ObservationSpec } from './types.js';

export const MERGE_OBSERVATION_SIZE = 6;

/**
 * [v/vmax, (v_lead − v)/vmax, h_lead/L, (v − v_follow)/vmax, h_follow/L, x/L]. A missing leader reads as one at the
 * max speed a network length ahead; a missing follower as one standing a network length behind (as the code pads).
 */
export function mergeObservation(snapshot: Snapshot, agentId: string): Float32Array {
  const own = ownState(snapshot, agentId);
  const { speedLimit: vmax, pathLength } = snapshot.context;
  const length = pathLength && pathLength > 0 ? pathLength : 1;
  const lead = own.leader ? { speed: neighbourState(snapshot, own.leader)?.speed ?? 0, gap: own.leader.gap } : { speed: vmax, gap: length };
  const follow = own.follower ? { speed: neighbourState(snapshot, own.follower)?.speed ?? 0, gap: own.follower.gap } : { speed: 0, gap: length };
  return Float32Array.of(
    own.speed / vmax,
    (lead.speed - own.speed) / vmax,
    lead.gap / length,
    (own.speed - follow.speed) / vmax,
    follow.gap / length,
    (own.pathPosition ?? 0) / length,
  );
}

export const MERGE_OBSERVATION: ObservationSpec = {
  id: 'merge',
  description: 'RSM-MASAC Merge (public code): own speed, leader and follower relative speed and headway, own position',
  size: MERGE_OBSERVATION_SIZE,
  defaults: {},
  create: () => mergeObservation,
};
