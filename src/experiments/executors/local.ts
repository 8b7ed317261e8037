// Local executor: up to `jobs` worker processes at a time, each running one planned run (`cavlab sweep-worker
// <plan> <index>`, so every run has its own process and its own SUMO). A run that fails is recorded with its
// error and the others go on.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { PACKAGE_ROOT } from '../../paths.js';
import type { PlannedRun } from '../grid.js';
import type { SweepProgress } from '../progress.js';
import type { RunState } from '../status.js';
import { readRunState } from '../status.js';

/** The built CLI the workers run (`npm run build` makes it). */
export const CLI_MAIN = join(PACKAGE_ROOT, 'dist', 'src', 'cli', 'main.js');
/** A worker gets this long to close SUMO and save after SIGTERM before it is killed. */
const FORCE_KILL_MS = 20_000;
/** util-linux: runs a command with PR_SET_PDEATHSIG set (as for SUMO, src/sumo/process.ts). */
const SETPRIV = '/usr/bin/setpriv';

export interface LocalOptions {
  readonly planFile: string;
  readonly jobs: number;
  readonly progress: SweepProgress;
  /** Aborting stops starting runs and sends SIGTERM to the running ones (they keep finished episodes). */
  readonly signal?: AbortSignal;
}

export async function runLocal(runs: readonly PlannedRun[], options: LocalOptions): Promise<Map<string, RunState>> {
  const states = new Map<string, RunState>();
  const queue = [...runs];
  const worker = async (): Promise<void> => {
    for (let run = queue.shift(); run !== undefined && !options.signal?.aborted; run = queue.shift()) {
      options.progress.started(run);
      const started = performance.now();
      const state = await runOne(run, options);
      states.set(run.id, state);
      options.progress.ended(run, state, (performance.now() - started) / 1000);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs, runs.length)) }, worker));
  return states;
}

/**
 * The worker's command line: under `setpriv --pdeathsig TERM` where available, so a worker whose sweep dies (even
 * by SIGKILL) is told to stop, marks its run interrupted and takes its SUMO with it; it never writes on beside the
 * next sweep's worker.
 */
export function workerCommand(planFile: string, index: number): [string, string[]] {
  const argv = [process.execPath, CLI_MAIN, 'sweep-worker', planFile, String(index)];
  const all = process.platform === 'linux' && existsSync(SETPRIV) ? [SETPRIV, '--pdeathsig', 'TERM', '--', ...argv] : argv;
  return [all[0] as string, all.slice(1)];
}

async function runOne(run: PlannedRun, options: LocalOptions): Promise<RunState> {
  const [file, args] = workerCommand(options.planFile, run.index);
  const child = await execa(file, args, {
    reject: false, stdin: 'ignore', stdout: 'ignore', stderr: 'pipe', env: { CI: 'true' },
    ...(options.signal ? { cancelSignal: options.signal } : {}), forceKillAfterDelay: FORCE_KILL_MS,
  });
  const state = await readRunState(run.dir);
  if (child.exitCode === 0 && state.status === 'finished') return state;
  if (state.status === 'interrupted') return state;
  // The worker's own record first (manifest or .sweep/errors/<run id>.txt), then its last words, then how it ended.
  const said = child.stderr.split('\n').filter((l) => l.startsWith('cavlab: ')).pop()?.slice('cavlab: '.length);
  const how = child.signal ? `worker stopped by ${child.signal}` : `worker exited with code ${String(child.exitCode)}`;
  return { status: 'failed', error: state.status === 'failed' && state.error ? state.error : said ?? how };
}
