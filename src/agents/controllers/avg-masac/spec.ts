// The registry's entry for avg-masac (controllers/registry.ts lists it).
import type { ControllerSpec } from '../../controller-spec.js';
import { AVG_MASAC_DEFAULTS, createAvgMasacController, parseAvgMasacConfig } from './controller.js';
import type { AvgMasacConfig } from './controller.js';

export const AVG_MASAC_SPEC: ControllerSpec<AvgMasacConfig> = {
  id: 'avg-masac', description: 'SAC learners that replace their actor by the plain average of their own and their neighbours\' every U policy updates',
  defaults: AVG_MASAC_DEFAULTS, parseConfig: parseAvgMasacConfig, create: createAvgMasacController,
};
