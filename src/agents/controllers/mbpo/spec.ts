// The registry's entry for mbpo (controllers/registry.ts lists it).
import type { ControllerSpec } from '../../controller-spec.js';
import { MBPO_DEFAULTS, parseMbpoConfig } from './config.js';
import type { MbpoConfig } from './config.js';
import { createMbpoController } from './controller.js';

export const MBPO_SPEC: ControllerSpec<MbpoConfig> = {
  id: 'mbpo', description: 'MBPO: SAC on real and model data from an ensemble of 7 Gaussian models (5 elites), no communication',
  defaults: MBPO_DEFAULTS, parseConfig: parseMbpoConfig, create: createMbpoController,
};
