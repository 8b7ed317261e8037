// MA-PMBRL reward (Wen et al., eq. 20): r = v + λ(v_a + v_b) − ζ·1[b], λ = 0.85, ζ = 7.5 (Table 2).
import { brakingFlag, INTERSECTION8_DEFAULTS as OBS_DEFAULTS } from '../observations/intersection8.js';
import type { Snapshot } from '../snapshot.js';
import { neighbourState, ownState } from '../snapshot.js';
import type { RewardSpec } from './types.js';

export const INTERSECTION8_REWARD_DEFAULTS = {
  lambda: 0.85,
  zeta: 7.5,
  /** l_safe (m) of the braking flag; same default as the observation's. */
  safeGap: OBS_DEFAULTS.safeGap,
} as const;

/** A missing leader or follower contributes speed 0. */
export function intersection8Reward(params: Readonly<Record<string, number>>) {
  const lambda = params.lambda ?? INTERSECTION8_REWARD_DEFAULTS.lambda;
  const zeta = params.zeta ?? INTERSECTION8_REWARD_DEFAULTS.zeta;
  const safeGap = params.safeGap ?? INTERSECTION8_REWARD_DEFAULTS.safeGap;
  return (snapshot: Snapshot, agentId: string): number => {
    const own = ownState(snapshot, agentId);
    const lead = neighbourState(snapshot, own.leader)?.speed ?? 0;
    const follow = neighbourState(snapshot, own.follower)?.speed ?? 0;
    return own.speed + lambda * (lead + follow) - zeta * brakingFlag(own, safeGap);
  };
}

export const INTERSECTION8_REWARD: RewardSpec = {
  id: 'intersection8',
  description: 'MA-PMBRL: v + λ(v_lead + v_follow) − ζ·1[braking]',
  defaults: INTERSECTION8_REWARD_DEFAULTS,
  create: intersection8Reward,
};
