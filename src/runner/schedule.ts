// The order of a run's episodes and their SUMO seeds, as pure functions of the config: a resumed run finds
// its place by index alone. Training epochs 1..E; after every `evalEvery`-th epoch and after the last one,
// `evalEpisodes` evaluation episodes (the papers test every 10 epochs). A test-only run keeps just the evaluations.
import type { Phase } from '../agents/controller.js';
import { RNG_STREAMS, Rng } from '../util/rng.js';

export interface ScheduledEpisode {
  /** Run-wide index (the key of episodes.csv). */
  readonly index: number;
  /** Training epoch the episode belongs to (1-based). */
  readonly epoch: number;
  readonly phase: Phase;
  /** SUMO seed. */
  readonly seed: number;
}

/**
 * SUMO seed of the n-th training episode or the j-th evaluation episode of a run. Evaluations reuse the
 * same seeds every time so that successive evaluations compare policies, not traffic.
 */
export function episodeSeed(runSeed: number, phase: Phase, n: number): number {
  return new Rng(runSeed, (phase === 'train' ? RNG_STREAMS.TRAIN_EPISODE_BASE : RNG_STREAMS.EVAL_EPISODE_BASE) + n).nextUint32() >>> 1;
}

/** What a run's episode plan depends on (RunConfig's fields of the same names; `testOnly` absent = false). */
export interface PlanFields {
  readonly seed: number;
  readonly episodes: number;
  readonly evalEvery: number;
  readonly evalEpisodes: number;
  readonly testOnly?: boolean;
}

export function schedule(plan: PlanFields): ScheduledEpisode[] {
  const { seed: runSeed, episodes, evalEvery, evalEpisodes } = plan;
  const out: ScheduledEpisode[] = [];
  for (let epoch = 1; epoch <= episodes; epoch++) {
    if (plan.testOnly !== true) out.push({ index: out.length, epoch, phase: 'train', seed: episodeSeed(runSeed, 'train', epoch) });
    if (evalEvery > 0 && (epoch % evalEvery === 0 || epoch === episodes)) {
      for (let j = 0; j < evalEpisodes; j++) out.push({ index: out.length, epoch, phase: 'eval', seed: episodeSeed(runSeed, 'eval', j) });
    }
  }
  return out;
}
