// The registry's entry for svmix (controllers/registry.ts lists it).
import type { ControllerSpec } from '../../controller-spec.js';
import { SVMIX_DEFAULTS, parseSvmixConfig } from './config.js';
import type { SvmixConfig } from './config.js';
import { createSvmixController } from './controller.js';

export const SVMIX_SPEC: ControllerSpec<SvmixConfig> = {
  id: 'svmix', description: 'SVMIX: per-agent Q networks over discretised target speeds, mixed monotonically by a stochastic GNN over the V2V range graph (centralised training, decentralised greedy execution)',
  defaults: SVMIX_DEFAULTS, parseConfig: parseSvmixConfig, create: createSvmixController,
};
