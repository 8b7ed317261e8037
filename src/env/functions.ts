// The observation and reward ids this env knows, with their parameter names: what the scenario layer checks a
// manifest's `observation` and `reward` against (passed down, so scenarios/ stays below env/).
import type { KnownFunctions } from '../scenarios/parse-manifest.js';
import { observationParamNames } from './observations/registry.js';
import { rewardParamNames } from './rewards/registry.js';

export function knownFunctions(): KnownFunctions {
  return { observations: observationParamNames(), rewards: rewardParamNames() };
}
