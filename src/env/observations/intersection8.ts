// MA-PMBRL's state (Wen et al., Sec. III and Table 2): s = (v, x, y, v_a, v_b, l_a, l_b, b) — own speed and
// position, speed and distance of the vehicles ahead (a) and behind (b), and the emergency-braking flag.
import type { Snapshot, VehicleSnapshot } from '../snapshot.js';
import { ownState } from '../snapshot.js';
import { writeNeighbours } from './neighbours.js';
import type { ObservationSpec } from './types.js';

export const INTERSECTION8_DEFAULTS = {
  /** Distances are clipped to [0, gapClip] m (Table 2: l ∈ [0, 75]). */
  gapClip: 75,
  /** l_safe (m): b = 1 when the leader or follower is closer. Decision: the paper gives no value; 5 m (scenarios.md). */
  safeGap: 5,
} as const;

export const INTERSECTION8_SIZE = 8;

/** The paper's raw m/s and m. */
const RAW_UNITS = { speed: 1, gap: 1 } as const;

/** 1 when the leader or the follower is closer than `safeGap` m, else 0. */
export function brakingFlag(own: VehicleSnapshot, safeGap: number): 0 | 1 {
  return (own.leader !== null && own.leader.gap < safeGap) || (own.follower !== null && own.follower.gap < safeGap) ? 1 : 0;
}

/**
 * [v, x, y, v_lead, gap_lead, v_follow, gap_follow, b], raw units (m/s, m) as in the paper.
 * Decision: a missing neighbour has speed 0 and the clipped maximum gap (nothing within sensing range).
 */
export function intersection8Observation(params: Readonly<Record<string, number>>) {
  const gapClip = params.gapClip ?? INTERSECTION8_DEFAULTS.gapClip;
  const safeGap = params.safeGap ?? INTERSECTION8_DEFAULTS.safeGap;
  return (snapshot: Snapshot, agentId: string): Float32Array => {
    const own = ownState(snapshot, agentId);
    const out = new Float32Array(INTERSECTION8_SIZE);
    out[0] = own.speed;
    out[1] = own.x;
    out[2] = own.y;
    writeNeighbours(out, 3, snapshot, own, gapClip, RAW_UNITS);
    out[7] = brakingFlag(own, safeGap);
    return out;
  };
}

export const INTERSECTION8_OBSERVATION: ObservationSpec = {
  id: 'intersection8',
  description: 'MA-PMBRL: own speed and x, y; leader and follower speed and gap (clipped); braking flag',
  size: INTERSECTION8_SIZE,
  defaults: INTERSECTION8_DEFAULTS,
  create: intersection8Observation,
};
