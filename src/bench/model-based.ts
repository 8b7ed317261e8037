// `cavlab bench model-based`: seconds per intersection8 episode of MBPO and MA-PMBRL (Fig. 3's experiment files,
// seed 0) at the same SAC updates per env step (G = 1 for both), measured one after the other in this run. Each
// controller runs as its own `cavlab run` process: a random episode (Alg. 1's first; no updates, MBPO fits its
// first ensemble after it), then learning episodes whose wall time is the figure. Issue 16's goal: MBPO ≤ 1.5×.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { CavlabError } from '../errors.js';
import { PACKAGE_ROOT } from '../paths.js';
import { num, readCsv } from '../plot/results.js';

export interface ModelBasedBenchOptions {
  /** Steps per episode (the figure: 500). */
  readonly horizon: number;
  /** Learning episodes timed after the random one. */
  readonly learningEpisodes: number;
}

export const MODEL_BASED_BENCH_DEFAULTS: ModelBasedBenchOptions = { horizon: 500, learningEpisodes: 1 };
export const MODEL_BASED_BENCH_QUICK: ModelBasedBenchOptions = { horizon: 300, learningEpisodes: 1 };

export const MODEL_BASED_ALGOS = ['mbpo', 'ma-pmbrl'] as const;
type ModelBasedAlgo = (typeof MODEL_BASED_ALGOS)[number];

export interface ModelBasedTiming {
  readonly algo: ModelBasedAlgo;
  /** Wall seconds of the random first episode. */
  readonly randomSeconds: number;
  /** Mean wall seconds of a learning episode. */
  readonly learningSeconds: number;
  /** Gradient steps per learning episode (all learners). */
  readonly updates: number;
}

export interface ModelBasedBenchResult {
  readonly horizon: number;
  readonly timings: readonly ModelBasedTiming[];
  /** MBPO's learning-episode seconds / MA-PMBRL's. */
  readonly ratio: number;
}

async function timeOne(algo: ModelBasedAlgo, options: ModelBasedBenchOptions, out: string): Promise<ModelBasedTiming> {
  const cli = join(PACKAGE_ROOT, 'dist', 'src', 'cli', 'main.js');
  const file = join(PACKAGE_ROOT, 'experiments', 'ma-pmbrl', `fig3-${algo}.json`);
  const episodes = 1 + options.learningEpisodes;
  const args = [cli, 'run', file, '--seed', '0', '--episodes', String(episodes), '--horizon', String(options.horizon), '--eval-every', '0', '--name', 'bench', '--out', out];
  const run = await execa(process.execPath, args, { stdin: 'ignore', stdout: 'ignore', stderr: 'pipe', reject: false });
  if (run.exitCode !== 0) {
    const last = run.stderr.trim().split('\n').filter((l) => !l.startsWith('Warning:')).pop() ?? '';
    throw new CavlabError(`bench model-based: cavlab run ${algo} failed (exit ${String(run.exitCode)}): ${last}`);
  }
  const { rows } = await readCsv(join(out, 'bench', `${algo}__intersection8__seed0`, 'episodes.csv'));
  const train = rows.filter((r) => r['phase'] === 'train');
  const learning = train.slice(1);
  const mean = (column: string): number => learning.reduce((s, r) => s + num(r[column]), 0) / learning.length;
  return { algo, randomSeconds: num(train[0]?.['wall_time']), learningSeconds: mean('wall_time'), updates: mean('updates') };
}

export async function runModelBasedBench(options: ModelBasedBenchOptions): Promise<ModelBasedBenchResult> {
  const out = await mkdtemp(join(tmpdir(), 'cavlab-bench-mb-'));
  try {
    const timings: ModelBasedTiming[] = [];
    for (const algo of MODEL_BASED_ALGOS) timings.push(await timeOne(algo, options, out));
    const seconds = (algo: ModelBasedAlgo): number => timings.find((t) => t.algo === algo)?.learningSeconds ?? Number.NaN;
    return { horizon: options.horizon, timings, ratio: seconds('mbpo') / seconds('ma-pmbrl') };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

export function formatModelBasedBench(result: ModelBasedBenchResult): string {
  const lines = [
    `model-based training, intersection8, ${result.horizon}-step episodes, seed 0, G = 1 SAC update per env step`,
    'controller   random episode (s)   learning episode (s)   updates per learning episode',
    ...result.timings.map((t) => `${t.algo.padEnd(12)} ${t.randomSeconds.toFixed(1).padStart(18)}   ${t.learningSeconds.toFixed(1).padStart(20)}   ${t.updates.toFixed(0).padStart(28)}`),
    `MBPO / MA-PMBRL per learning episode: ${result.ratio.toFixed(2)}× (goal ≤ 1.5×)`,
  ];
  return lines.join('\n');
}
