// The registry's entry for rsm-mappo (controllers/registry.ts lists it).
import type { ControllerSpec } from '../../controller-spec.js';
import { RSM_MAPPO_DEFAULTS, createRsmMappoController, parseRsmMappoConfig } from './controller.js';
import type { RsmMappoConfig } from './controller.js';

export const RSM_MAPPO_SPEC: ControllerSpec<RsmMappoConfig> = {
  id: 'rsm-mappo', description: 'PPO learners with RSM-MASAC\'s regulated segment mixture (α = 0, PPO\'s advantage estimate) every U PPO updates',
  defaults: RSM_MAPPO_DEFAULTS, parseConfig: parseRsmMappoConfig, create: createRsmMappoController,
};
