// The learner set in this thread: one SAC core, replay and sampler per slot. A pool with learnerWorkers 1 uses it
// directly; each learner worker thread hosts one for its share of the slots (learner-worker.ts).
import { Rng, slotStream } from '../util/rng.js';
import { PoolError } from './errors.js';
import type { RemoteRound, RemoteRoundReply, StoredTransition, WorkerSlotState } from './learner-protocol.js';
import type { BatchRule, DueSteps, LearnerRound, LearnerSet, RuleInput, SlotSteps } from './learner-set.js';
import { ReplayBuffer } from './replay.js';
import type { AgentSpaces } from './controller.js';
import { resolveSacConfig } from './sac/config.js';
import type { SacConfig } from './sac/config.js';
import { SacCore } from './sac/sac.js';
import type { SacWeights } from './sac/sac.js';

interface Learner {
  readonly core: SacCore;
  readonly replay: ReplayBuffer;
  readonly sampler: Rng;
}

export class LocalLearners implements LearnerSet {
  readonly threads = 0;
  private readonly sac: SacConfig;
  private readonly learners = new Map<number, Learner>();

  /**
   * `round`: how this set runs a communication round on one of its learners (worker threads; null: it cannot);
   * `rule`: the controller's batch rule, if it has one (learner-rounds.ts).
   */
  constructor(private readonly spaces: AgentSpaces, sac: SacConfig, private readonly seed: number, private readonly round: LearnerRound | null = null, private readonly rule: BatchRule | null = null) {
    this.sac = resolveSacConfig(sac);
  }

  create(slot: number, initial?: SacWeights): void {
    const learner = this.newLearner(slot);
    // One shared initial weight set (public RSM-MASAC code: every agent loads agents[-1]'s networks).
    if (initial !== undefined) learner.core.loadWeights(initial);
    this.put(slot, learner);
  }

  add(transitions: readonly StoredTransition[]): void {
    for (const t of transitions) this.learner(t.slot).replay.add(t.obs, t.action, t.reward, t.nextObs, t.terminated, t.behaviourLogProb);
  }

  replaySize(slot: number): number {
    return this.learner(slot).replay.size;
  }

  randomActions(slots: readonly number[]): Map<number, Float32Array> {
    return new Map(slots.map((k) => [k, this.learner(k).core.randomActions(1)]));
  }

  actorVersion(slot: number): number {
    return this.learner(slot).core.actorVersion;
  }

  actor(slot: number, out?: Float32Array): Float32Array {
    return this.learner(slot).core.getActorParams(out);
  }

  setActor(slot: number, params: Float32Array): void {
    this.learner(slot).core.setActorParams(params);
  }

  update(due: DueSteps, inputs?: ReadonlyMap<number, RuleInput>): Map<number, SlotSteps> {
    const out = new Map<number, SlotSteps>();
    for (const [k, steps] of due) {
      const learner = this.learner(k);
      const losses = [];
      const notes: number[] = [];
      for (let i = 0; i < steps; i++) {
        const batch = learner.replay.sample(this.sac.batchSize, learner.sampler);
        losses.push(learner.core.update(this.rule === null ? batch : this.rule.prepare(k, i, batch, learner, inputs?.get(k), notes)));
      }
      out.set(k, { losses, notes });
    }
    return out;
  }

  published(slots: readonly number[]): Map<number, Float32Array> {
    const rule = this.rule;
    if (rule === null) throw new PoolError('this learner set has no batch rule: its learners publish nothing');
    return new Map(slots.map((k) => [k, rule.publish(this.learner(k))]));
  }

  forgetRule(): void {
    this.rule?.forget();
  }

  mixRound(slot: number, round: RemoteRound): RemoteRoundReply {
    if (this.round === null) throw new PoolError(`slot ${slot}: this learner set runs no communication rounds`);
    const learner = this.learner(slot);
    const version = learner.core.actorVersion;
    const reply = this.round(slot, learner, round);
    return { ...reply, actor: learner.core.actorVersion === version ? null : learner.core.getActorParams() };
  }

  async state(slots: readonly number[]): Promise<Map<number, WorkerSlotState>> {
    const out = new Map<number, WorkerSlotState>();
    for (const k of slots) {
      const { core, replay, sampler } = this.learner(k);
      out.set(k, { core: await core.state(), replay: replay.state(), sampler: sampler.state() });
    }
    return out;
  }

  async load(slot: number, state: WorkerSlotState): Promise<void> {
    const learner = this.newLearner(slot, ReplayBuffer.fromState(state.replay));
    // In the set before loading, so dispose() frees it if the load fails.
    this.put(slot, learner);
    await learner.core.loadState(state.core);
    learner.sampler.restore(state.sampler);
    this.rule?.forget();
  }

  local(slot: number): Learner {
    return this.learner(slot);
  }

  dispose(): void {
    for (const { core } of this.learners.values()) core.dispose();
    this.learners.clear();
    this.rule?.dispose();
  }

  private learner(slot: number): Learner {
    const learner = this.learners.get(slot);
    if (learner === undefined) throw new PoolError(`no learner in slot ${slot}`);
    return learner;
  }

  private put(slot: number, learner: Learner): void {
    this.learners.get(slot)?.core.dispose();
    this.learners.set(slot, learner);
  }

  /** Slot k's core from its first stream, its sampler from the next (util/rng.ts slotStream). */
  private newLearner(slot: number, restored?: ReplayBuffer): Learner {
    const stream = slotStream(slot);
    const core = new SacCore(this.spaces, this.sac, new Rng(this.seed, stream));
    const replay = restored ?? new ReplayBuffer({ capacity: this.sac.replayCapacity, obsDim: this.spaces.obsDim, actionDim: core.actionDim });
    return { core, replay, sampler: new Rng(this.seed, stream + 1) };
  }
}
