import type { Snapshot } from '../snapshot.js';

/** A pure reward: the same snapshot and agent always give the same number. */
export type RewardFn = (snapshot: Snapshot, agentId: string) => number;

export interface RewardSpec {
  readonly id: string;
  readonly description: string;
  readonly defaults: Readonly<Record<string, number>>;
  readonly create: (params: Readonly<Record<string, number>>) => RewardFn;
}
