// Action selection for a pool of learners (issue 5 benchmark: "action selection for 9 learners per step, batched
// vs one call per learner"): AgentPool.act for all learners at once, against one SacCore.act per learner and
// against a single learner alone (goal: batched ≤ 2× one learner). Figure-eight sizes: obs 6, one action.
import type { Phase } from '../agents/controller.js';
import { AgentPool } from '../agents/pool.js';
import { Rng } from '../util/rng.js';

export interface PoolActBenchOptions {
  readonly learners: number;
  /** Timed calls per variant (after `warmup` untimed ones). */
  readonly calls: number;
  readonly warmup: number;
  readonly phase: Phase;
  readonly obsDim: number;
  readonly seed: number;
}

export const POOL_ACT_BENCH_DEFAULTS: PoolActBenchOptions = { learners: 9, calls: 300, warmup: 30, phase: 'train', obsDim: 6, seed: 1 };

export interface PoolActBenchResult {
  readonly learners: number;
  readonly phase: Phase;
  /** Median ms of one AgentPool.act for all learners. */
  readonly msBatched: number;
  /** Median ms of one SacCore.act per learner, for all learners. */
  readonly msPerLearnerCalls: number;
  /** Median ms of one SacCore.act of a single learner (one row). */
  readonly msSingleLearner: number;
}

/** Uses whatever tfjs backend is active. */
export function benchPoolAct(options: Partial<PoolActBenchOptions> = {}): PoolActBenchResult {
  const o: PoolActBenchOptions = { ...POOL_ACT_BENCH_DEFAULTS, ...options };
  // learningStarts 0: the policy acts from the first call (no uniform exploration to skip the networks).
  const pool = new AgentPool({ obsDim: o.obsDim, actionBounds: { low: [-3], high: [3] } }, { learningStarts: 0, replayCapacity: 16 }, o.seed);
  try {
    const rng = new Rng(o.seed, 1);
    const ids = Array.from({ length: o.learners }, (_, i) => `learner.${i}`);
    const obs = Float32Array.from({ length: o.learners * o.obsDim }, () => rng.uniform(-1, 1));
    pool.act(ids, obs, o.phase);
    const cores = ids.map((_, k) => pool.slot(k).core);
    const deterministic = o.phase === 'eval';
    return {
      learners: o.learners,
      phase: o.phase,
      msBatched: medianMs(o, () => pool.act(ids, obs, o.phase)),
      msPerLearnerCalls: medianMs(o, () => cores.forEach((core, k) => core.act(obs.subarray(k * o.obsDim, (k + 1) * o.obsDim), deterministic))),
      msSingleLearner: medianMs(o, () => cores[0]?.act(obs.subarray(0, o.obsDim), deterministic)),
    };
  } finally {
    pool.dispose();
  }
}

export function formatPoolActBench(r: PoolActBenchResult): string {
  return [
    `action selection, ${r.learners} learners (${r.phase}):`,
    `  batched (AgentPool.act)   ${r.msBatched.toFixed(3)} ms`,
    `  one call per learner      ${r.msPerLearnerCalls.toFixed(3)} ms`,
    `  one learner alone         ${r.msSingleLearner.toFixed(3)} ms  (batched / one = ${(r.msBatched / r.msSingleLearner).toFixed(1)}×)`,
  ].join('\n');
}

function medianMs(o: PoolActBenchOptions, fn: () => void): number {
  for (let i = 0; i < o.warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < o.calls; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}
