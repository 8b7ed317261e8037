// Experiment files of kind 'tabular-digital' (experiments/pr/digital.json) and 'tabular-grid' (experiments/pr/
// grid.json): name, kind, config, seeds.
import type { DigitalConfig } from './config.js';
import { checkDigitalConfig } from './config.js';
import type { ConfigProblem } from './errors.js';
import { TabularConfigError } from './errors.js';
import { checkGridConfig } from './grid-config.js';
import type { GridConfig } from './grid-config.js';

export const DIGITAL_EXPERIMENT_KIND = 'tabular-digital';
export const GRID_EXPERIMENT_KIND = 'tabular-grid';

interface TabularExperiment<K extends string, C> {
  readonly name: string;
  readonly kind: K;
  readonly config: C;
  readonly seeds: readonly number[];
}

export type DigitalExperiment = TabularExperiment<typeof DIGITAL_EXPERIMENT_KIND, DigitalConfig>;
/** PR Fig. 4's Landmarks and Blocker. */
export type GridExperiment = TabularExperiment<typeof GRID_EXPERIMENT_KIND, GridConfig>;

const KEYS = ['name', 'kind', 'config', 'seeds'] as const;

/** Validates a parsed experiment file of `kind`; throws one TabularConfigError naming `source` and every problem. */
function parseTabularExperiment<K extends string, C>(
  input: unknown,
  source: string,
  kind: K,
  check: (config: unknown, path: string) => { config: C; problems: ConfigProblem[] },
): TabularExperiment<K, C> {
  const problems: ConfigProblem[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new TabularConfigError(source, [{ field: '(file)', value: input, expected: 'a JSON object' }]);
  const record = input as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(KEYS as readonly string[]).includes(key)) problems.push({ field: key, value: record[key], expected: `no such field (known: ${KEYS.join(', ')})` });
  }
  const name = record['name'];
  if (typeof name !== 'string' || name.length === 0) problems.push({ field: 'name', value: name, expected: 'a non-empty string' });
  if (record['kind'] !== kind) problems.push({ field: 'kind', value: record['kind'], expected: `'${kind}'` });
  const seeds = record['seeds'];
  const seedsOk = Array.isArray(seeds) && seeds.length > 0 && seeds.every((s: unknown) => typeof s === 'number' && Number.isInteger(s) && s >= 0 && s < 2 ** 32);
  if (!seedsOk) problems.push({ field: 'seeds', value: seeds, expected: 'a non-empty array of integers in [0, 2^32)' });
  const checked = check(record['config'], 'config');
  problems.push(...checked.problems);
  if (problems.length > 0) throw new TabularConfigError(source, problems);
  return { name: name as string, kind, config: checked.config, seeds: seeds as number[] };
}

export function parseDigitalExperiment(input: unknown, source: string): DigitalExperiment {
  return parseTabularExperiment(input, source, DIGITAL_EXPERIMENT_KIND, checkDigitalConfig);
}

export function parseGridExperiment(input: unknown, source: string): GridExperiment {
  return parseTabularExperiment(input, source, GRID_EXPERIMENT_KIND, checkGridConfig);
}
