// Replicas of SAC cores in a learner worker (learner-worker.ts) for the model-based learners (models/sac-steps.ts):
// the pool thread keeps a slot's data, model and rollouts and sends each step's mini-batches with the position of the
// core's RNG; the replica takes the gradient steps and answers with the RNG's new position and, when it changed, the
// actor — so the pool's core acts and rolls out exactly as if it had taken the steps itself.
import type { AgentSpaces } from './controller.js';
import { PoolError } from './errors.js';
import type { ReplicaJob, ReplicaReply } from './learner-protocol.js';
import type { SacConfig } from './sac/config.js';
import { SacCore } from './sac/sac.js';
import type { SacState } from './sac/sac.js';
import { Rng } from '../util/rng.js';

export class ReplicaCores {
  private readonly cores = new Map<number, SacCore>();

  constructor(private readonly spaces: AgentSpaces, private readonly sac: SacConfig) {}

  /** Slot `slot`'s replica becomes `state` (created at its first load). */
  load(slot: number, state: SacState): void {
    let core = this.cores.get(slot);
    if (core === undefined) {
      // Every weight, optimiser moment and the RNG's position come from `state`: the initialising source is irrelevant.
      core = new SacCore(this.spaces, this.sac, new Rng(0));
      this.cores.set(slot, core);
    }
    core.restore(state);
  }

  steps(job: ReplicaJob): ReplicaReply {
    const core = this.core(job.slot);
    core.setRngWords(job.rng);
    const version = core.actorVersion;
    const losses = job.batches.map((batch) => core.update(batch));
    return { actor: core.actorVersion === version ? null : core.getActorParams(), rng: core.rngWords() ?? [], losses };
  }

  state(slots: readonly number[]): SacState[] {
    return slots.map((k) => this.core(k).snapshot());
  }

  dispose(): void {
    for (const core of this.cores.values()) core.dispose();
    this.cores.clear();
  }

  private core(slot: number): SacCore {
    const core = this.cores.get(slot);
    if (core === undefined) throw new PoolError(`learner worker has no replica of slot ${slot}'s SAC core (it was never loaded)`);
    return core;
  }
}
