// The registry's entry for isac (controllers/registry.ts lists it).
import type { ControllerSpec } from '../../controller-spec.js';
import { ISAC_DEFAULTS, createIsacController, parseIsacConfig } from './controller.js';
import type { IsacConfig } from './controller.js';

export const ISAC_SPEC: ControllerSpec<IsacConfig> = {
  id: 'isac', description: 'independent SAC: one SAC learner per vehicle, no communication',
  defaults: ISAC_DEFAULTS, parseConfig: parseIsacConfig, create: createIsacController,
};
