// Parsing the shared SAC core's config (src/agents/sac/config.ts, whose SAC_FIELDS hold each field's one rule) for
// every controller that holds one.
import { markResolved } from './config.js';
import type { SacConfig } from './config.js';
import { ControllerConfigError } from '../errors.js';
import { parseFields } from '../config-fields.js';
import type { FieldParsers } from '../config-fields.js';

export { SAC_FIELDS } from './config.js';
import { SAC_FIELDS } from './config.js';

/**
 * For controllers that reach into their learners' SAC cores (mixing, exchanging or reading parameters, extra replay
 * data): those cores must live in this thread, so learnerWorkers must stay 1.
 */
export function singleThreadLearners<C extends SacConfig>(config: C, where: string): C {
  if (config.learnerWorkers !== 1) throw new ControllerConfigError(`${where}.learnerWorkers`, `must be 1: ${where} reads its learners' SAC cores directly (isac, avg-masac, firl, rsm-masac and policy-reciprocity run them in worker threads)`, config.learnerWorkers);
  return config;
}

/** A config with SAC fields from raw input, each field checked once by its parser (SAC_FIELDS + the controller's own). */
export function parseSacFields<C extends SacConfig>(raw: unknown, where: string, defaults: C, fields: FieldParsers<C>): C {
  return markResolved(parseFields(raw, where, defaults, fields));
}

/** A plain SAC config from raw input. */
export function parseSacConfig(raw: unknown, where: string, defaults: SacConfig): SacConfig {
  return parseSacFields(raw, where, defaults, SAC_FIELDS);
}
