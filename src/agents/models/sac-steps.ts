// Where the model-based learners' SAC gradient steps run (learnerWorkers): on the pool's cores in this thread, or on
// replicas of them in learner worker threads, the slots of two workers at once. The pool thread keeps each slot's
// data, model and rollouts (they act with its core every step); a replica gets the mini-batches and the position of
// the core's RNG, and sends back the RNG's new position and the actor when a step changed it. So the pool's core acts
// and rolls out exactly as after its own steps, and a run's numbers are the same in both layouts. Its critics,
// targets, α and optimiser moments lag until `whole` brings them back (end of episode, checkpoints, readers).
import { PoolError } from '../errors.js';
import type { LearnerWorkers } from '../learner-workers.js';
import type { ReplayBatch } from '../replay.js';
import type { SacCore, SacLosses } from '../sac/sac.js';

/** One slot's gradient steps: its core (in this thread) and the mini-batches, in order. */
export interface StepJob {
  readonly slot: number;
  readonly core: SacCore;
  readonly batches: readonly ReplayBatch[];
}

export interface SacSteps {
  /** Every job's steps; each job's losses, in job order. Afterwards each core's actor and RNG are current. */
  run(jobs: readonly StepJob[]): SacLosses[][];
  /** Makes the given slots' cores whole in this thread (what `run` left elsewhere comes back). */
  whole(cores: readonly (readonly [slot: number, core: SacCore])[]): void;
  /** The pool's cores were replaced (a checkpoint load): the replicas start again from them. */
  reset(): void;
}

/** Steps on the cores themselves, one job after another. */
export class LocalSteps implements SacSteps {
  run(jobs: readonly StepJob[]): SacLosses[][] {
    return jobs.map((job) => job.batches.map((batch) => job.core.update(batch)));
  }

  whole(): void {}

  reset(): void {}
}

/** Steps on replicas of the cores in learner worker threads. */
export class WorkerSteps implements SacSteps {
  /** Slots whose replica holds the core's state. */
  private readonly replicated = new Set<number>();
  /** Slots whose core in this thread lags its replica (all but the actor and the RNG). */
  private readonly lagging = new Set<number>();

  constructor(private readonly workers: () => LearnerWorkers) {}

  run(jobs: readonly StepJob[]): SacLosses[][] {
    if (jobs.length === 0) return [];
    const workers = this.workers();
    for (const { slot, core } of jobs) {
      if (this.replicated.has(slot)) continue;
      workers.replicaLoad(slot, core.snapshot());
      this.replicated.add(slot);
    }
    const replies = workers.replicaSteps(jobs.map(({ slot, core, batches }) => ({ slot, batches, rng: rngWords(core) })));
    return jobs.map(({ slot, core }) => {
      const reply = replies.get(slot);
      if (reply === undefined) throw new PoolError(`learner worker sent no steps for slot ${slot}`);
      if (reply.actor !== null) core.setActorParams(reply.actor);
      core.setRngWords(reply.rng);
      this.lagging.add(slot);
      return [...reply.losses];
    });
  }

  whole(cores: readonly (readonly [slot: number, core: SacCore])[]): void {
    const due = cores.filter(([k]) => this.lagging.has(k));
    if (due.length === 0) return;
    const states = this.workers().replicaState(due.map(([k]) => k));
    for (const [k, core] of due) {
      const state = states.get(k);
      if (state === undefined) throw new PoolError(`learner worker sent no state for slot ${k}'s replica`);
      // The RNG stays where this thread's core left it (it acted since the last steps).
      core.restore({ ...state, rng: rngWords(core) });
      this.lagging.delete(k);
    }
  }

  reset(): void {
    this.replicated.clear();
    this.lagging.clear();
  }
}

function rngWords(core: SacCore): number[] {
  const words = core.rngWords();
  if (words === null) throw new PoolError('a model-based learner\'s SAC core needs a restorable RNG to step in a worker');
  return words;
}
