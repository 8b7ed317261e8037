// Action selection for all learners of a controller in one env step (issue 5 goal: 9 learners batched ≤ 2× the
// time of one learner). Compared: one learner alone; one SacCore.act call per learner; one tfjs pass over the
// separate actors (agents/batched-act.ts, what the pool does); BatchedPolicy over the actors' flat parameters.
import { actGroups } from '../agents/batched-act.js';
import { BatchedPolicy } from '../nn/batched-policy.js';
import { fillGaussian, mulberry32 } from '../nn/random.js';
import { benchLearner, median } from './sac-learner.js';
import type { SacBenchOptions } from './sac-learner.js';

export interface ActBenchResult {
  readonly learners: number;
  /** One learner, one observation, SacCore.act (ms). */
  readonly single: number;
  /** One SacCore.act call per learner (ms for all learners). */
  readonly perLearner: number;
  /** All learners' actors in one tf.tidy and one download (agents/batched-act.ts) (ms). */
  readonly tfjsGroups: number;
  /** BatchedPolicy.act for all learners (ms). */
  readonly batched: number;
  /** BatchedPolicy.act plus refreshing every learner's parameters first (the worst case: all updated) (ms). */
  readonly batchedWithRefresh: number;
  /** How BatchedPolicy computes its products ('openblas' or 'js'). */
  readonly engine: string;
}

function timeIt(steps: number, body: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    const start = performance.now();
    body();
    times.push(performance.now() - start);
  }
  return median(times.slice(Math.min(5, Math.floor(steps / 4))));
}

/** Times each way of choosing the actions of `o.learners` learners (one observation each) on the active backend. */
export function benchActSelection(o: SacBenchOptions & { readonly actSteps: number }): ActBenchResult {
  const rng = mulberry32(o.seed + 2);
  // Act timing needs no replay data: small buffers keep the set-up quick.
  const learners = Array.from({ length: o.learners }, () => benchLearner({ ...o, batchSize: 1 }, rng).core);
  try {
    const first = learners[0];
    if (first === undefined) throw new RangeError('benchActSelection needs at least one learner');
    const obs = Float32Array.from({ length: o.learners * o.obsDim }, () => rng.next());
    const rows = learners.map((_, k) => obs.subarray(k * o.obsDim, (k + 1) * o.obsDim));
    const noise = new Float32Array(o.learners * o.actionDim);
    const sizes = first.actor.sizes;
    const policy = new BatchedPolicy(sizes, o.learners, first.policy.bounds);
    const refresh = (): void => learners.forEach((core, k) => core.getActorParams(policy.paramsOf(k)));
    refresh();
    const single = timeIt(o.actSteps, () => first.act(rows[0] as Float32Array, false));
    const perLearner = timeIt(o.actSteps, () => learners.forEach((core, k) => core.act(rows[k] as Float32Array, false)));
    const tfjsGroups = timeIt(o.actSteps, () => {
      fillGaussian(rng, noise);
      actGroups(learners.map((core, k) => ({ core, obs: rows[k] as Float32Array })), noise);
    });
    const batched = timeIt(o.actSteps, () => policy.act(obs, fillGaussian(rng, noise)));
    const batchedWithRefresh = timeIt(o.actSteps, () => {
      refresh();
      policy.act(obs, fillGaussian(rng, noise));
    });
    return { learners: o.learners, single, perLearner, tfjsGroups, batched, batchedWithRefresh, engine: policy.engine };
  } finally {
    for (const core of learners) core.dispose();
  }
}
