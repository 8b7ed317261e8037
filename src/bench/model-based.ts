// `cavlab bench model-based`: seconds per intersection8 episode of MBPO and MA-PMBRL (Fig. 3's experiment files,
// seed 0) at the same SAC updates per env step (G = 1 for both), measured one after the other in this run. Each
// controller runs as its own `cavlab run` process: a random episode (Alg. 1's first; no updates, MBPO fits its
// first ensemble after it), then learning episodes whose wall time is the figure. Issue 16's goal: MBPO ≤ 1.5×.
// Each controller is timed in one thread (the figure) and on two cores — its model fits and SAC steps in two worker
// threads (fitWorkers 2, learnerWorkers 2; the same numbers: models/model-workers.ts).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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

/** Worker threads for the model fits and SAC steps (1: all in the run's thread). */
export const WORKER_LAYOUTS = [1, 2] as const;
type Workers = (typeof WORKER_LAYOUTS)[number];

export interface ModelBasedTiming {
  readonly algo: ModelBasedAlgo;
  /** Worker threads the model fits and SAC steps ran on (fitWorkers = learnerWorkers). */
  readonly workers: Workers;
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
  /** MBPO's learning-episode seconds / MA-PMBRL's (one thread). */
  readonly ratio: number;
}

async function timeOne(algo: ModelBasedAlgo, workers: Workers, options: ModelBasedBenchOptions, out: string): Promise<ModelBasedTiming> {
  const cli = join(PACKAGE_ROOT, 'dist', 'src', 'cli', 'main.js');
  const source = JSON.parse(await readFile(join(PACKAGE_ROOT, 'experiments', 'ma-pmbrl', `fig3-${algo}.json`), 'utf8')) as { algoConfig?: Record<string, unknown> };
  const name = `bench-workers${workers}`;
  const file = join(out, `${algo}-${name}.json`);
  await writeFile(file, JSON.stringify({ ...source, name, algoConfig: { ...source.algoConfig, fitWorkers: workers, learnerWorkers: workers } }));
  const episodes = 1 + options.learningEpisodes;
  const args = [cli, 'run', file, '--seed', '0', '--episodes', String(episodes), '--horizon', String(options.horizon), '--eval-every', '0', '--out', out];
  const run = await execa(process.execPath, args, { stdin: 'ignore', stdout: 'ignore', stderr: 'pipe', reject: false });
  if (run.exitCode !== 0) {
    const last = run.stderr.trim().split('\n').filter((l) => !l.startsWith('Warning:')).pop() ?? '';
    throw new CavlabError(`bench model-based: cavlab run ${algo} (${workers} worker threads) failed (exit ${String(run.exitCode)}): ${last}`);
  }
  const { rows } = await readCsv(join(out, name, `${algo}__intersection8__seed0`, 'episodes.csv'));
  const train = rows.filter((r) => r['phase'] === 'train');
  const learning = train.slice(1);
  const mean = (column: string): number => learning.reduce((s, r) => s + num(r[column]), 0) / learning.length;
  return { algo, workers, randomSeconds: num(train[0]?.['wall_time']), learningSeconds: mean('wall_time'), updates: mean('updates') };
}

export async function runModelBasedBench(options: ModelBasedBenchOptions): Promise<ModelBasedBenchResult> {
  const out = await mkdtemp(join(tmpdir(), 'cavlab-bench-mb-'));
  try {
    const timings: ModelBasedTiming[] = [];
    for (const algo of MODEL_BASED_ALGOS) for (const workers of WORKER_LAYOUTS) timings.push(await timeOne(algo, workers, options, out));
    const seconds = (algo: ModelBasedAlgo): number => timings.find((t) => t.algo === algo && t.workers === 1)?.learningSeconds ?? Number.NaN;
    return { horizon: options.horizon, timings, ratio: seconds('mbpo') / seconds('ma-pmbrl') };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

export function formatModelBasedBench(result: ModelBasedBenchResult): string {
  const one = (algo: ModelBasedAlgo, workers: Workers): ModelBasedTiming | undefined => result.timings.find((t) => t.algo === algo && t.workers === workers);
  const lines = [
    `model-based training, intersection8, ${result.horizon}-step episodes, seed 0, G = 1 SAC update per env step`,
    'controller   worker threads   random episode (s)   learning episode (s)   updates per learning episode',
    ...result.timings.map((t) => `${t.algo.padEnd(12)} ${String(t.workers).padStart(14)}   ${t.randomSeconds.toFixed(1).padStart(18)}   ${t.learningSeconds.toFixed(1).padStart(20)}   ${t.updates.toFixed(0).padStart(28)}`),
    `MBPO / MA-PMBRL per learning episode: ${result.ratio.toFixed(2)}× (goal ≤ 1.5×)`,
    ...MODEL_BASED_ALGOS.map((algo) => {
      const [a, b] = [one(algo, 1), one(algo, 2)];
      const speedup = (x: number | undefined, y: number | undefined): string => (x !== undefined && y !== undefined ? `${(x / y).toFixed(2)}×` : '—');
      return `${algo}: fits and SAC steps on two worker threads: random episode ${speedup(a?.randomSeconds, b?.randomSeconds)}, learning episode ${speedup(a?.learningSeconds, b?.learningSeconds)} faster`;
    }),
  ];
  return lines.join('\n');
}
