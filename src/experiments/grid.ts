// Grid expansion: a sweep file and a budget → the ordered list of runs (grid values in file order, seeds
// innermost), each with its resolved RunConfig, its stable id and its folder.
import { basename, resolve } from 'node:path';
import type { RunConfig } from '../runner/config.js';
import { parseRunFields, RUN_DEFAULTS } from '../runner/config.js';
import { runDir, runId } from '../runner/run-path.js';
import { knownFunctions } from '../env/functions.js';
import { loadManifest, resolveScenario } from '../scenarios/registry.js';
import { ExperimentFileError } from './errors.js';
import { ALGO_CONFIG_PREFIX, RUN_FIELD_KEYS } from './schema.js';
import type { Budget, SweepFile } from './schema.js';

export interface PlannedRun {
  /** Position in the plan (the Slurm array index). */
  readonly index: number;
  /** `<algo>__<scenario>__<grid values>__seed<k>`: the run's folder name. */
  readonly id: string;
  readonly dir: string;
  /** The grid values of this run, by grid key. */
  readonly grid: Readonly<Record<string, unknown>>;
  readonly config: RunConfig;
}

export interface SweepPlan {
  /** Results folder name: the experiment's name, with `-<budget>` for budgets other than paper. */
  readonly name: string;
  readonly file: string;
  readonly budget: Budget;
  /** `<out>/<name>`. */
  readonly dir: string;
  readonly runs: readonly PlannedRun[];
}

/** Keys already in the run id; they do not repeat in the label. */
const ID_KEYS = new Set(['algo', 'scenario']);

/** Folder-safe text of one grid value ("0.001", "true", "best", [64, 64] → "64x64"). */
function valueText(value: unknown): string {
  if (Array.isArray(value)) return value.map(valueText).join('x');
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text.replace(/[^A-Za-z0-9.+-]+/g, ' ').trim().replace(/ +/g, '-');
}

/** The label of a run's grid values: `segments-4_replicas-3` (keys without the algoConfig. prefix). */
export function gridLabel(values: Readonly<Record<string, unknown>>): string {
  return Object.entries(values)
    .filter(([key]) => !ID_KEYS.has(key))
    .map(([key, value]) => `${key.startsWith(ALGO_CONFIG_PREFIX) ? key.slice(ALGO_CONFIG_PREFIX.length) : key}-${valueText(value)}`.replace(/_+/g, '_').replace(/[^A-Za-z0-9.+_-]+/g, '-'))
    .join('_');
}

/** Every combination of the grid's values, keys in file order, the last key varying fastest. */
export function cartesian(grid: Readonly<Record<string, readonly unknown[]>>): Record<string, unknown>[] {
  let combos: Record<string, unknown>[] = [{}];
  for (const [key, values] of Object.entries(grid)) {
    combos = combos.flatMap((combo) => values.map((value) => ({ ...combo, [key]: value })));
  }
  return combos;
}

/** Sets `value` at a dotted path inside a copy of `target` ("a.b" → target.a.b). */
function setPath(target: Readonly<Record<string, unknown>>, path: readonly string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = path;
  if (head === undefined) return { ...target };
  const child = target[head];
  const childRecord = typeof child === 'object' && child !== null && !Array.isArray(child) ? (child as Record<string, unknown>) : {};
  return { ...target, [head]: rest.length === 0 ? value : setPath(childRecord, rest, value) };
}

/** The scenario's manifest name (what the run folder uses), or the folder's name when it cannot be read. */
export async function scenarioName(scenario: string): Promise<string> {
  try {
    return (await loadManifest(resolveScenario(scenario), knownFunctions())).name;
  } catch {
    // The run reports the real problem when it starts; the id only needs to be stable.
    return basename(scenario).replace(/[^A-Za-z0-9._-]+/g, '-') || 'scenario';
  }
}

export interface ExpandOptions {
  readonly budget: Budget;
  /** Results root. */
  readonly out: string;
}

export function resultsName(sweep: SweepFile, budget: Budget): string {
  return budget === 'paper' ? sweep.name : `${sweep.name}-${budget}`;
}

export async function expandSweep(sweep: SweepFile, file: string, options: ExpandOptions): Promise<SweepPlan> {
  const profile = sweep.budgets?.[options.budget];
  if (options.budget !== 'paper' && profile === undefined) throw new ExperimentFileError(file, `budgets.${options.budget}`, `is missing: this experiment has no ${options.budget} budget`);
  const name = resultsName(sweep, options.budget);
  const grid: Record<string, readonly unknown[]> = { ...(sweep.grid ?? {}), ...(profile?.grid ?? {}) };
  const seeds = profile?.seeds ?? sweep.seeds;
  const base: Record<string, unknown> = {};
  for (const key of RUN_FIELD_KEYS) {
    const value = key in (profile ?? {}) ? (profile as Record<string, unknown>)[key] : sweep[key];
    if (value !== undefined) base[key] = value;
  }
  const names = new Map<string, string>();
  const runs: PlannedRun[] = [];
  const seen = new Map<string, string>();
  for (const values of cartesian(grid)) {
    let record: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(values)) if (!key.startsWith(ALGO_CONFIG_PREFIX)) record[key] = value;
    const algo = String(record['algo']);
    let algoConfig: Record<string, unknown> = { ...(sweep.algoConfig ?? {}), ...(sweep.algoConfigs?.[algo] ?? {}), ...(profile?.algoConfig ?? {}) };
    for (const [key, value] of Object.entries(values)) {
      if (key.startsWith(ALGO_CONFIG_PREFIX)) algoConfig = setPath(algoConfig, key.slice(ALGO_CONFIG_PREFIX.length).split('.'), value);
    }
    record = { ...record, algoConfig };
    const fields = parseRunFields(record, file, { experiment: name });
    const scenario = names.get(fields.scenario) ?? (await scenarioName(fields.scenario));
    names.set(fields.scenario, scenario);
    const label = gridLabel(values);
    for (const seed of seeds) {
      const config: RunConfig = { ...fields, seed, out: resolve(options.out), gui: RUN_DEFAULTS.gui, ...(label ? { label } : {}) };
      const id = runId(config, scenario);
      const again = seen.get(id);
      if (again !== undefined) throw new ExperimentFileError(file, 'grid', `two grid points give the same run id ${id} (${again} and ${JSON.stringify(values)})`);
      seen.set(id, JSON.stringify(values));
      runs.push({ index: runs.length, id, dir: runDir(config, scenario), grid: values, config });
    }
  }
  return { name, file, budget: options.budget, dir: resolve(options.out, name), runs };
}
