// Policy Reciprocity's tabular figures as the paper draws them (Sec. V-A): Fig. 2-upper (per-agent Boltzmann policy
// distributions against the average policy), Fig. 3 (policy consensus at κ = 1 of agents 3, 6, 9, 12, 15, 18) and
// Fig. 4 (average return of IQL and IQL+PR on Digital, Landmarks |N| = 2, Blocker |N| = 3, Landmarks |N| = 10).
// Inputs: digital-policy.csv / digital-episodes.csv (experiments/pr/digital.json) and grid-episodes.csv
// (experiments/pr/grid.json), found in the results folder given or one level below it.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CavlabUsageError } from '../errors.js';
import { DIGITAL_EPISODES_FILE, DIGITAL_POLICY_FILE, GRID_EPISODES_FILE } from '../tabular/csv-sink.js';
import { meanStd } from './aggregate.js';
import type { CurvePointStat } from './aggregate.js';
import { num, readCsv } from './results.js';
import type { Row } from './results.js';

/** `name` in `root` or in one of its sub-folders (a results root holding pr-digital/ and pr-grid/). */
export function findResultFile(root: string, name: string): string | null {
  if (existsSync(join(root, name))) return join(root, name);
  if (!existsSync(root)) return null;
  for (const entry of readdirSync(root, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.isDirectory() && existsSync(join(root, entry.name, name))) return join(root, entry.name, name);
  }
  return null;
}

async function rowsOf(root: string, name: string, experiment: string): Promise<readonly Row[]> {
  const file = findResultFile(root, name);
  if (file === null) throw new CavlabUsageError(`no ${name} in ${root} or its sub-folders (run: cavlab run experiments/pr/${experiment}.json)`);
  return (await readCsv(file)).rows;
}

/** The last snapshot episode of the first seed for one algorithm and κ: the rows one policy figure draws. */
function lastSnapshot(rows: readonly Row[], algorithm: string, kappa: number): { rows: Row[]; seed: number; episode: number } {
  const mine = rows.filter((r) => r['algorithm'] === algorithm && num(r['kappa']) === kappa);
  if (mine.length === 0) throw new CavlabUsageError(`${DIGITAL_POLICY_FILE}: no policy rows of ${algorithm} at κ = ${kappa} (add κ to pr.kappa or kappaSweep)`);
  const seed = Math.min(...mine.map((r) => num(r['seed'])));
  const ofSeed = mine.filter((r) => num(r['seed']) === seed);
  const episode = Math.max(...ofSeed.map((r) => num(r['episode'])));
  return { rows: ofSeed.filter((r) => num(r['episode']) === episode), seed, episode };
}

const exact = (mean: number): { mean: number; std: number; n: number } => ({ mean, std: 0, n: 1 });

/**
 * Fig. 2-upper: π_i(a|s) of every agent (x = agent 1…N, the average policy at N + 1) for `states` at action `action`;
 * one line per state. The paper "randomly select[s] some state-action pairs"; which ones is the caller's Decision.
 */
export async function policyAgentsPoints(root: string, kappa: number, states: readonly number[], action: number): Promise<{ points: CurvePointStat[]; seed: number; episode: number }> {
  const { rows, seed, episode } = lastSnapshot(await rowsOf(root, DIGITAL_POLICY_FILE, 'digital'), 'iql-pr', kappa);
  const agents = Math.max(...rows.map((r) => num(r['agent']))) + 1;
  const points = rows
    .filter((r) => states.includes(num(r['state'])) && num(r['action']) === action)
    .map((r) => {
      const agent = num(r['agent']);
      return { group: `state ${num(r['state'])}`, scenario: 'digital', epoch: agent < 0 ? agents + 1 : agent + 1, ...exact(num(r['probability'])) };
    });
  return { points, seed, episode };
}

/** Fig. 3: π_i(a|s) over all states for agents `agents` (1-based, as the paper numbers them) at κ = 1. */
export async function consensusAgentsPoints(root: string, agents: readonly number[], action: number): Promise<{ points: CurvePointStat[]; seed: number; episode: number }> {
  const { rows, seed, episode } = lastSnapshot(await rowsOf(root, DIGITAL_POLICY_FILE, 'digital'), 'iql-pr', 1);
  const points = rows
    .filter((r) => agents.includes(num(r['agent']) + 1) && num(r['action']) === action)
    .map((r) => ({ group: `agent ${num(r['agent']) + 1}`, scenario: 'digital', epoch: num(r['state']), ...exact(num(r['probability'])) }));
  return { points, seed, episode };
}

/** At most this many episodes per line (every k-th one), as the Digital curves. */
const POINTS_PER_LINE = 100;

function thin(points: readonly CurvePointStat[], episodes: number): CurvePointStat[] {
  const every = Math.max(1, Math.ceil(episodes / POINTS_PER_LINE));
  return points.filter((p) => p.epoch % every === 0 || p.epoch === episodes - 1);
}

/** Mean ± std over seeds per (panel, algorithm, episode). */
function seedStats(entries: readonly { panel: string; group: string; episode: number; value: number }[]): CurvePointStat[] {
  const byKey = new Map<string, { panel: string; group: string; episode: number; values: number[] }>();
  for (const e of entries) {
    const key = `${e.panel}|${e.group}|${e.episode}`;
    const entry = byKey.get(key) ?? { panel: e.panel, group: e.group, episode: e.episode, values: [] };
    entry.values.push(e.value);
    byKey.set(key, entry);
  }
  return [...byKey.values()].map((e) => ({ group: e.group, scenario: e.panel, epoch: e.episode, ...meanStd(e.values) }));
}

export const DIGITAL_PANEL = 'Digital';

export function gridPanel(env: string, agents: number): string {
  return `${env === 'blocker' ? 'Blocker' : 'Landmarks'}, |N| = ${agents}`;
}

/**
 * Fig. 4: the average return per episode, IQL against IQL+PR at κ = `kappa`, one panel per environment in the
 * paper's order (each grid environment of grid-episodes.csv), then Digital (return_team, if digital-episodes.csv is
 * there; the paper reports Digital's consensus only, issue 18 asks for its return next to the others).
 */
export async function returnPanelsPoints(root: string, kappa: number): Promise<CurvePointStat[]> {
  const entries: { panel: string; group: string; episode: number; value: number }[] = [];
  const label = (algorithm: string): string => (algorithm === 'iql' ? 'IQL' : 'IQL+PR');
  const keep = (r: Row): boolean => r['algorithm'] === 'iql' || (r['algorithm'] === 'iql-pr' && num(r['kappa']) === kappa);
  for (const r of (await rowsOf(root, GRID_EPISODES_FILE, 'grid')).filter(keep)) {
    entries.push({ panel: gridPanel(r['env'] ?? '', num(r['agents'])), group: label(r['algorithm'] ?? ''), episode: num(r['episode']), value: num(r['return']) });
  }
  const digital = findResultFile(root, DIGITAL_EPISODES_FILE);
  let episodes = 0;
  if (digital !== null) {
    for (const r of (await readCsv(digital)).rows.filter(keep)) {
      entries.push({ panel: DIGITAL_PANEL, group: label(r['algorithm'] ?? ''), episode: num(r['episode']), value: num(r['return_team']) });
    }
  }
  for (const e of entries) episodes = Math.max(episodes, e.episode + 1);
  return thin(seedStats(entries), episodes);
}
