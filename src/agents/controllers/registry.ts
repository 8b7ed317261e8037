// Every controller by the id an experiment names it with: its description, typed defaults, config parser and
// factory. PPO baselines (IPPO, RSM-MAPPO, Avg-MAPPO) would join here.
import type { AgentSpaces, Controller } from '../controller.js';
import { UnknownControllerError } from '../errors.js';
import { AVG_MASAC_DEFAULTS, createAvgMasacController, parseAvgMasacConfig } from './avg-masac.js';
import type { AvgMasacConfig } from './avg-masac.js';
import { IDM_DEFAULTS, IdmController, parseIdmConfig } from './idm.js';
import type { IdmConfig } from './idm.js';
import { ISAC_DEFAULTS, IsacController, parseIsacConfig } from './isac.js';
import type { IsacConfig } from './isac.js';
import { parseReciprocityConfig, RECIPROCITY_DEFAULTS } from './policy-reciprocity/config.js';
import type { ReciprocityConfig } from './policy-reciprocity/config.js';
import { PolicyReciprocityController } from './policy-reciprocity/controller.js';
import { MA_PMBRL_DEFAULTS, parseMaPmbrlConfig } from './ma-pmbrl/config.js';
import type { MaPmbrlConfig } from './ma-pmbrl/config.js';
import { MaPmbrlController } from './ma-pmbrl/controller.js';
import { MBPO_DEFAULTS, parseMbpoConfig } from './mbpo/config.js';
import type { MbpoConfig } from './mbpo/config.js';
import { MbpoController } from './mbpo/controller.js';
import { RSM_MASAC_DEFAULTS, parseRsmMasacConfig } from './rsm-masac/config.js';
import type { RsmMasacConfig } from './rsm-masac/config.js';
import { createRsmMasacController } from './rsm-masac/controller.js';

export interface ControllerSpec<C = unknown> {
  readonly id: string;
  readonly description: string;
  /** The paper's hyper-parameters. */
  readonly defaults: C;
  /** Typed config from raw input (undefined = defaults); one-line errors naming `where.field` and the value. */
  parseConfig(raw: unknown, where: string): C;
  create(spaces: AgentSpaces, config: C, seed: number): Controller;
}

const IDM: ControllerSpec<IdmConfig> = {
  id: 'idm',
  description: "SUMO's car-following model drives every vehicle; no learning (human baseline)",
  defaults: IDM_DEFAULTS,
  parseConfig: parseIdmConfig,
  create: () => new IdmController(),
};

const ISAC: ControllerSpec<IsacConfig> = {
  id: 'isac',
  description: 'independent SAC: one SAC learner per vehicle, no communication',
  defaults: ISAC_DEFAULTS,
  parseConfig: parseIsacConfig,
  create: (spaces, config, seed) => new IsacController(spaces, config, seed),
};

const POLICY_RECIPROCITY: ControllerSpec<ReciprocityConfig> = {
  id: 'policy-reciprocity',
  description: "SAC + deep policy reciprocity: each learner's critic target mixes in the target critics of learners in range (eq. 12)",
  defaults: RECIPROCITY_DEFAULTS,
  parseConfig: parseReciprocityConfig,
  create: (spaces, config, seed) => new PolicyReciprocityController(spaces, config, seed),
};

const MA_PMBRL: ControllerSpec<MaPmbrlConfig> = {
  id: 'ma-pmbrl',
  description: 'MA-PMBRL: SAC on real and pessimistic-model data, episode samples exchanged within range d',
  defaults: MA_PMBRL_DEFAULTS,
  parseConfig: parseMaPmbrlConfig,
  create: (spaces, config, seed) => new MaPmbrlController(spaces, config, seed),
};

const MBPO: ControllerSpec<MbpoConfig> = {
  id: 'mbpo',
  description: 'MBPO: SAC on real and model data from an ensemble of 7 Gaussian models (5 elites), no communication',
  defaults: MBPO_DEFAULTS,
  parseConfig: parseMbpoConfig,
  create: (spaces, config, seed) => new MbpoController(spaces, config, seed),
};

const AVG_MASAC: ControllerSpec<AvgMasacConfig> = {
  id: 'avg-masac',
  description: 'SAC learners that replace their actor by the plain average of their own and their neighbours\' every U policy updates',
  defaults: AVG_MASAC_DEFAULTS,
  parseConfig: parseAvgMasacConfig,
  create: createAvgMasacController,
};

const RSM_MASAC: ControllerSpec<RsmMasacConfig> = {
  id: 'rsm-masac',
  description: 'SAC learners that mix policy segments of neighbours only when Theorem 2 guarantees improvement (Yu et al.)',
  defaults: RSM_MASAC_DEFAULTS,
  parseConfig: parseRsmMasacConfig,
  create: createRsmMasacController,
};

export const CONTROLLERS: ReadonlyMap<string, ControllerSpec> = new Map<string, ControllerSpec>([
  [IDM.id, IDM],
  [ISAC.id, ISAC],
  [POLICY_RECIPROCITY.id, POLICY_RECIPROCITY],
  [MA_PMBRL.id, MA_PMBRL],
  [MBPO.id, MBPO],
  [AVG_MASAC.id, AVG_MASAC],
  [RSM_MASAC.id, RSM_MASAC],
]);

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
