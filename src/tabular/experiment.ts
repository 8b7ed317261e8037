// Experiment files of kind 'tabular-digital' (experiments/pr/digital.json) and 'tabular-grid' (experiments/pr/
// grid.json): name, kind, config, seeds.
import type { DigitalConfig } from './config.js';
import { checkDigitalConfig } from './config.js';
import type { ConfigProblem } from './errors.js';
import { TabularConfigError } from './errors.js';
import { checkGridConfig } from './grid-config.js';
import type { GridConfig } from './grid-config.js';

export const DIGITAL_EXPERIMENT_KIND = 'tabular-digital';

export interface DigitalExperiment {
  readonly name: string;
  readonly kind: typeof DIGITAL_EXPERIMENT_KIND;
  readonly config: DigitalConfig;
  readonly seeds: readonly number[];
}

const KEYS = ['name', 'kind', 'config', 'seeds'] as const;

/** Validates a parsed experiment file; throws one TabularConfigError naming `source` and every problem. */
export function parseDigitalExperiment(input: unknown, source: string): DigitalExperiment {
  const problems: ConfigProblem[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new TabularConfigError(source, [{ field: '(file)', value: input, expected: 'a JSON object' }]);
  const record = input as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(KEYS as readonly string[]).includes(key)) problems.push({ field: key, value: record[key], expected: `no such field (known: ${KEYS.join(', ')})` });
  }
  const name = record['name'];
  if (typeof name !== 'string' || name.length === 0) problems.push({ field: 'name', value: name, expected: 'a non-empty string' });
  if (record['kind'] !== DIGITAL_EXPERIMENT_KIND) problems.push({ field: 'kind', value: record['kind'], expected: `'${DIGITAL_EXPERIMENT_KIND}'` });
  const seeds = record['seeds'];
  const seedsOk = Array.isArray(seeds) && seeds.length > 0 && seeds.every((s: unknown) => typeof s === 'number' && Number.isInteger(s) && s >= 0 && s < 2 ** 32);
  if (!seedsOk) problems.push({ field: 'seeds', value: seeds, expected: 'a non-empty array of integers in [0, 2^32)' });
  const checked = checkDigitalConfig(record['config'], 'config');
  problems.push(...checked.problems);
  if (problems.length > 0) throw new TabularConfigError(source, problems);
  return { name: name as string, kind: DIGITAL_EXPERIMENT_KIND, config: checked.config, seeds: seeds as number[] };
}

export const GRID_EXPERIMENT_KIND = 'tabular-grid';

export interface GridExperiment {
  readonly name: string;
  readonly kind: typeof GRID_EXPERIMENT_KIND;
  readonly config: GridConfig;
  readonly seeds: readonly number[];
}

/** Validates an experiment file of kind 'tabular-grid' (PR Fig. 4's Landmarks and Blocker); lists every problem. */
export function parseGridExperiment(input: unknown, source: string): GridExperiment {
  const problems: ConfigProblem[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new TabularConfigError(source, [{ field: '(file)', value: input, expected: 'a JSON object' }]);
  const record = input as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(KEYS as readonly string[]).includes(key)) problems.push({ field: key, value: record[key], expected: `no such field (known: ${KEYS.join(', ')})` });
  }
  const name = record['name'];
  if (typeof name !== 'string' || name.length === 0) problems.push({ field: 'name', value: name, expected: 'a non-empty string' });
  if (record['kind'] !== GRID_EXPERIMENT_KIND) problems.push({ field: 'kind', value: record['kind'], expected: `'${GRID_EXPERIMENT_KIND}'` });
  const seeds = record['seeds'];
  const seedsOk = Array.isArray(seeds) && seeds.length > 0 && seeds.every((s: unknown) => typeof s === 'number' && Number.isInteger(s) && s >= 0 && s < 2 ** 32);
  if (!seedsOk) problems.push({ field: 'seeds', value: seeds, expected: 'a non-empty array of integers in [0, 2^32)' });
  const checked = checkGridConfig(record['config'], 'config');
  problems.push(...checked.problems);
  if (problems.length > 0) throw new TabularConfigError(source, problems);
  return { name: name as string, kind: GRID_EXPERIMENT_KIND, config: checked.config, seeds: seeds as number[] };
}
