// ISAC, independent SAC (algorithms.md): every learner has its own SAC core and replay, learns only from its
// own transitions and never communicates. The baseline the communicating algorithms are compared with.
import { parseSacConfig } from '../../sac/fields.js';
import type { AgentSpaces } from '../../controller.js';
import { PoolController } from '../../pool-controller.js';
import { RSM_MASAC_CODE_SAC, SAC_DEFAULTS } from '../../sac/config.js';
import type { SacConfig } from '../../sac/config.js';

/** ISAC adds no hyper-parameters to the SAC core's (RSM-MASAC Table IV and its public code, see sac/config.ts). */
export type IsacConfig = SacConfig;
export const ISAC_DEFAULTS: IsacConfig = { ...SAC_DEFAULTS, ...RSM_MASAC_CODE_SAC };

export function parseIsacConfig(raw: unknown, where: string): IsacConfig {
  return parseSacConfig(raw, where, ISAC_DEFAULTS);
}

/** ISAC is the pool controller with nothing after the local updates. */
export type IsacController = PoolController;

export function createIsacController(spaces: AgentSpaces, config: IsacConfig, seed: number): IsacController {
  return new PoolController('isac', spaces, config, seed);
}
