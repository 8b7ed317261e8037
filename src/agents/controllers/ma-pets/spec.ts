// The registry's entry for ma-pets (controllers/registry.ts lists it).
import type { ControllerSpec } from '../../controller-spec.js';
import { MA_PETS_DEFAULTS, parseMaPetsConfig } from './config.js';
import type { MaPetsConfig } from './config.js';
import { createMaPetsController } from './controller.js';

export const MA_PETS_SPEC: ControllerSpec<MaPetsConfig> = {
  id: 'ma-pets', description: 'MA-PETS: per-CAV probabilistic ensembles and CEM/TS-∞ model-predictive control, episode samples exchanged within range d',
  defaults: MA_PETS_DEFAULTS, parseConfig: parseMaPetsConfig, create: createMaPetsController,
};
