// The registry's entry for firl (controllers/registry.ts lists it).
import type { ControllerSpec } from '../../controller-spec.js';
import { FIRL_DEFAULTS, createFirlController, parseFirlConfig } from './controller.js';
import type { FirlConfig } from './controller.js';

export const FIRL_SPEC: ControllerSpec<FirlConfig> = {
  id: 'firl', description: 'SAC learners with a decentralised consensus step (Metropolis–Hastings weights) towards their neighbours\' actors every U policy updates',
  defaults: FIRL_DEFAULTS, parseConfig: parseFirlConfig, create: createFirlController,
};
