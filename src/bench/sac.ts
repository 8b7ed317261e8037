// `cavlab bench sac` hook: milliseconds per SAC update at the figure-eight sizes of performance.md — batch 256,
// actor 6 → 256 → 256 → 4 (two action dims: mean and std parameter each), twin critics (6 + 2) → 256 → 256 → 1
// with targets, Adam — and the batched action selection for 9 learners.
import { ReplayBuffer } from '../agents/replay.js';
import { SacCore } from '../agents/sac/sac.js';
import { currentBackend, selectBackend } from '../nn/backend.js';
import type { BackendChoice, BackendName } from '../nn/backend.js';
import type { MatMulMode } from '../nn/mlp.js';
import { mulberry32 } from '../nn/random.js';

export interface SacBenchOptions {
  /** Timed updates (after the warm-up). */
  readonly updates: number;
  /** Untimed updates first (Adam state, kernel caches). */
  readonly warmup: number;
  /** 'fused' (default) is what training uses; 'autodiff' is tfjs's own gradients, for comparison. */
  readonly matMulMode: MatMulMode;
  /** Switches backend first when given; otherwise uses whatever is active. */
  readonly backend?: BackendChoice;
  readonly seed: number;
  readonly obsDim: number;
  readonly actionDim: number;
  readonly batchSize: number;
  /** Learners whose observations go into one act() call. */
  readonly learners: number;
}

export const SAC_BENCH_DEFAULTS: SacBenchOptions = {
  updates: 30,
  warmup: 3,
  matMulMode: 'fused',
  seed: 1,
  obsDim: 6,
  actionDim: 2,
  batchSize: 256,
  learners: 9,
};

export interface SacBenchResult {
  readonly backend: BackendName | 'unknown';
  readonly matMulMode: MatMulMode;
  /** Median wall time of one update (critics, actor, α, targets), ms. */
  readonly msPerUpdate: number;
  /** Median wall time of one act() for all learners at once, ms. */
  readonly msPerBatchedAct: number;
  /** Median wall time of one act() for a single learner, ms. */
  readonly msPerSingleAct: number;
  readonly updates: number;
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export async function benchSacUpdate(options: Partial<SacBenchOptions> = {}): Promise<SacBenchResult> {
  const o: SacBenchOptions = { ...SAC_BENCH_DEFAULTS, ...options };
  const selection = o.backend === undefined ? undefined : await selectBackend(o.backend);
  const rng = mulberry32(o.seed);
  const bounds = { low: new Array<number>(o.actionDim).fill(-1), high: new Array<number>(o.actionDim).fill(1) };
  const core = new SacCore({ obsDim: o.obsDim, actionBounds: bounds }, { matMulMode: o.matMulMode, batchSize: o.batchSize }, rng);
  try {
    const buffer = new ReplayBuffer({ capacity: 4 * o.batchSize, obsDim: o.obsDim, actionDim: o.actionDim });
    const obs = new Float32Array(o.obsDim);
    const next = new Float32Array(o.obsDim);
    for (let i = 0; i < buffer.capacity; i++) {
      for (let d = 0; d < o.obsDim; d++) {
        obs[d] = rng.next();
        next[d] = rng.next();
      }
      buffer.add(obs, core.randomActions(1), -rng.next(), next, i % 100 === 0);
    }
    const times: number[] = [];
    for (let i = 0; i < o.warmup + o.updates; i++) {
      const batch = buffer.sample(o.batchSize, rng);
      const start = performance.now();
      core.update(batch);
      if (i >= o.warmup) times.push(performance.now() - start);
    }
    const actTimes = (learners: number): number => {
      const input = Float32Array.from({ length: learners * o.obsDim }, () => rng.next());
      const ts: number[] = [];
      for (let i = 0; i < 50; i++) {
        const start = performance.now();
        core.act(input, false);
        ts.push(performance.now() - start);
      }
      return median(ts.slice(5));
    };
    return {
      backend: selection?.name ?? currentBackend()?.name ?? 'unknown',
      matMulMode: o.matMulMode,
      msPerUpdate: median(times),
      msPerBatchedAct: actTimes(o.learners),
      msPerSingleAct: actTimes(1),
      updates: o.updates,
    };
  } finally {
    core.dispose();
  }
}
