// Slurm executor: one `sbatch --array` job per sweep, one array task per run still to do; each task runs
// `cavlab sweep-worker <plan> $SLURM_ARRAY_TASK_ID`. Progress is read from the runs' own folders, so no
// accounting database (sacct) is needed; squeue only tells whether the job is still queued or running.
import { writeFile, appendFile, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { ExecutorError } from '../errors.js';
import type { PlannedRun, SweepPlan } from '../grid.js';
import type { SweepResources } from '../schema.js';
import { CLI_MAIN } from './local.js';
import { checkSlurmValue } from './slurm-fields.js';

export const SBATCH_SCRIPT = 'sweep.sbatch';
export const JOBS_FILE = 'slurm-jobs';

export interface SlurmOptions {
  readonly planFile: string;
  readonly stateDir: string;
  /** At most this many array tasks at once (`--array=…%jobs`); undefined = Slurm's limit. */
  readonly jobs?: number;
  readonly resources: SweepResources;
  /** Passed to sbatch before the script (`--partition x`, `--account y`, …). */
  readonly sbatchArgs: readonly string[];
}

/** "0-3,5,7-8" from sorted indices. */
export function arraySpec(indices: readonly number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < indices.length) {
    let j = i;
    while (j + 1 < indices.length && indices[j + 1] === (indices[j] ?? 0) + 1) j++;
    parts.push(i === j ? String(indices[i]) : `${String(indices[i])}-${String(indices[j])}`);
    i = j + 1;
  }
  return parts.join(',');
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The batch script of a sweep. `#SBATCH` values are checked (slurm-fields.ts) and the shell lines single-quote
 * every path, so nothing from a file or the command line can add a line or a command. The log path (free text
 * under --out) goes to sbatch as an argument instead (submitSlurm).
 */
export function sbatchScript(plan: SweepPlan, runs: readonly PlannedRun[], options: SlurmOptions): string {
  const r = options.resources;
  const file = `${plan.dir}/.sweep/plan.json`;
  checkSlurmValue('memory', r.memory, file, 'resources.memory');
  checkSlurmValue('time', r.time, file, 'resources.time');
  if (r.partition) checkSlurmValue('partition', r.partition, file, 'resources.partition');
  for (const arg of options.sbatchArgs) checkSlurmValue('sbatch-arg', arg, 'command line');
  const array = `${arraySpec(runs.map((run) => run.index))}${options.jobs ? `%${options.jobs}` : ''}`;
  return [
    '#!/bin/bash',
    `#SBATCH --job-name=cavlab-${plan.name}`,
    `#SBATCH --array=${array}`,
    `#SBATCH --cpus-per-task=${r.cpusPerTask}`,
    `#SBATCH --mem=${r.memory}`,
    `#SBATCH --time=${r.time}`,
    ...(r.partition ? [`#SBATCH --partition=${r.partition}`] : []),
    '# One run of the sweep per array task; the run resumes from its folder if it was interrupted. Paths in the',
    '# plan are absolute; the submission directory stays the working directory for relative scenario paths.',
    `cd ${quote(process.cwd())}`,
    `export CI=true`,
    `exec ${quote(process.execPath)} ${quote(CLI_MAIN)} sweep-worker ${quote(options.planFile)} "$SLURM_ARRAY_TASK_ID"`,
    '',
  ].join('\n');
}

/** Submits the array job and returns its id (also appended to `.sweep/slurm-jobs`). */
export async function submitSlurm(plan: SweepPlan, runs: readonly PlannedRun[], options: SlurmOptions): Promise<string> {
  const script = join(options.stateDir, SBATCH_SCRIPT);
  await writeFile(script, sbatchScript(plan, runs, options));
  await chmod(script, 0o755);
  const output = `--output=${join(options.stateDir, 'slurm-%A_%a.out')}`;
  const result = await execa('sbatch', ['--parsable', output, ...options.sbatchArgs, script], { reject: false, stdin: 'ignore' });
  if (result.failed || result.exitCode !== 0) {
    const why = result.code === 'ENOENT' ? 'sbatch not found (is Slurm installed? scripts/slurm-local.sh starts a local one)' : (result.stderr.trim().split('\n').pop() ?? `exit code ${String(result.exitCode)}`);
    throw new ExecutorError(`sbatch failed: ${why}`);
  }
  const jobId = result.stdout.trim().split(';')[0] ?? '';
  if (!/^\d+$/.test(jobId)) throw new ExecutorError(`sbatch gave no job id (stdout: ${result.stdout.trim()})`);
  await appendFile(join(options.stateDir, JOBS_FILE), `${jobId}\n`);
  return jobId;
}

/** Whether any task of the job is still pending or running. */
export async function slurmJobActive(jobId: string): Promise<boolean> {
  const result = await execa('squeue', ['-h', '-j', jobId, '-o', '%i'], { reject: false, stdin: 'ignore' });
  if (result.exitCode !== 0) {
    // squeue forgets a job some time after it ended and then says "Invalid job id".
    if (/invalid job id/i.test(result.stderr)) return false;
    throw new ExecutorError(`squeue failed: ${result.stderr.trim().split('\n').pop() ?? result.exitCode}`);
  }
  return result.stdout.trim().length > 0;
}
