// The registry's entry for idm (controllers/registry.ts lists it).
import type { ControllerSpec } from '../../controller-spec.js';
import { IDM_DEFAULTS, IdmController, parseIdmConfig } from './controller.js';
import type { IdmConfig } from './controller.js';

export const IDM_SPEC: ControllerSpec<IdmConfig> = {
  id: 'idm', description: "SUMO's car-following model drives every vehicle; no learning (human baseline)",
  defaults: IDM_DEFAULTS, parseConfig: parseIdmConfig, create: () => new IdmController(),
};
