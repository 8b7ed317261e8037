// A generic local observation for plugged-in maps: needs no reference path, only SUMO's leader and follower.
import type { Snapshot } from '../snapshot.js';
import { ownState } from '../snapshot.js';
import { writeNeighbours } from './neighbours.js';
import type { ObservationSpec } from './types.js';

export const LEADER_FOLLOWER_DEFAULTS = {
  /** Gaps are clipped to maxGap m and divided by it. */
  maxGap: 100,
} as const;

export const LEADER_FOLLOWER_SIZE = 5;

/**
 * [v, v_lead, gap_lead, v_follow, gap_follow], speeds / speed limit, gaps / maxGap (clipped to [0, 1]).
 * A missing neighbour reads as speed 0 at the maximum gap.
 */
export function leaderFollowerObservation(params: Readonly<Record<string, number>>) {
  const maxGap = params.maxGap ?? LEADER_FOLLOWER_DEFAULTS.maxGap;
  return (snapshot: Snapshot, agentId: string): Float32Array => {
    const own = ownState(snapshot, agentId);
    const vmax = snapshot.context.speedLimit;
    const out = new Float32Array(LEADER_FOLLOWER_SIZE);
    out[0] = own.speed / vmax;
    writeNeighbours(out, 1, snapshot, own, maxGap, { speed: vmax, gap: maxGap });
    return out;
  };
}

export const LEADER_FOLLOWER_OBSERVATION: ObservationSpec = {
  id: 'leader-follower',
  description: 'generic: own speed, leader and follower speed and gap (normalised); works on any map',
  size: LEADER_FOLLOWER_SIZE,
  defaults: LEADER_FOLLOWER_DEFAULTS,
  create: leaderFollowerObservation,
};
