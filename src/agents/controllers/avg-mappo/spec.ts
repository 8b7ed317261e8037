// The registry's entry for avg-mappo (controllers/registry.ts lists it).
import type { ControllerSpec } from '../../controller-spec.js';
import { AVG_MAPPO_DEFAULTS, createAvgMappoController, parseAvgMappoConfig } from './controller.js';
import type { AvgMappoConfig } from './controller.js';

export const AVG_MAPPO_SPEC: ControllerSpec<AvgMappoConfig> = {
  id: 'avg-mappo', description: 'PPO learners that replace their actor by the plain average of their own and their neighbours\' every U PPO updates',
  defaults: AVG_MAPPO_DEFAULTS, parseConfig: parseAvgMappoConfig, create: createAvgMappoController,
};
