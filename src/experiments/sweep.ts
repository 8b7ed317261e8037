// `cavlab sweep`: plan the runs of an experiment file, skip the finished ones, run (or resume) the rest on an
// executor, and keep results/<experiment>/index.csv up to date.
import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { runLocal } from './executors/local.js';
import { slurmJobActive, submitSlurm } from './executors/slurm.js';
import { expandSweep } from './grid.js';
import type { PlannedRun, SweepPlan } from './grid.js';
import { readStates, writeIndex } from './index-csv.js';
import { loadSweepFile } from './load.js';
import type { LoadedSweep } from './load.js';
import { sweepStateDir, writePlanFile } from './plan-file.js';
import { sweepProgress } from './progress.js';
import type { SweepProgress } from './progress.js';
import type { Budget, SweepFile } from './schema.js';
import type { RunState } from './status.js';
import { prepareController } from '../runner/controllers.js';

export const EXECUTORS = ['local', 'slurm'] as const;
export type ExecutorName = (typeof EXECUTORS)[number];

export interface SweepOptions {
  readonly budget: Budget;
  /** Results root. */
  readonly out: string;
  readonly executor: ExecutorName;
  /** Parallel runs (local: worker processes, default the cores; slurm: array throttle). */
  readonly jobs?: number;
  /** Slurm: wait for the array job to end (polling the runs' folders). */
  readonly wait?: boolean;
  readonly sbatchArgs?: readonly string[];
  readonly progress?: SweepProgress;
  readonly signal?: AbortSignal;
  /** Seconds between polls of a Slurm job. */
  readonly pollSeconds?: number;
}

export interface SweepSummary {
  readonly plan: SweepPlan;
  readonly index: string;
  readonly states: ReadonlyMap<string, RunState>;
  /** Runs found finished and not run again. */
  readonly skipped: number;
  readonly slurmJob: string | null;
}

export async function planSweep(experiment: string, budget: Budget, out: string): Promise<{ sweep: SweepFile; plan: SweepPlan }> {
  return planLoadedSweep(await loadSweepFile(experiment), budget, out);
}

/** The plan of a sweep file already read (`--status` reads it once, for the budget and the plan). */
async function planLoadedSweep({ file, sweep }: LoadedSweep, budget: Budget, out: string): Promise<{ sweep: SweepFile; plan: SweepPlan }> {
  const plan = await expandSweep(sweep, file, { budget, out });
  // Every run's algorithm and hyper-parameters are checked before anything starts: one line, exit 2.
  for (const run of plan.runs) prepareController(run.config.algo, run.config.algoConfig, `${file}: ${run.id}: algoConfig`);
  return { sweep, plan };
}

export function count(states: ReadonlyMap<string, RunState>): Record<RunState['status'], number> {
  const counts = { pending: 0, running: 0, finished: 0, failed: 0, interrupted: 0 };
  for (const s of states.values()) counts[s.status]++;
  return counts;
}

export async function runSweep(experiment: string, options: SweepOptions): Promise<SweepSummary> {
  const planned = await planSweep(experiment, options.budget, options.out);
  const { sweep } = planned;
  const jobs = options.jobs ?? availableParallelism();
  const plan = options.executor === 'local' && jobs > 1 ? oneWorkerEach(planned.plan) : planned.plan;
  const before = await readStates(plan);
  const todo: PlannedRun[] = plan.runs.filter((r) => before.get(r.id)?.status !== 'finished');
  const skipped = plan.runs.length - todo.length;
  const planFile = await writePlanFile(plan);
  const states = new Map(before);
  let slurmJob: string | null = null;
  if (todo.length > 0 && options.executor === 'local') {
    const progress = options.progress ?? sweepProgress(todo.length, jobs);
    try {
      for (const [id, state] of await runLocal(todo, { planFile, jobs, progress, ...(options.signal ? { signal: options.signal } : {}) })) states.set(id, state);
    } finally {
      progress.close();
    }
  } else if (todo.length > 0) {
    slurmJob = await submitSlurm(plan, todo, {
      planFile, stateDir: sweepStateDir(plan), resources: sweep.resources, sbatchArgs: options.sbatchArgs ?? [], ...(options.jobs ? { jobs: options.jobs } : {}),
    });
    if (options.wait) {
      const finalStates = await waitForSlurm(plan, slurmJob, todo, options.pollSeconds ?? 2, options.signal);
      for (const [id, state] of finalStates) states.set(id, state);
    }
  }
  const index = await writeIndex(plan, slurmJob !== null && !options.wait ? await readStates(plan) : states);
  return { plan, index, states, skipped, slurmJob };
}

/** Runs side by side share the cores: a run whose `workers` is 'auto' uses its own thread only (runner/placement.ts). */
export function oneWorkerEach(plan: SweepPlan): SweepPlan {
  return { ...plan, runs: plan.runs.map((run) => (run.config.workers === 'auto' ? { ...run, config: { ...run.config, workers: 1 } } : run)) };
}

/** Polls the runs' folders until the job has left the queue; a task that left no result is a failure. */
async function waitForSlurm(plan: SweepPlan, jobId: string, runs: readonly PlannedRun[], pollSeconds: number, signal?: AbortSignal): Promise<Map<string, RunState>> {
  for (;;) {
    const active = await slurmJobActive(jobId);
    const states = await readStates(plan);
    await writeIndex(plan, states);
    if (!active) {
      for (const run of runs) {
        const state = states.get(run.id);
        if (state?.status === 'pending' || state?.status === 'running') {
          states.set(run.id, { status: 'failed', error: `Slurm task ${jobId}_${run.index} ended without a result (see ${sweepStateDir(plan)}/slurm-${jobId}_${run.index}.out)` });
        }
      }
      return states;
    }
    if (signal?.aborted) return states;
    await sleep(pollSeconds * 1000);
  }
}

/** `--status`: every run's state from its folder, index.csv rewritten. */
export async function sweepStatus(loaded: LoadedSweep, budget: Budget, out: string): Promise<SweepSummary> {
  const { plan } = await planLoadedSweep(loaded, budget, out);
  const states = await readStates(plan);
  return { plan, index: await writeIndex(plan, states), states, skipped: 0, slurmJob: null };
}
