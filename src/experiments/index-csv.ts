// results/<experiment>/index.csv: one row per planned run with its folder, status, grid values and final
// metrics (final_phase says whether they are the last evaluation's or, without one, the last training episode's), rewritten whole (temp file + rename) whenever a sweep learns something new.
import { rename, writeFile, mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { PlannedRun, SweepPlan } from './grid.js';
import type { RunState } from './status.js';
import { readFinalMetrics, readRunState } from './status.js';
import { MANIFEST_FILE, readManifest } from '../metrics/manifest.js';
import { existsSync } from 'node:fs';

export const INDEX_FILE = 'index.csv';
export const INDEX_COLUMNS = [
  'run', 'path', 'status', 'algo', 'scenario', 'grid', 'seed', 'episodes', 'final_epoch', 'final_phase', 'final_return', 'final_mean_speed', 'final_collisions', 'retries', 'error',
] as const;

export interface IndexRow {
  readonly run: PlannedRun;
  readonly state: RunState;
}

/** Statuses of every run of the plan, from their folders. */
export async function readStates(plan: SweepPlan): Promise<Map<string, RunState>> {
  const states = new Map<string, RunState>();
  for (const run of plan.runs) states.set(run.id, await readRunState(run.dir));
  return states;
}

const num = (v: number | null): string => (v === null ? '' : String(Number(v.toPrecision(6))));

/** Episodes the run reran after SUMO died (manifest `retries`, issue 23); 0 without a readable manifest. */
async function retryCount(dir: string): Promise<number> {
  if (!existsSync(join(dir, MANIFEST_FILE))) return 0;
  return (await readManifest(dir).catch(() => null))?.retries?.length ?? 0;
}

export async function writeIndex(plan: SweepPlan, states: ReadonlyMap<string, RunState>): Promise<string> {
  const records: string[][] = [];
  for (const run of plan.runs) {
    const state = states.get(run.id) ?? { status: 'pending', error: null };
    const final = await readFinalMetrics(run.dir);
    records.push([
      run.id, relative(plan.dir, run.dir), state.status, run.config.algo, run.config.scenario, run.config.label ?? '', String(run.config.seed),
      String(final.episodes), num(final.epoch), final.phase ?? '', num(final.return), num(final.meanSpeed), num(final.collisions), String(await retryCount(run.dir)), state.error ?? '',
    ]);
  }
  await mkdir(plan.dir, { recursive: true });
  const file = join(plan.dir, INDEX_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, stringify(records, { header: true, columns: [...INDEX_COLUMNS] }));
  await rename(temp, file);
  return file;
}
