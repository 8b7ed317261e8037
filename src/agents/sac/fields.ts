// Parsing the shared SAC core's config (src/agents/sac/config.ts, whose SAC_FIELDS hold each field's one rule) for
// every controller that holds one.
import { markResolved } from './config.js';
import type { SacConfig } from './config.js';
import { parseFields } from '../config-fields.js';
import type { FieldParsers } from '../config-fields.js';

export { SAC_FIELDS } from './config.js';
import { SAC_FIELDS } from './config.js';

/** A config with SAC fields from raw input, each field checked once by its parser (SAC_FIELDS + the controller's own). */
export function parseSacFields<C extends SacConfig>(raw: unknown, where: string, defaults: C, fields: FieldParsers<C>): C {
  return markResolved(parseFields(raw, where, defaults, fields));
}

/** A plain SAC config from raw input. */
export function parseSacConfig(raw: unknown, where: string, defaults: SacConfig): SacConfig {
  return parseSacFields(raw, where, defaults, SAC_FIELDS);
}
