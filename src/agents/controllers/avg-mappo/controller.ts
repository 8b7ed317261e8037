// Avg-MAPPO (RSM-MASAC paper Table V row 1): IPPO learners that, after every U of their PPO updates, replace their
// actor by the plain average of their own and the actors their neighbours send (Avg-MASAC's rule, avg-masac/).
// Decision (README.md of rsm-mappo/): U counts PPO updates, one per finished rollout of T steps.
import type { AgentSpaces } from '../../controller.js';
import { parseFields } from '../../config-fields.js';
import type { FieldParsers } from '../../config-fields.js';
import { COMM_DEFAULTS, COMM_FIELDS } from '../../exchange/comm-config.js';
import type { CommConfig } from '../../exchange/comm-config.js';
import { ExchangeRounds } from '../../exchange/policy-exchange.js';
import { PPO_DEFAULTS, PPO_FIELDS } from '../../ppo/config.js';
import type { PpoConfig } from '../../ppo/config.js';
import { PpoController } from '../../ppo/ppo-controller.js';
import type { PpoSlot } from '../../ppo/ppo-pool.js';
import { ActorAveraging } from '../avg-masac/controller.js';

/** PPO's hyper-parameters and the round's (U = 8, Table V; range, PRR). */
export type AvgMappoConfig = PpoConfig & CommConfig;
export const AVG_MAPPO_DEFAULTS: AvgMappoConfig = { ...PPO_DEFAULTS, ...COMM_DEFAULTS };
const AVG_MAPPO_FIELDS: FieldParsers<AvgMappoConfig> = { ...PPO_FIELDS, ...COMM_FIELDS };

export function parseAvgMappoConfig(raw: unknown, where: string): AvgMappoConfig {
  return parseFields(raw, where, AVG_MAPPO_DEFAULTS, AVG_MAPPO_FIELDS);
}

/** Every PPO update moves the policy: policy delay 1. */
export function createAvgMappoController(spaces: AgentSpaces, config: AvgMappoConfig, seed: number): PpoController {
  return new PpoController('avg-mappo', spaces, config, seed, new ExchangeRounds<PpoSlot>(config, 1, seed, new ActorAveraging<PpoSlot>()));
}
