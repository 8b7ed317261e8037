// Training's own update path, timed (issue 10 part 3): an AgentPool of the benchmark's learners, every slot due
// once per round (envStepsPerUpdate 1), one round = act + observe + update as the runner calls them. With
// learnerWorkers 2 this includes the RPC to the two learner workers and the actors copied back for `act`.
import { AgentPool } from '../agents/pool.js';
import { Rng } from '../util/rng.js';
import type { SacBenchOptions } from './sac-learner.js';

/** Agent-updates per second through AgentPool with its learners in `learnerWorkers` threads (1 = this one). */
export function benchPoolUpdateRate(o: SacBenchOptions, learnerWorkers: 1 | 2, timedRounds = 5 * o.rounds): number {
  const bounds = { low: new Array<number>(o.actionDim).fill(-1), high: new Array<number>(o.actionDim).fill(1) };
  const config = {
    matMulMode: o.matMulMode, batchSize: o.batchSize, learningStarts: o.batchSize, envStepsPerUpdate: 1, replayCapacity: 4 * o.batchSize, learnerWorkers,
    schedule: o.schedule ?? 'code',
  };
  const pool = new AgentPool({ obsDim: o.obsDim, actionBounds: bounds }, config, o.seed);
  try {
    const rng = new Rng(o.seed, 2);
    const ids = Array.from({ length: o.learners }, (_, i) => `learner.${i}`);
    const round = (): number => {
      const obs = Float32Array.from({ length: ids.length * o.obsDim }, () => rng.uniform(-1, 1));
      const actions = pool.act(ids, obs, 'train');
      pool.observe(ids.map((agentId, i) => ({
        agentId,
        obs: obs.subarray(i * o.obsDim, (i + 1) * o.obsDim),
        action: actions.subarray(i * o.actionDim, (i + 1) * o.actionDim),
        reward: -rng.next(),
        nextObs: obs.subarray(i * o.obsDim, (i + 1) * o.obsDim),
        terminated: false,
        truncated: false,
      })));
      return pool.update();
    };
    // Fill the replays to one short of ready, then warm up (first updates allocate).
    for (let i = 0; i + 1 < o.batchSize; i++) round();
    for (let i = 0; i < o.warmup; i++) round();
    // By default five times the rounds of the learner benchmarks: one round here is only one update per learner.
    const start = performance.now();
    let updates = 0;
    for (let i = 0; i < timedRounds; i++) updates += round();
    return updates / ((performance.now() - start) / 1000);
  } finally {
    pool.dispose();
  }
}
