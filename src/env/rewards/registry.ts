// Reward functions by id, so a scenario.json can name one (`reward: { id, params }`).
import type { FunctionRef } from '../../scenarios/manifest.js';
import { INTERSECTION8_REWARD } from './intersection8.js';
import { FIGURE8_REWARD, MEAN_SPEED_REWARD, MERGE_REWARD } from './mean-speed.js';
import type { RewardFn, RewardSpec } from './types.js';

export const REWARDS: ReadonlyMap<string, RewardSpec> = new Map(
  [FIGURE8_REWARD, MERGE_REWARD, INTERSECTION8_REWARD, MEAN_SPEED_REWARD].map((s) => [s.id, s]),
);

export function rewardParamNames(): ReadonlyMap<string, readonly string[]> {
  return new Map([...REWARDS].map(([id, spec]) => [id, Object.keys(spec.defaults)]));
}

export function createReward(ref: FunctionRef): RewardFn {
  const spec = REWARDS.get(ref.id);
  if (!spec) throw new RangeError(`unknown reward id ${JSON.stringify(ref.id)}; known: ${[...REWARDS.keys()].join(', ')}`);
  return spec.create({ ...spec.defaults, ...ref.params });
}
