// The plan a sweep's workers read (`<results>/<experiment>/.sweep/plan.json`): the resolved run configs in
// plan order, so a worker (a local child process or a Slurm array task) needs only the file and its index.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunConfig } from '../runner/config.js';
import { ExperimentFileError } from './errors.js';
import type { PlannedRun, SweepPlan } from './grid.js';

export const SWEEP_STATE_DIR = '.sweep';
export const PLAN_FILE = 'plan.json';

export interface WorkerRun {
  readonly index: number;
  readonly id: string;
  readonly dir: string;
  readonly config: RunConfig;
}

export function sweepStateDir(plan: SweepPlan): string {
  return join(plan.dir, SWEEP_STATE_DIR);
}

export async function writePlanFile(plan: SweepPlan): Promise<string> {
  const dir = sweepStateDir(plan);
  await mkdir(dir, { recursive: true });
  const file = join(dir, PLAN_FILE);
  const runs: WorkerRun[] = plan.runs.map((r: PlannedRun) => ({ index: r.index, id: r.id, dir: r.dir, config: r.config }));
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify({ experiment: plan.name, file: plan.file, budget: plan.budget, runs }, null, 2)}\n`);
  await rename(temp, file);
  return file;
}

/** Run `index` of a plan file written by writePlanFile (same cavlab version, so the shape is trusted). */
export async function readPlannedRun(file: string, index: number): Promise<WorkerRun> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new ExperimentFileError(file, '(file)', `is not a readable sweep plan (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
  const runs = typeof parsed === 'object' && parsed !== null && 'runs' in parsed && Array.isArray(parsed.runs) ? (parsed.runs as WorkerRun[]) : null;
  if (runs === null) throw new ExperimentFileError(file, 'runs', 'is missing');
  const run = runs[index];
  if (run === undefined) throw new ExperimentFileError(file, `runs[${index}]`, `does not exist (the plan has ${runs.length} runs)`);
  return run;
}
