// `cavlab sweep <experiment>`: grid × seeds of an experiment file, run locally or on Slurm; finished runs are
// skipped, interrupted ones resumed; results/<experiment>/index.csv lists every run. `--status` only reads.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { CavlabUsageError } from '../errors.js';
import { estimateLine } from '../experiments/cost.js';
import { planCost } from '../experiments/cost-estimate.js';
import { pickBudget } from '../experiments/budgets.js';
import { readStates } from '../experiments/index-csv.js';
import { loadSweepFile } from '../experiments/load.js';
import { SweepFailedError, SweepInterruptedError } from '../experiments/errors.js';
import { checkSlurmValue } from '../experiments/executors/slurm-fields.js';
import { BUDGETS } from '../experiments/schema.js';
import type { Budget } from '../experiments/schema.js';
import { count, EXECUTORS, planSweep, runSweep, sweepStatus } from '../experiments/sweep.js';
import type { ExecutorName, SweepSummary } from '../experiments/sweep.js';
import { RUN_DEFAULTS } from '../runner/config.js';
import { abortSignalName, StopSignals } from '../runner/stop.js';
import { findSumo } from '../sumo/binary.js';
import { typedCommand } from './typed-command.js';

interface SweepArgs {
  experiment: string;
  executor: ExecutorName;
  jobs?: number;
  budget?: Budget;
  out: string;
  dryRun: boolean;
  status: boolean;
  wait: boolean;
  partition?: string;
  account?: string;
  qos?: string;
  sbatchArg?: string[];
  sumoBinary?: string;
}

/** How `sweep --sumo-binary` reaches its workers (local children and Slurm tasks inherit the environment). */
export const SUMO_BINARY_ENV = 'CAVLAB_SUMO_BINARY';

function summaryLine(summary: SweepSummary): string {
  const c = count(summary.states);
  return `${summary.plan.name}: ${summary.plan.runs.length} runs: ${c.finished} finished, ${c.failed} failed, ${c.running} running, ${c.pending} pending${c.interrupted > 0 ? `, ${c.interrupted} interrupted` : ''}`;
}

export const sweepCommand = typedCommand<SweepArgs>()({
  command: 'sweep <experiment>',
  describe: 'Run an experiment\'s grid × seeds locally or on Slurm; skips finished runs, resumes the rest',
  builder: (y: Argv) =>
    y.positional('experiment', { type: 'string', demandOption: true, describe: 'Experiment file (.json/.yaml) or its name under experiments/' })
      .option('executor', { choices: EXECUTORS, default: 'local' as const, describe: 'Where runs execute' })
      .option('jobs', { type: 'number', describe: 'Runs at once (local default: CPU cores; slurm: array task limit)' })
      .option('budget', { choices: BUDGETS, describe: 'Budget profile of the experiment file (default paper; smoke finishes in minutes; --status: the one with results)' })
      .option('out', { type: 'string', default: RUN_DEFAULTS.out, describe: 'Results root' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Print the planned runs and their status; run nothing' })
      .option('status', { type: 'boolean', default: false, describe: 'Read the runs\' status from their folders and rewrite index.csv' })
      .option('wait', { type: 'boolean', default: false, describe: 'Slurm: wait until the array job has ended' })
      .option('partition', { type: 'string', describe: 'Slurm partition (sbatch --partition)' })
      .option('account', { type: 'string', describe: 'Slurm account (sbatch --account)' })
      .option('qos', { type: 'string', describe: 'Slurm QOS (sbatch --qos)' })
      .option('sbatch-arg', { type: 'string', array: true, describe: 'Extra sbatch argument, repeatable (e.g. --sbatch-arg=--gres=gpu:1)' })
      .option('sumo-binary', { type: 'string', describe: 'SUMO binary for every run instead of $SUMO_HOME/bin or PATH' }),
  handler: async (args) => {
    if (args.jobs !== undefined && (!Number.isInteger(args.jobs) || args.jobs < 1)) throw new CavlabUsageError(`--jobs must be a positive integer, got ${String(args.jobs)}`);
    const budget = args.budget ?? 'paper';
    if (args.dryRun) {
      const { plan } = await planSweep(args.experiment, budget, args.out);
      const states = await readStates(plan);
      for (const run of plan.runs) process.stdout.write(`${run.id}\t${states.get(run.id)?.status ?? 'pending'}\n`);
      process.stderr.write(`${plan.runs.length} runs → ${plan.dir}\n`);
      const todo = plan.runs.filter((r) => states.get(r.id)?.status !== 'finished');
      // On stderr with the count above it: stdout stays the list of runs (one id and status per line) for scripts.
      process.stderr.write(`${estimateLine(await planCost(todo, args.jobs ?? availableParallelism(), args.out))}\n`);
      return;
    }
    if (args.status) {
      const loaded = await loadSweepFile(args.experiment);
      const summary = await sweepStatus(loaded, pickBudget(loaded.sweep, args.out, args.experiment, args.budget).budget, args.out);
      for (const run of summary.plan.runs) {
        const state = summary.states.get(run.id);
        process.stdout.write(`${run.id}\t${state?.status ?? 'pending'}${state?.error ? `\t${state.error}` : ''}\n`);
      }
      process.stderr.write(`${summaryLine(summary)}\n${summary.index}\n`);
      return;
    }
    for (const field of ['partition', 'account', 'qos'] as const) {
      const value = args[field];
      if (value !== undefined) checkSlurmValue(field, value, 'command line', `--${field}`);
    }
    for (const arg of args.sbatchArg ?? []) checkSlurmValue('sbatch-arg', arg, 'command line', '--sbatch-arg');
    if (args.sumoBinary !== undefined) process.env[SUMO_BINARY_ENV] = resolve(findSumo({ binary: args.sumoBinary }));
    const sbatchArgs = [
      ...(args.partition ? [`--partition=${args.partition}`] : []), ...(args.account ? [`--account=${args.account}`] : []),
      ...(args.qos ? [`--qos=${args.qos}`] : []), ...(args.sbatchArg ?? []),
    ];
    // A second signal exits at once; the workers get SIGTERM from the kernel then (PR_SET_PDEATHSIG) and mark
    // their runs interrupted themselves.
    const stop = new StopSignals((line) => process.stderr.write(`\ncavlab: ${line}\n`), 'stopping the running runs; the next sweep resumes them').install();
    let summary: SweepSummary;
    try {
      summary = await runSweep(args.experiment, {
        budget, out: args.out, executor: args.executor, wait: args.wait, sbatchArgs, signal: stop.signal,
        ...(args.jobs !== undefined ? { jobs: args.jobs } : {}),
      });
    } finally {
      stop.uninstall();
    }
    if (summary.skipped > 0) process.stderr.write(`${summary.skipped} finished runs skipped\n`);
    if (summary.slurmJob !== null) process.stderr.write(`submitted Slurm job ${summary.slurmJob}${args.wait ? '' : `; follow it with: cavlab sweep ${args.experiment} --status${budget !== 'paper' ? ` --budget ${budget}` : ''}`}\n`);
    process.stderr.write(`${summaryLine(summary)}\n`);
    process.stdout.write(`${summary.index}\n`);
    if (stop.signal.aborted) throw new SweepInterruptedError(abortSignalName(stop.signal), count(summary.states).interrupted);
    const failed = count(summary.states).failed;
    if (failed > 0) throw new SweepFailedError(`${failed} of ${summary.plan.runs.length} runs failed (errors in ${summary.index})`);
  },
});
