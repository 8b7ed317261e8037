// Every controller by the id an experiment names it with: its description, typed defaults, config parser and
// factory.
import type { AgentSpaces, Controller } from '../controller.js';
import type { ControllerSpec } from '../controller-spec.js';
import { UnknownControllerError } from '../errors.js';
import { AVG_MAPPO_SPEC } from './avg-mappo/spec.js';
import { AVG_MASAC_SPEC } from './avg-masac/spec.js';
import { FIRL_SPEC } from './firl/spec.js';
import { IDM_SPEC } from './idm/spec.js';
import { IPPO_SPEC } from './ippo/spec.js';
import { ISAC_SPEC } from './isac/spec.js';
import { MA_PETS_SPEC } from './ma-pets/spec.js';
import { MA_PMBRL_SPEC } from './ma-pmbrl/spec.js';
import { MBPO_SPEC } from './mbpo/spec.js';
import { POLICY_RECIPROCITY_SPEC } from './policy-reciprocity/spec.js';
import { RSM_MAPPO_SPEC } from './rsm-mappo/spec.js';
import { RSM_MASAC_SPEC } from './rsm-masac/spec.js';
import { SVMIX_SPEC } from './svmix/spec.js';

export type { ControllerSpec } from '../controller-spec.js';

/** Every controller, one line each (a new controller: its folder and a line here; README "Adding a controller"). */
const REGISTERED = new Map<string, ControllerSpec>(
  [
    IDM_SPEC,
    ISAC_SPEC,
    POLICY_RECIPROCITY_SPEC,
    MA_PMBRL_SPEC,
    MBPO_SPEC,
    AVG_MASAC_SPEC,
    RSM_MASAC_SPEC,
    IPPO_SPEC,
    AVG_MAPPO_SPEC,
    RSM_MAPPO_SPEC,
    FIRL_SPEC,
    MA_PETS_SPEC,
    SVMIX_SPEC,
  ].map((spec) => [spec.id, spec]),
);

export const CONTROLLERS: ReadonlyMap<string, ControllerSpec> = REGISTERED;

/**
 * Registers a controller for this process (tests: a fixture controller runs through the same path as the real
 * ones); returns the function that removes it again. An id already registered is refused.
 */
export function registerController<C>(spec: ControllerSpec<C>): () => void {
  if (REGISTERED.has(spec.id)) throw new RangeError(`controller '${spec.id}' is already registered`);
  REGISTERED.set(spec.id, spec);
  return () => void REGISTERED.delete(spec.id);
}

/** The spec registered under `algorithm`, or a usage error listing the known ids. */
export function controllerSpec(algorithm: string): ControllerSpec {
  const spec = CONTROLLERS.get(algorithm);
  if (spec === undefined) throw new UnknownControllerError(algorithm, [...CONTROLLERS.keys()]);
  return spec;
}

/** Parses `rawConfig` (named `algorithm` in messages unless `where` says otherwise) and builds the controller. */
export function createController(algorithm: string, spaces: AgentSpaces, rawConfig: unknown, seed: number, where: string = algorithm): Controller {
  const spec = controllerSpec(algorithm);
  return spec.create(spaces, spec.parseConfig(rawConfig, where), seed);
}
