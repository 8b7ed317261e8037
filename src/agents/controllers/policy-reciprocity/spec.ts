// The registry's entry for policy-reciprocity (controllers/registry.ts lists it).
import type { ControllerSpec } from '../../controller-spec.js';
import { parseReciprocityConfig, RECIPROCITY_DEFAULTS } from './config.js';
import type { ReciprocityConfig } from './config.js';
import { PolicyReciprocityController } from './controller.js';

export const POLICY_RECIPROCITY_SPEC: ControllerSpec<ReciprocityConfig> = {
  id: 'policy-reciprocity', description: "SAC + deep policy reciprocity: each learner's critic target mixes in the target critics of learners in range (eq. 12)",
  defaults: RECIPROCITY_DEFAULTS, parseConfig: parseReciprocityConfig, create: (spaces, config, seed) => new PolicyReciprocityController(spaces, config, seed),
};
