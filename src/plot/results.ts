// The runs under a results folder as data for figures and tables: identity parsed from the folder name
// (`<algo>__<scenario>[__<grid label>]__seed<k>`), episodes.csv and comm.csv rows, the policy size.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { knownFunctions } from '../env/functions.js';
import { loadManifest, resolveScenario } from '../scenarios/registry.js';

/** One CSV row, by column name (cells as text; numbers through `num`). */
export type Row = Readonly<Record<string, string>>;

export interface RunResults {
  readonly id: string;
  readonly dir: string;
  readonly algo: string;
  readonly scenario: string;
  /** Grid label ('' for a run without grid values). */
  readonly label: string;
  readonly seed: number | null;
  /** Legend entry: the algorithm and its grid values, e.g. "rsm-masac (segments=4)". */
  readonly group: string;
  readonly columns: readonly string[];
  readonly episodes: readonly Row[];
  /** comm.csv rows, or null when the controller never communicated. */
  readonly comm: readonly Row[] | null;
  readonly policyParameters: number | null;
}

export function num(value: string | undefined): number {
  return value === undefined || value === '' ? Number.NaN : Number(value);
}

/** "segments-4_replicas-3" → "segments=4, replicas=3". */
export function readableLabel(label: string): string {
  return label.split('_').filter((p) => p.length > 0).map((pair) => {
    const at = pair.indexOf('-');
    return at > 0 ? `${pair.slice(0, at)}=${pair.slice(at + 1)}` : pair;
  }).join(', ');
}

export function parseRunId(id: string): { algo: string; scenario: string; label: string; seed: number | null } {
  const parts = id.split('__');
  const seed = /^seed(\d+)$/.exec(parts[parts.length - 1] ?? '');
  if (parts.length < 3 || seed === null) return { algo: id, scenario: '', label: '', seed: null };
  return { algo: parts[0] ?? id, scenario: parts[1] ?? '', label: parts.slice(2, -1).join('__'), seed: Number(seed[1]) };
}

/** A CSV file as its header and rows by column name (cells as text). */
export async function readCsv(file: string): Promise<{ columns: string[]; rows: Row[] }> {
  const [header, ...lines] = (await readFile(file, 'utf8')).trimEnd().split('\n').filter((l) => l.length > 0);
  const columns = (header ?? '').split(',');
  const rows = lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']));
  });
  return { columns, rows };
}

async function runManifest(dir: string): Promise<unknown> {
  const text = await readFile(join(dir, 'manifest.json'), 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function policyParameters(manifest: unknown): number | null {
  return typeof manifest === 'object' && manifest !== null && 'policyParameters' in manifest && typeof manifest.policyParameters === 'number' ? manifest.policyParameters : null;
}

/** H and τ of a run: the manifest's horizon (else the scenario's) and the scenario's step length; null if unknown. */
async function horizonAndStep(manifest: unknown): Promise<{ horizon: number; stepLength: number } | null> {
  if (typeof manifest !== 'object' || manifest === null || !('config' in manifest)) return null;
  const config = manifest.config;
  if (typeof config !== 'object' || config === null || !('scenario' in config) || typeof config.scenario !== 'string') return null;
  try {
    const scenario = await loadManifest(resolveScenario(config.scenario), knownFunctions());
    const horizon = 'horizon' in config && typeof config.horizon === 'number' ? config.horizon : scenario.horizon;
    return { horizon, stepLength: scenario.stepLength };
  } catch {
    return null;
  }
}

/**
 * Adds `utility_eq21` = mean_learner_speed · τ · steps / H: MA-PMBRL's eq. (21), (1/(H·I)) Σ_i Σ_t Λx_t^(i), from
 * the runner's own columns, so every algorithm (the IDM reference and SAC too) is measured on one definition and an
 * episode a collision cut short is divided by H. (The model-based controllers' `utility` column is the same sum over
 * straight-line moves between positions; it reads a few % lower on the rings.)
 */
export const UTILITY_EQ21 = 'utility_eq21';
function withUtility(csv: { columns: string[]; rows: Row[] }, run: { horizon: number; stepLength: number } | null): { columns: string[]; rows: Row[] } {
  if (run === null || !csv.columns.includes('mean_learner_speed') || !csv.columns.includes('steps') || csv.columns.includes(UTILITY_EQ21)) return csv;
  const rows = csv.rows.map((r) => ({ ...r, [UTILITY_EQ21]: String((num(r['mean_learner_speed']) * run.stepLength * num(r['steps'])) / run.horizon) }));
  return { columns: [...csv.columns, UTILITY_EQ21], rows };
}

/**
 * Adds `reward_per_step` = return / steps: the RSM-MASAC paper's "average reward" (Table V's values are per
 * step, e.g. 0.6538), where episodes.csv's `return` sums the learners' mean reward over the steps.
 */
export const REWARD_PER_STEP = 'reward_per_step';
function withRewardPerStep(csv: { columns: string[]; rows: Row[] }): { columns: string[]; rows: Row[] } {
  if (!csv.columns.includes('return') || !csv.columns.includes('steps') || csv.columns.includes(REWARD_PER_STEP)) return csv;
  const rows = csv.rows.map((r) => ({ ...r, [REWARD_PER_STEP]: String(num(r['return']) / num(r['steps'])) }));
  return { columns: [...csv.columns, REWARD_PER_STEP], rows };
}

/** Every episodes.csv under `root` (the root itself may be a run folder). */
export async function findEpisodeFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (e.isFile() && e.name === 'episodes.csv') found.push(join(dir, e.name));
      else if (e.isDirectory() && e.name !== 'checkpoints' && depth < 4) await walk(join(dir, e.name), depth + 1);
    }
  };
  await walk(root, 0);
  return found.sort();
}

/** Run folder names in a sweep's plan order, from `<root>/index.csv` when there is one. */
async function planOrder(root: string): Promise<Map<string, number>> {
  const file = join(root, 'index.csv');
  if (!existsSync(file)) return new Map();
  const { rows } = await readCsv(file);
  return new Map(rows.map((r, i) => [r['run'] ?? '', i]));
}

/** Every run (a folder with episodes.csv) under `root`: in a sweep's plan order (index.csv), else by folder name (numbers by value). */
export async function readResults(root: string): Promise<RunResults[]> {
  const order = await planOrder(root);
  const rank = (id: string): number => order.get(id) ?? Number.MAX_SAFE_INTEGER;
  const runs: RunResults[] = [];
  for (const file of await findEpisodeFiles(root)) {
    const dir = dirname(file);
    const id = basename(dir);
    const parsed = parseRunId(id);
    const manifest = await runManifest(dir);
    const episodes = withUtility(withRewardPerStep(await readCsv(file)), await horizonAndStep(manifest));
    const commFile = join(dir, 'comm.csv');
    const comm = existsSync(commFile) ? (await readCsv(commFile)).rows : null;
    runs.push({
      id, dir, ...parsed, group: parsed.label ? `${parsed.algo} (${readableLabel(parsed.label)})` : parsed.algo,
      columns: episodes.columns, episodes: episodes.rows, comm, policyParameters: policyParameters(manifest),
    });
  }
  // Numbers in folder names in numeric order: range-50 before range-100, seed2 before seed10.
  return runs.sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id, 'en', { numeric: true }));
}
