// The registry's entry for ippo (controllers/registry.ts lists it).
import type { ControllerSpec } from '../../controller-spec.js';
import { IPPO_DEFAULTS, createIppoController, parseIppoConfig } from './controller.js';
import type { IppoConfig } from './controller.js';

export const IPPO_SPEC: ControllerSpec<IppoConfig> = {
  id: 'ippo', description: 'independent PPO: one PPO learner (policy + value network, on-policy rollouts) per vehicle, no communication',
  defaults: IPPO_DEFAULTS, parseConfig: parseIppoConfig, create: createIppoController,
};
