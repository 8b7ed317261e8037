// IPPO, independent PPO (RSM-MASAC paper Fig. 5's PPO baseline): every learner has its own PPO policy and value
// network and on-policy rollout, learns only from its own transitions and never communicates. Hyper-parameters and
// their sources: src/agents/ppo/README.md.
import type { AgentSpaces } from '../../controller.js';
import { parseFields } from '../../config-fields.js';
import { PPO_DEFAULTS, PPO_FIELDS } from '../../ppo/config.js';
import type { PpoConfig } from '../../ppo/config.js';
import { PpoController } from '../../ppo/ppo-controller.js';

/** IPPO adds no hyper-parameters to PPO's. */
export type IppoConfig = PpoConfig;
export const IPPO_DEFAULTS: IppoConfig = PPO_DEFAULTS;

export function parseIppoConfig(raw: unknown, where: string): IppoConfig {
  return parseFields(raw, where, IPPO_DEFAULTS, PPO_FIELDS);
}

/** IPPO is the PPO controller with nothing after the local updates. */
export function createIppoController(spaces: AgentSpaces, config: IppoConfig, seed: number): PpoController {
  return new PpoController('ippo', spaces, config, seed);
}
