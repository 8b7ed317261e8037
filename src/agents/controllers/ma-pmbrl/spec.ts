// The registry's entry for ma-pmbrl (controllers/registry.ts lists it).
import type { ControllerSpec } from '../../controller-spec.js';
import { MA_PMBRL_DEFAULTS, parseMaPmbrlConfig } from './config.js';
import type { MaPmbrlConfig } from './config.js';
import { createMaPmbrlController } from './controller.js';

export const MA_PMBRL_SPEC: ControllerSpec<MaPmbrlConfig> = {
  id: 'ma-pmbrl', description: 'MA-PMBRL: SAC on real and pessimistic-model data, episode samples exchanged within range d',
  defaults: MA_PMBRL_DEFAULTS, parseConfig: parseMaPmbrlConfig, create: createMaPmbrlController,
};
