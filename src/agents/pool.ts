// The learners of one controller: a slot per learner (its SAC core and replay buffer, held by a learner set: this
// thread or worker threads), vehicle ids mapped to slots (slot-map.ts), actions for all agents of a step in one batched
// call, and each learner's updates on its own schedule (one gradient step per `envStepsPerUpdate` transitions it
// collected, public RSM-MASAC code).
import { fillGaussian } from '../nn/random.js';
import { Rng, slotStream } from '../util/rng.js';
import { BatchedPolicy } from '../nn/batched-policy.js';
import type { ActPhase, AgentSpaces, Transition } from './controller.js';
import { LossMeans } from './diagnostics.js';
import { LearnerInitError, PoolError } from './errors.js';
import { LEARNER_INIT_NETWORKS } from './learner-init.js';
import type { LearnerInit } from './learner-init.js';
import type { RemoteRoundReply, RoundRequest, StoredTransition } from './learner-protocol.js';
import type { BatchRule, DueSteps, LearnerSet, RuleInput } from './learner-set.js';
import { LearnerWorkers } from './learner-workers.js';
import { LocalLearners } from './local-learners.js';
import type { ReplayBuffer, ReplayState } from './replay.js';
import { ReplayError } from './replay.js';
import { effectiveSchedule, resolveSacConfig } from './sac/config.js';
import type { SacConfig } from './sac/config.js';
import { SacCore } from './sac/sac.js';
import type { SacState, SacWeights } from './sac/sac.js';
import { SlotMap, planAct } from './slot-map.js';
import { layerParameterCount } from '../nn/flat-params.js';
import type { SlotMapState } from './slot-map.js';

/** A slot as `AgentPool.slot` shows it now (a snapshot of its counts). */
export interface PoolSlot {
  readonly index: number;
  /** The slot's SAC core and replay; reading them throws when the learner lives in a worker thread. */
  readonly core: SacCore;
  readonly replay: ReplayBuffer;
  /** Transitions stored so far. */
  readonly collected: number;
  /** Gradient steps taken by this slot's schedule. */
  readonly updates: number;
}

/** The pool's bookkeeping of a slot; its learner lives in the learner set. */
class Slot {
  collected = 0;
  updates = 0;
  /** Transitions collected since the last block of `envStepsPerUpdate` (each block ends in an update once the replay is ready). */
  sinceUpdate = 0;
  /** log π_b(a|s) of the slot's last action (stored with its transition; NaN when unknown). */
  lastLogProb = Number.NaN;

  constructor(readonly index: number, readonly actNoise: Rng) {}
}

/**
 * How a controller with a batch rule (learner-set.ts BatchRule) drives an update: before the steps, its input for
 * each due slot (slot order; `slot.updates` counts the steps taken before this update); after them, the rule's
 * notes of each slot (slot order, step order), whichever set ran them.
 */
export interface RuleDriver {
  input(slot: PoolSlot, steps: number): RuleInput | null;
  notes(slot: number, notes: readonly number[]): void;
}

/** What a checkpoint needs to continue a pool exactly. */
export interface PoolState {
  readonly slotMap: SlotMapState;
  readonly slots: readonly SlotState[];
}

export interface SlotState {
  readonly core: SacState;
  readonly replay: ReplayState;
  readonly sampler: readonly number[];
  readonly actNoise: readonly number[];
  readonly collected: number;
  readonly updates: number;
  readonly sinceUpdate: number;
}

export class AgentPool {
  readonly spaces: AgentSpaces;
  readonly sac: SacConfig;
  readonly seed: number;
  private slotMap: SlotMap;
  private readonly slots: Slot[] = [];
  /** All slots' actors for `act`, with the actor version each copy was taken at. */
  private batched: { policy: BatchedPolicy; versions: number[] } | null = null;
  /** The slots' learners: in this thread, or in sac.learnerWorkers worker threads (started with the first slot). */
  private learnerSet: LearnerSet | null = null;
  /** The one initial weight set every new slot starts from when sac.sharedInit (slot 0's initial weights) or after startFrom. */
  private template: SacWeights | null = null;
  /** startFrom was called: every new slot starts from `template` whatever sac.sharedInit says. */
  private started = false;
  /** Losses of the slots' gradient steps since the controller last took them (episodes.csv diagnostics). */
  readonly losses = new LossMeans();

  /**
   * `controller`: the id whose rounds and batch rule learner workers run on their learners (RSM-MASAC, PR), when
   * they do; `rule`: that batch rule for learners in this thread (a worker builds its own from the id,
   * controllers/learner-rounds.ts).
   */
  constructor(spaces: AgentSpaces, sac: Partial<SacConfig>, seed: number, private readonly controller: string | null = null, private readonly rule: (() => BatchRule) | null = null) {
    this.spaces = spaces;
    this.sac = resolveSacConfig(sac);
    this.seed = seed;
    this.slotMap = new SlotMap();
  }

  get slotCount(): number {
    return this.slots.length;
  }

  /** A slot's counts; `core` and `replay` only when its learner lives in this thread. */
  slot(index: number): PoolSlot {
    const slot = this.slots[index];
    if (slot === undefined) throw new PoolError(`pool has no slot ${index} (it has ${this.slots.length})`);
    const learners = this.learners();
    return {
      index,
      get core() {
        return learners.local(index).core;
      },
      get replay() {
        return learners.local(index).replay;
      },
      collected: slot.collected,
      updates: slot.updates,
    };
  }

  /** Learner worker threads still running (0 in one-thread pools, and after dispose once they have exited). */
  get learnerThreads(): number {
    return this.learnerSet?.threads ?? 0;
  }

  /** The slot `agentId` last acted with, if any. */
  slotOf(agentId: string): number | undefined {
    return this.slotMap.slotOf(agentId);
  }

  /** True when the learners live in worker threads (learnerWorkers > 1): rounds that read them run there. */
  get learnersRemote(): boolean {
    return this.sac.learnerWorkers > 1;
  }

  /** One communication round on slot k's learner where it lives; a changed actor is what the slot acts with next. */
  mixRound(slot: number, round: RoundRequest): RemoteRoundReply {
    const s = this.slot(slot);
    return this.learners().mixRound(slot, { ...round, collected: s.collected, updates: s.updates });
  }

  /** Slot k's actor parameters θ (a copy), wherever its learner lives. */
  actor(slot: number): Float32Array {
    return this.learners().actor(slot);
  }

  /** Replaces slot k's actor parameters (communication rounds), wherever its learner lives. */
  setActor(slot: number, params: Float32Array): void {
    this.learners().setActor(slot, params);
  }

  /** Parameters of one actor, from the layer sizes (no network needed): 68,098 for 6 → 256 → 256 → 2. */
  get actorParameterCount(): number {
    return layerParameterCount([this.spaces.obsDim, ...this.sac.actorHidden, 2 * this.spaces.actionBounds.low.length]);
  }

  /** The slots' actors as one BatchedPolicy; a slot's parameters are copied in only when its actor changed. */
  private batchedPolicy(): BatchedPolicy {
    const n = this.slots.length;
    if (this.batched === null || this.batched.policy.learners !== n) {
      const sizes = [this.spaces.obsDim, ...this.sac.actorHidden, 2 * this.spaces.actionBounds.low.length];
      this.batched = { policy: new BatchedPolicy(sizes, n, this.spaces.actionBounds), versions: new Array<number>(n).fill(-1) };
    }
    const { policy, versions } = this.batched;
    const learners = this.learners();
    this.slots.forEach((_, k) => {
      const version = learners.actorVersion(k);
      if (versions[k] === version) return;
      learners.actor(k, policy.paramsOf(k));
      versions[k] = version;
    });
    return policy;
  }

  /**
   * Actions for all agents of a step (row i → agentIds[i]) in one batched call. In 'train' a slot acts uniformly at
   * random until it has collected `learningStarts` transitions (as CleanRL and SB3), then samples π(·|s); 'eval'
   * takes the mean action, 'eval-stochastic' samples π(·|s) (public RSM-MASAC code's test_agent). In 'train' each
   * slot remembers log π_b(a|s) of its action for the transition `observe` stores next.
   */
  act(agentIds: readonly string[], obs: Float32Array, phase: ActPhase): Float32Array {
    const { obsDim } = this.spaces;
    const actionDim = this.spaces.actionBounds.low.length;
    // Slots of one step are distinct (slot-map.ts): one row per slot, in slot order.
    const { assigned, rows, out } = planAct(this.slotMap, agentIds, obs, this.spaces, this.slots, (k) => this.newSlot(k));
    const acting: number[] = [];
    const random: number[] = [];
    for (const row of rows) {
      const slot = this.slots[assigned[row] ?? -1];
      if (slot === undefined) throw new PoolError(`act: no slot for agent '${agentIds[row]}'`);
      if (phase !== 'train' || slot.collected >= this.sac.learningStarts) acting.push(row);
      else {
        slot.lastLogProb = this.uniformLogDensity;
        random.push(row);
      }
    }
    if (random.length > 0) {
      // Drawn by each slot's own core, from its own stream.
      const drawn = this.learners().randomActions(random.map((row) => assigned[row] ?? 0));
      for (const row of random) {
        const values = drawn.get(assigned[row] ?? 0);
        if (values === undefined) throw new PoolError(`act: no random action for agent '${agentIds[row]}'`);
        out.set(values, row * actionDim);
      }
    }
    if (acting.length === 0) return out;
    // Every slot's actor in one call (src/nn/batched-policy.ts): a row per slot, zeros for slots not acting now.
    const policy = this.batchedPolicy();
    const slotObs = new Float32Array(this.slots.length * obsDim);
    const sampled = phase === 'train' || phase === 'eval-stochastic';
    const noise = sampled ? new Float32Array(this.slots.length * actionDim) : null;
    for (const row of acting) {
      const k = assigned[row] ?? 0;
      slotObs.set(obs.subarray(row * obsDim, (row + 1) * obsDim), k * obsDim);
      // Drawn in slot order from each slot's own stream, so an agent's noise does not depend on the others.
      if (noise) fillGaussian((this.slots[k] as Slot).actNoise, noise.subarray(k * actionDim, (k + 1) * actionDim));
    }
    const logProbs = phase === 'train' ? new Float32Array(this.slots.length) : undefined;
    const actions = policy.act(slotObs, noise, 1, logProbs);
    for (const row of acting) {
      const k = assigned[row] ?? 0;
      out.set(actions.subarray(k * actionDim, (k + 1) * actionDim), row * actionDim);
      if (logProbs !== undefined) (this.slots[k] as Slot).lastLogProb = logProbs[k] as number;
    }
    return out;
  }

  /** Stores each transition in its agent's slot. terminated = a true terminal only; a truncation bootstraps s'. */
  observe(transitions: readonly Transition[]): void {
    const stored: StoredTransition[] = [];
    const actionDim = this.spaces.actionBounds.low.length;
    for (const t of transitions) {
      const index = this.slotMap.slotOf(t.agentId);
      const slot = index === undefined ? undefined : this.slots[index];
      if (slot === undefined) throw new PoolError(`observe: agent '${t.agentId}' has no slot (it never acted)`);
      // Checked here as the replay would: a worker's failure would only show at the next call.
      if (t.obs.length !== this.spaces.obsDim || t.nextObs.length !== this.spaces.obsDim || t.action.length !== actionDim) {
        throw new ReplayError(`replay add: observation length ${t.obs.length}/${t.nextObs.length}, action length ${t.action.length}, buffer expects ${this.spaces.obsDim} and ${actionDim}`);
      }
      stored.push({ slot: slot.index, obs: t.obs, action: t.action, reward: t.reward, nextObs: t.nextObs, terminated: t.terminated, behaviourLogProb: slot.lastLogProb });
      slot.collected += 1;
      slot.sinceUpdate += 1;
    }
    if (stored.length > 0) this.learners().add(stored);
  }

  /** Adds a transition that `slot` did not collect itself (MA-PMBRL's received samples, eq. 3) to its replay. */
  addReceived(slot: number, t: Transition): void {
    this.learners().add([{ slot, obs: t.obs, action: t.action, reward: t.reward, nextObs: t.nextObs, terminated: t.terminated, behaviourLogProb: Number.NaN }]);
  }

  /**
   * Runs every slot's due gradient steps (slot order); returns how many were taken. With a `driver`, the controller's
   * batch rule sees each sampled mini-batch with the driver's input for its slot (policy reciprocity folds its
   * neighbours' values into the rewards) and the driver gets the rule's notes back.
   */
  update(driver?: RuleDriver): number {
    const every = effectiveSchedule(this.sac).envStepsPerUpdate;
    if (this.slots.length === 0) return 0;
    const learners = this.learners();
    const due: [number, number][] = [];
    for (const slot of this.slots) {
      const blocks = Math.floor(slot.sinceUpdate / every);
      slot.sinceUpdate -= blocks * every;
      // Public code: after every block of `every` env steps, one update if the replay is ready, else none.
      if (blocks > 0 && learners.replaySize(slot.index) >= this.readySize) due.push([slot.index, blocks]);
    }
    if (due.length === 0) return 0;
    const inputs = new Map<number, RuleInput>();
    if (driver !== undefined) {
      for (const [k, n] of due) {
        const input = driver.input(this.slot(k), n);
        if (input !== null) inputs.set(k, input);
      }
    }
    const steps = learners.update(due, inputs);
    let taken = 0;
    // Losses in slot order, each slot's in step order: the same sums whichever set ran them.
    for (const [k, n] of due as DueSteps) {
      const slotSteps = steps.get(k);
      if (slotSteps === undefined || slotSteps.losses.length !== n) throw new PoolError(`update: slot ${k} took ${slotSteps?.losses.length ?? 0} of ${n} steps`);
      for (const l of slotSteps.losses) this.losses.add(l);
      driver?.notes(k, slotSteps.notes);
      (this.slots[k] as Slot).updates += n;
      taken += n;
    }
    return taken;
  }

  /** What slot k's learner publishes through the controller's batch rule (policy reciprocity: its target critics). */
  published(slots: readonly number[]): Map<number, Float32Array> {
    return this.learners().published(slots);
  }

  /** The controller's batch rule forgets what it holds for every slot (its senders are gone). */
  forgetRule(): void {
    this.learnerSet?.forgetRule();
  }

  async state(): Promise<PoolState> {
    const held = await this.learners().state(this.slots.map((s) => s.index));
    const slots = this.slots.map((s): SlotState => {
      const learner = held.get(s.index);
      if (learner === undefined) throw new PoolError(`state: no learner state for slot ${s.index}`);
      return { ...learner, actNoise: s.actNoise.state(), collected: s.collected, updates: s.updates, sinceUpdate: s.sinceUpdate };
    });
    return { slotMap: this.slotMap.state(), slots };
  }

  /** Restores `state` into this pool, which must be fresh (no slots yet) and built with the same spaces and config. */
  async loadState(state: PoolState): Promise<void> {
    if (this.slots.length > 0) throw new PoolError('loadState needs a fresh pool (this one already has slots)');
    if (state.slotMap.slotCount !== state.slots.length) throw new PoolError(`pool state: slot map has ${state.slotMap.slotCount} slots, ${state.slots.length} saved`);
    const restored = SlotMap.fromState(state.slotMap);
    for (const [k, saved] of state.slots.entries()) {
      const { replay } = saved;
      if (replay.obsDim !== this.spaces.obsDim || replay.actionDim !== this.spaces.actionBounds.low.length || replay.capacity !== this.sac.replayCapacity) {
        throw new PoolError(`pool state: slot ${k} replay is ${replay.obsDim} obs × ${replay.actionDim} actions × ${replay.capacity}, this pool needs ${this.spaces.obsDim} × ${this.spaces.actionBounds.low.length} × ${this.sac.replayCapacity}`);
      }
      await this.learners().load(k, { core: saved.core, replay, sampler: saved.sampler });
      const slot = new Slot(k, new Rng(this.seed, slotStream(k) + 2));
      slot.actNoise.restore(saved.actNoise);
      slot.collected = saved.collected;
      slot.updates = saved.updates;
      slot.sinceUpdate = saved.sinceUpdate;
      this.slots.push(slot);
    }
    this.slotMap = restored;
  }

  dispose(): void {
    this.slots.length = 0;
    this.learnerSet?.dispose();
    this.learnerSet = null;
  }

  /**
   * Transitions a replay needs before its slot's first update: at least a batch and the random warm-up, and more
   * than `updateAfter` (public RSM-MASAC code: size > 2 × batch).
   */
  private get readySize(): number {
    return Math.max(this.sac.learningStarts, this.sac.batchSize, this.sac.updateAfter + 1);
  }

  /** log density of a uniform random action in the bounds: −Σ_d log(high_d − low_d). */
  private get uniformLogDensity(): number {
    const { low, high } = this.spaces.actionBounds;
    return -low.reduce((s, l, d) => s + Math.log((high[d] ?? l) - l), 0);
  }

  /**
   * The initial weights every slot starts from under sharedInit: those slot 0's core is initialised with (a core
   * seeded from slot 0's stream, so slot 0 itself is unchanged and a restored pool gives new slots the same ones).
   */
  private initialWeights(): SacWeights {
    if (this.template === null) {
      const core = new SacCore(this.spaces, this.sac, new Rng(this.seed, slotStream(0)));
      this.template = core.weights();
      core.dispose();
    }
    return this.template;
  }

  /**
   * Every slot (the pool must have none yet) starts from `init`'s actor and critics, the target critics equal to the
   * critics, α at its initial value and no updates counted (public RSM-MASAC code, fine-tuning). A network of another
   * size is a LearnerInitError naming it.
   */
  startFrom(init: LearnerInit): void {
    if (this.slots.length > 0) throw new PoolError('startFrom needs a fresh pool (this one already has slots)');
    const fresh = this.initialWeights();
    for (const net of LEARNER_INIT_NETWORKS) {
      if (init[net].length !== fresh[net].length) {
        throw new LearnerInitError(`${init.source}: its ${net} has ${init[net].length} parameters, this run's ${net} (${this.sac.actorHidden.join('×')} actor, ${this.sac.criticHidden.join('×')} critics) has ${fresh[net].length}`);
      }
    }
    this.template = { ...fresh, actor: init.actor, critic1: init.critic1, critic2: init.critic2, target1: init.critic1, target2: init.critic2, updates: 0 };
    this.started = true;
  }

  /** A new slot: its learner (one shared initial weight set under sharedInit, public RSM-MASAC code) and its noise. */
  private newSlot(index: number): Slot {
    this.learners().create(index, this.sac.sharedInit || this.started ? this.initialWeights() : undefined);
    return new Slot(index, new Rng(this.seed, slotStream(index) + 2));
  }

  private learners(): LearnerSet {
    this.learnerSet ??= this.sac.learnerWorkers > 1
      ? new LearnerWorkers(this.sac.learnerWorkers, this.spaces, this.sac, this.seed, { controller: this.controller })
      : new LocalLearners(this.spaces, this.sac, this.seed, null, this.rule === null ? null : this.rule());
    return this.learnerSet;
  }
}
