// The registry's entry for rsm-masac (controllers/registry.ts lists it).
import type { ControllerSpec } from '../../controller-spec.js';
import { RSM_MASAC_DEFAULTS, parseRsmMasacConfig } from './config.js';
import type { RsmMasacConfig } from './config.js';
import { createRsmMasacController } from './controller.js';

export const RSM_MASAC_SPEC: ControllerSpec<RsmMasacConfig> = {
  id: 'rsm-masac', description: 'SAC learners that mix policy segments of neighbours only when Theorem 2 guarantees improvement (Yu et al.)',
  defaults: RSM_MASAC_DEFAULTS, parseConfig: parseRsmMasacConfig, create: createRsmMasacController,
};
