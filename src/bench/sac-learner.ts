// Shared set-up of the SAC benchmarks: options, one learner of the figure-eight sizes with random replay data.
import { ReplayBuffer } from '../agents/replay.js';
import { SacCore } from '../agents/sac/sac.js';
import type { SacConfig } from '../agents/sac/config.js';
import type { BackendChoice } from '../nn/backend.js';
import type { MatMulMode } from '../nn/mlp.js';
import type { UniformSource } from '../nn/random.js';

export interface SacBenchOptions {
  /** Timed updates of one learner (median reported). */
  readonly updates: number;
  /** Untimed updates first (Adam state, kernel caches). */
  readonly warmup: number;
  /** Timed rounds of the multi-learner run (each learner updates once per round). */
  readonly rounds: number;
  /** 'auto' (default) is what training uses; 'autodiff' is tfjs's own gradients, for comparison. */
  readonly matMulMode: MatMulMode;
  /** Switches backend first when given; otherwise uses whatever is active. */
  readonly backend?: BackendChoice;
  readonly seed: number;
  readonly obsDim: number;
  readonly actionDim: number;
  readonly batchSize: number;
  /** Learners of one controller (figure eight: 9). */
  readonly learners: number;
  /** The cores' update schedule (SacConfig.schedule); 'code' when unset: every update a full one. */
  readonly schedule?: SacConfig['schedule'];
}

export const SAC_BENCH_DEFAULTS: SacBenchOptions = {
  updates: 30,
  warmup: 3,
  rounds: 4,
  matMulMode: 'auto',
  seed: 1,
  obsDim: 6,
  actionDim: 1,
  batchSize: 256,
  learners: 9,
};

export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** A SAC core of the benchmark's sizes and a replay buffer of random transitions to sample from. */
export function benchLearner(o: SacBenchOptions, rng: UniformSource): { core: SacCore; buffer: ReplayBuffer } {
  const bounds = { low: new Array<number>(o.actionDim).fill(-1), high: new Array<number>(o.actionDim).fill(1) };
  const core = new SacCore({ obsDim: o.obsDim, actionBounds: bounds }, { matMulMode: o.matMulMode, batchSize: o.batchSize, schedule: o.schedule ?? 'code' }, rng);
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
  return { core, buffer };
}
