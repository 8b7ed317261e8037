// `cavlab bench sac paper-epoch` (issue 16): one figure-eight epoch's learning work at RSM-MASAC's Algorithm 1 as
// printed — 9 learners, a critic update per env step each, actor/α/targets every e = 10, batch 256, Table IV sizes
// 256-256 — for cavlab in each layout it can train in and for PyTorch doing exactly the same work (one process
// sequential, two processes), side by side. --quick times fewer steps and scales every figure to the epoch.
import { loadavg } from 'node:os';
import { ALGORITHM_1_POLICY_DELAY } from '../agents/sac/config.js';
import { currentBackend, selectBackend } from '../nn/backend.js';
import { loadNativeBlas } from '../nn/native-blas.js';
import { mulberry32 } from '../nn/random.js';
import { benchPoolUpdateRate } from './pool-update.js';
import { SAC_BENCH_DEFAULTS, benchLearner } from './sac-learner.js';
import type { SacBenchOptions } from './sac-learner.js';
import { runPytorchPaperEpoch } from './sac-pytorch.js';
import type { PytorchPaperEpochResult } from './sac-pytorch.js';
import { benchTwoWorkers } from './sac-workers.js';

/** Env steps of one figure-eight training epoch (RSM-MASAC: 1500 steps of 0.1 s). */
export const FIGURE8_EPOCH_STEPS = 1500;

export interface PaperEpochOptions {
  /** Env steps timed; every figure is scaled to `epochSteps`. */
  readonly steps: number;
  readonly epochSteps: number;
  readonly learners: number;
  readonly batchSize: number;
  readonly obsDim: number;
  readonly actionDim: number;
  readonly seed: number;
  /** Python with torch (Debian: /usr/bin/python3); null skips the reference. */
  readonly python: string | null;
}

export const PAPER_EPOCH_DEFAULTS: PaperEpochOptions = {
  steps: FIGURE8_EPOCH_STEPS,
  epochSteps: FIGURE8_EPOCH_STEPS,
  learners: SAC_BENCH_DEFAULTS.learners,
  batchSize: SAC_BENCH_DEFAULTS.batchSize,
  obsDim: SAC_BENCH_DEFAULTS.obsDim,
  actionDim: SAC_BENCH_DEFAULTS.actionDim,
  seed: SAC_BENCH_DEFAULTS.seed,
  python: '/usr/bin/python3',
};
export const PAPER_EPOCH_QUICK: PaperEpochOptions = { ...PAPER_EPOCH_DEFAULTS, steps: 150 };

/** One cavlab layout; seconds are per epoch (scaled from the timed steps). */
export interface PaperEpochLayout {
  readonly label: string;
  readonly seconds: number | null;
  readonly skipped: string | null;
}

/** What `--json` carries (issue 16): ratio = PyTorch's best seconds / cavlab's best seconds (> 1: cavlab faster). */
export interface PaperEpochSummary {
  readonly cavlabSeconds: number | null;
  readonly pytorchSeconds: number | null;
  readonly ratio: number | null;
}

export interface PaperEpochResult {
  readonly options: PaperEpochOptions;
  readonly path: string | null;
  readonly layouts: readonly PaperEpochLayout[];
  readonly pytorch: PytorchPaperEpochResult | null;
  readonly paperEpoch: PaperEpochSummary;
  /** 1-minute load average before and after (the machine may be shared). */
  readonly loadAverage: readonly [number, number];
  readonly notes: readonly string[];
}

/** The SAC benchmark options for `steps` steps at the Alg. 1 schedule; whole schedule periods of warm-up. */
function benchOptions(o: PaperEpochOptions): SacBenchOptions {
  return {
    ...SAC_BENCH_DEFAULTS, learners: o.learners, batchSize: o.batchSize, obsDim: o.obsDim, actionDim: o.actionDim, seed: o.seed,
    schedule: 'algorithm-1', warmup: ALGORITHM_1_POLICY_DELAY, rounds: o.steps,
  };
}

/** All learners in this thread, one after another each step; sampling included (as PyTorch's side). */
function oneThreadSeconds(b: SacBenchOptions): number {
  const rng = mulberry32(b.seed + 1);
  const learners = Array.from({ length: b.learners }, () => benchLearner(b, rng));
  try {
    for (const { core, buffer } of learners) for (let i = 0; i < b.warmup; i++) core.update(buffer.sample(b.batchSize, rng));
    const start = performance.now();
    for (let step = 0; step < b.rounds; step++) for (const { core, buffer } of learners) core.update(buffer.sample(b.batchSize, rng));
    return (performance.now() - start) / 1000;
  } finally {
    for (const { core } of learners) core.dispose();
  }
}

/** The one-thread layout with OpenBLAS on two threads (both cores inside each product). */
function twoBlasThreads(b: SacBenchOptions, scale: number): PaperEpochLayout {
  const label = 'one thread, 2 BLAS threads';
  const loaded = loadNativeBlas();
  if (!loaded.ok) return { label, seconds: null, skipped: loaded.reason };
  const threads = loaded.blas.getThreads();
  loaded.blas.setThreads(2);
  try {
    return { label, seconds: scale * oneThreadSeconds(b), skipped: null };
  } finally {
    loaded.blas.setThreads(threads);
  }
}

/** Why a layout could not be measured (e.g. the worker scripts exist only in dist/). */
function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function runPaperEpochBench(o: PaperEpochOptions = PAPER_EPOCH_DEFAULTS): Promise<PaperEpochResult> {
  const loadBefore = loadavg()[0] ?? Number.NaN;
  const before = currentBackend();
  const notes: string[] = [];
  const b = benchOptions(o);
  const scale = o.epochSteps / o.steps;
  const updates = o.learners * o.steps;
  try {
    const native = loadNativeBlas().ok;
    const selection = await selectBackend('wasm', { native });
    const layouts: PaperEpochLayout[] = [{ label: 'one thread, learners in turn', seconds: scale * oneThreadSeconds(b), skipped: null }];
    layouts.push(twoBlasThreads(b, scale));
    const workers = await benchTwoWorkers(b, native);
    layouts.push({
      label: `two worker threads (${workers.split.join('+')})`,
      seconds: workers.rate === null ? null : (scale * updates) / workers.rate,
      skipped: workers.rate === null ? workers.skipped ?? 'not measured' : null,
    });
    // Training's own path (AgentPool with its learners in two workers): act, observe and update every step.
    try {
      layouts.push({ label: 'AgentPool, learnerWorkers 2', seconds: (scale * updates) / benchPoolUpdateRate(b, 2, o.steps), skipped: null });
    } catch (error) {
      layouts.push({ label: 'AgentPool, learnerWorkers 2', seconds: null, skipped: reason(error) });
    }
    const pytorch = o.python === null ? null : await runPytorchPaperEpoch(b, o.steps, ALGORITHM_1_POLICY_DELAY, o.python, notes);
    if (o.python === null) notes.push('PyTorch reference skipped (no python given)');
    return { options: o, path: selection.path, layouts, pytorch, paperEpoch: summarise(layouts, pytorch, scale), loadAverage: [loadBefore, loadavg()[0] ?? Number.NaN], notes };
  } finally {
    if (before !== undefined) await selectBackend(before.name, { native: before.path === 'wasm+openblas' });
  }
}

/** cavlab's best layout against PyTorch's best, both per epoch. */
export function summarise(layouts: readonly PaperEpochLayout[], pytorch: PytorchPaperEpochResult | null, scale: number): PaperEpochSummary {
  const measured = layouts.flatMap((l) => (l.seconds === null ? [] : [l.seconds]));
  const cavlabSeconds = measured.length === 0 ? null : Math.min(...measured);
  const pytorchSeconds = pytorch === null ? null : scale * Math.min(pytorch.sequentialSeconds, pytorch.twoProcessSeconds);
  const ratio = cavlabSeconds === null || pytorchSeconds === null || !(cavlabSeconds > 0) ? null : pytorchSeconds / cavlabSeconds;
  return { cavlabSeconds, pytorchSeconds, ratio };
}
