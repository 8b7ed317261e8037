// Where the PPO family's updates run (learnerWorkers): on the learners in this thread, one after another, or in
// learner worker threads, the due learners of two workers at once. An update crosses as plain data — the learner's
// whole state (weights, both Adam states, its RNG's position, which shuffles the minibatches) and the rollout — and
// the new state comes back, so the learner in this thread acts on as if it had updated itself: same numbers.
import type { AgentSpaces } from '../controller.js';
import { LearnerWorkers } from '../learner-workers.js';
import { PoolError } from '../errors.js';
import { SAC_DEFAULTS } from '../sac/config.js';
import type { PpoConfig } from './config.js';
import type { PpoLearner, PpoLosses } from './ppo.js';
import type { RolloutBatch } from './rollout.js';

/** One due learner's update: its slot, learner (in this thread) and finished rollout. */
export interface PpoUpdateJob {
  readonly slot: number;
  readonly learner: PpoLearner;
  readonly batch: RolloutBatch;
}

export interface PpoUpdates {
  /** Every job's update; each job's losses, in job order. Afterwards each learner holds its updated state. */
  run(jobs: readonly PpoUpdateJob[]): PpoLosses[];
  dispose(): void;
}

export class LocalPpoUpdates implements PpoUpdates {
  run(jobs: readonly PpoUpdateJob[]): PpoLosses[] {
    return jobs.map((job) => job.learner.update(job.batch));
  }

  dispose(): void {}
}

export class WorkerPpoUpdates implements PpoUpdates {
  private workers: LearnerWorkers | null = null;

  constructor(private readonly count: number, private readonly spaces: AgentSpaces, private readonly config: PpoConfig, private readonly seed: number) {}

  run(jobs: readonly PpoUpdateJob[]): PpoLosses[] {
    if (jobs.length === 0) return [];
    // The workers hold no SAC learners for a PPO pool: SAC's defaults only complete their setup.
    this.workers ??= new LearnerWorkers(this.count, this.spaces, SAC_DEFAULTS, this.seed, { ppo: this.config });
    const replies = this.workers.ppoUpdates(jobs.map(({ slot, learner, batch }) => ({ slot, state: learner.state(), batch })));
    return jobs.map(({ slot, learner }) => {
      const reply = replies.get(slot);
      if (reply === undefined) throw new PoolError(`learner worker sent no PPO update for slot ${slot}`);
      learner.loadState(reply.state);
      return reply.losses;
    });
  }

  dispose(): void {
    this.workers?.dispose();
    this.workers = null;
  }
}

export function ppoUpdates(spaces: AgentSpaces, config: PpoConfig, seed: number): PpoUpdates {
  return config.learnerWorkers > 1 ? new WorkerPpoUpdates(config.learnerWorkers, spaces, config, seed) : new LocalPpoUpdates();
}
