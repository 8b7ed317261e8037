// The learners of one controller: a slot per learner (its SAC core and replay buffer), vehicle ids mapped to
// slots (slot-map.ts), actions for all agents of a step in one batched call, and each learner's updates on its
// own schedule (one gradient step per `envStepsPerUpdate` transitions it collected, public RSM-MASAC code).
import { fillGaussian } from '../nn/random.js';
import { Rng } from '../util/rng.js';
import { BatchedPolicy } from '../nn/batched-policy.js';
import type { ActPhase, AgentSpaces, Transition } from './controller.js';
import { PoolError } from './errors.js';
import type { StoredTransition } from './learner-protocol.js';
import { LearnerWorkers } from './learner-workers.js';
import { ReplayBuffer, ReplayError } from './replay.js';
import type { ReplayBatch, ReplayState } from './replay.js';
import { effectiveSchedule, resolveSacConfig } from './sac/config.js';
import type { SacConfig } from './sac/config.js';
import { SacCore } from './sac/sac.js';
import type { SacState, SacWeights } from './sac/sac.js';
import { SlotMap } from './slot-map.js';
import type { SlotMapState } from './slot-map.js';

/**
 * RNG streams of slot k are STREAM_BASE + STREAMS_PER_SLOT·k + {0: core (init, update noise, random actions),
 * 1: replay sampling, 2: action noise}; streams below STREAM_BASE are left to the runner (env, SUMO seed, …).
 */
export const STREAM_BASE = 1000;
const STREAMS_PER_SLOT = 3;

export interface PoolSlot {
  readonly index: number;
  readonly core: SacCore;
  readonly replay: ReplayBuffer;
  /** Transitions stored so far. */
  readonly collected: number;
  /** Gradient steps taken by this slot's schedule. */
  readonly updates: number;
}

/** A slot's learner in the pool's thread. */
interface LocalLearner {
  readonly kind: 'local';
  readonly core: SacCore;
  readonly replay: ReplayBuffer;
  readonly sampler: Rng;
}

/** A slot's learner in a worker thread (learner-workers.ts): the pool keeps a copy of its actor for `act`. */
interface RemoteLearner {
  readonly kind: 'remote';
  /** The actor parameters last received; null until asked for. */
  actor: Float32Array | null;
  /** Bumped whenever `actor` is replaced. */
  version: number;
  /** The worker's replay size (it grows by one per stored transition up to the capacity). */
  replaySize: number;
}

class Slot implements PoolSlot {
  collected = 0;
  updates = 0;
  /** Transitions collected since the last block of `envStepsPerUpdate` (each block ends in an update once the replay is ready). */
  sinceUpdate = 0;
  /** log π_b(a|s) of the slot's last action (stored with its transition; NaN when unknown). */
  lastLogProb = Number.NaN;

  constructor(
    readonly index: number,
    readonly learner: LocalLearner | RemoteLearner,
    readonly actNoise: Rng,
  ) {}

  get core(): SacCore {
    if (this.learner.kind === 'remote') throw new PoolError(`slot ${this.index}'s SAC core lives in a learner worker (learnerWorkers > 1)`);
    return this.learner.core;
  }

  get replay(): ReplayBuffer {
    if (this.learner.kind === 'remote') throw new PoolError(`slot ${this.index}'s replay lives in a learner worker (learnerWorkers > 1)`);
    return this.learner.replay;
  }

  get replaySize(): number {
    return this.learner.kind === 'remote' ? this.learner.replaySize : this.learner.replay.size;
  }

  get actorVersion(): number {
    return this.learner.kind === 'remote' ? this.learner.version : this.learner.core.actorVersion;
  }
}

/** Turns a slot's sampled mini-batch into the one its core learns from (AgentPool.update). */
export type PrepareBatch = (slot: PoolSlot, batch: ReplayBatch) => ReplayBatch;

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
  /** The worker threads holding the slots' learners when sac.learnerWorkers > 1; started with the first slot. */
  private workers: LearnerWorkers | null = null;
  /** The one initial weight set every new slot starts from when sac.sharedInit (slot 0's initial weights). */
  private template: SacWeights | null = null;

  constructor(spaces: AgentSpaces, sac: Partial<SacConfig>, seed: number) {
    this.spaces = spaces;
    this.sac = resolveSacConfig(sac);
    this.seed = seed;
    this.slotMap = new SlotMap();
  }

  get slotCount(): number {
    return this.slots.length;
  }

  slot(index: number): PoolSlot {
    const slot = this.slots[index];
    if (slot === undefined) throw new PoolError(`pool has no slot ${index} (it has ${this.slots.length})`);
    return slot;
  }

  /** Learner worker threads still running (0 in one-thread pools, and after dispose once they have exited). */
  get learnerThreads(): number {
    return this.workers?.running ?? 0;
  }

  /** The slot `agentId` last acted with, if any. */
  slotOf(agentId: string): number | undefined {
    return this.slotMap.slotOf(agentId);
  }

  /** Parameters of one actor, from the layer sizes (no network needed): 68,098 for 6 → 256 → 256 → 2. */
  get actorParameterCount(): number {
    const sizes = [this.spaces.obsDim, ...this.sac.actorHidden, 2 * this.spaces.actionBounds.low.length];
    let n = 0;
    for (let l = 0; l + 1 < sizes.length; l++) n += ((sizes[l] ?? 0) + 1) * (sizes[l + 1] ?? 0);
    return n;
  }

  /** The slots' actors as one BatchedPolicy; a slot's parameters are copied in only when its actor changed. */
  private batchedPolicy(): BatchedPolicy {
    const n = this.slots.length;
    if (this.batched === null || this.batched.policy.learners !== n) {
      const sizes = [this.spaces.obsDim, ...this.sac.actorHidden, 2 * this.spaces.actionBounds.low.length];
      this.batched = { policy: new BatchedPolicy(sizes, n, this.spaces.actionBounds), versions: new Array<number>(n).fill(-1) };
    }
    const { policy, versions } = this.batched;
    this.fetchRemoteActors();
    this.slots.forEach((slot, k) => {
      if (versions[k] === slot.actorVersion) return;
      const { learner } = slot;
      if (learner.kind === 'local') learner.core.getActorParams(policy.paramsOf(k));
      else if (learner.actor !== null) policy.paramsOf(k).set(learner.actor);
      versions[k] = slot.actorVersion;
    });
    return policy;
  }

  /** Worker slots whose actor the pool has not seen yet (new slots), asked for in one round. */
  private fetchRemoteActors(): void {
    const missing = this.slots.filter((s) => s.learner.kind === 'remote' && s.learner.actor === null).map((s) => s.index);
    if (missing.length === 0 || this.workers === null) return;
    for (const [k, actor] of this.workers.actors(missing)) this.setRemoteActor(k, actor);
  }

  private setRemoteActor(k: number, actor: Float32Array): void {
    const learner = this.slots[k]?.learner;
    if (learner?.kind !== 'remote') throw new PoolError(`slot ${k} has no learner worker`);
    learner.actor = actor;
    learner.version += 1;
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
    if (obs.length !== agentIds.length * obsDim) throw new PoolError(`act: ${agentIds.length} agents need ${agentIds.length * obsDim} observation values, got ${obs.length}`);
    const assigned = this.slotMap.assign(agentIds);
    while (this.slots.length < this.slotMap.slotCount) this.slots.push(this.newSlot(this.slots.length));
    // Slots of one step are distinct (slot-map.ts): one row per slot, taken in slot order so the RNG streams are
    // drawn the same way whatever order the agents come in.
    const rows = agentIds.map((_, i) => i).sort((a, b) => (assigned[a] ?? 0) - (assigned[b] ?? 0));
    const out = new Float32Array(agentIds.length * actionDim);
    const acting: number[] = [];
    const remoteRandom: number[] = [];
    for (const row of rows) {
      const slot = this.slots[assigned[row] ?? -1];
      if (slot === undefined) throw new PoolError(`act: no slot for agent '${agentIds[row]}'`);
      if (phase !== 'train' || slot.collected >= this.sac.learningStarts) acting.push(row);
      else {
        slot.lastLogProb = this.uniformLogDensity;
        if (slot.learner.kind === 'local') scatter(out, slot.learner.core.randomActions(1), [row], actionDim);
        else remoteRandom.push(row);
      }
    }
    if (remoteRandom.length > 0 && this.workers !== null) {
      // Drawn by the slots' own cores in their workers, from the same streams as in one thread.
      const drawn = this.workers.randomActions(remoteRandom.map((row) => assigned[row] ?? 0));
      for (const row of remoteRandom) {
        const values = drawn.get(assigned[row] ?? 0);
        if (values === undefined) throw new PoolError(`act: no random action for agent '${agentIds[row]}'`);
        scatter(out, values, [row], actionDim);
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
    const toWorkers: StoredTransition[] = [];
    for (const t of transitions) {
      const index = this.slotMap.slotOf(t.agentId);
      const slot = index === undefined ? undefined : this.slots[index];
      if (slot === undefined) throw new PoolError(`observe: agent '${t.agentId}' has no slot (it never acted)`);
      const { learner } = slot;
      if (learner.kind === 'local') learner.replay.add(t.obs, t.action, t.reward, t.nextObs, t.terminated, slot.lastLogProb);
      else {
        // Checked here as the replay would: a worker's failure would only show at the next call.
        const actionDim = this.spaces.actionBounds.low.length;
        if (t.obs.length !== this.spaces.obsDim || t.nextObs.length !== this.spaces.obsDim || t.action.length !== actionDim) {
          throw new ReplayError(`replay add: observation length ${t.obs.length}/${t.nextObs.length}, action length ${t.action.length}, buffer expects ${this.spaces.obsDim} and ${actionDim}`);
        }
        // Copies: the arrays may be views of larger buffers, which a message would carry whole.
        toWorkers.push({ slot: slot.index, obs: t.obs.slice(), action: t.action.slice(), reward: t.reward, nextObs: t.nextObs.slice(), terminated: t.terminated, behaviourLogProb: slot.lastLogProb });
        learner.replaySize = Math.min(learner.replaySize + 1, this.sac.replayCapacity);
      }
      slot.collected += 1;
      slot.sinceUpdate += 1;
    }
    if (toWorkers.length > 0) this.workers?.add(toWorkers);
  }

  /**
   * Runs every slot's due gradient steps (slot order); returns how many were taken. `prepare`, when given, sees each
   * sampled mini-batch before its step and returns the batch the core learns from (policy reciprocity folds its
   * neighbours' values into the rewards); `slot.updates` is then the number of steps the slot took before this one.
   */
  update(prepare?: PrepareBatch): number {
    const every = effectiveSchedule(this.sac).envStepsPerUpdate;
    if (this.workers !== null) return this.updateInWorkers(this.workers, every, prepare);
    let taken = 0;
    for (const slot of this.slots) {
      const { learner } = slot;
      if (learner.kind !== 'local') throw new PoolError(`update: slot ${slot.index} has no learner in this thread`);
      const { core, replay, sampler } = learner;
      while (slot.sinceUpdate >= every) {
        slot.sinceUpdate -= every;
        // Public code: after every block of `every` env steps, one update if the replay is ready, else none.
        if (replay.size < this.readySize) continue;
        const batch = replay.sample(this.sac.batchSize, sampler);
        core.update(prepare === undefined ? batch : prepare(slot, batch));
        slot.updates += 1;
        taken += 1;
      }
    }
    return taken;
  }

  /** update() with the learners in workers: every due slot's steps at once, both workers in parallel. */
  private updateInWorkers(workers: LearnerWorkers, every: number, prepare: PrepareBatch | undefined): number {
    if (prepare !== undefined) throw new PoolError('update: a batch-preparing update needs the learners in this thread (learnerWorkers 1)');
    const due: [number, number][] = [];
    for (const slot of this.slots) {
      const blocks = Math.floor(slot.sinceUpdate / every);
      slot.sinceUpdate -= blocks * every;
      // Blocks whose end found the replay ready (it only grows), as the one-thread loop counts them.
      const sizeAtLastBlock = slot.replaySize - slot.sinceUpdate;
      const steps = sizeAtLastBlock < this.readySize ? 0 : Math.min(blocks, Math.floor((sizeAtLastBlock - this.readySize) / every) + 1);
      if (steps === 0) continue;
      slot.updates += steps;
      due.push([slot.index, steps]);
    }
    if (due.length === 0) return 0;
    for (const [k, actor] of workers.update(due)) this.setRemoteActor(k, actor);
    return due.reduce((n, [, steps]) => n + steps, 0);
  }

  async state(): Promise<PoolState> {
    const slots: SlotState[] = [];
    const inWorkers = this.workers?.state(this.slots.map((s) => s.index));
    for (const s of this.slots) {
      const { learner } = s;
      const held = learner.kind === 'local' ? { core: await learner.core.state(), replay: learner.replay.state(), sampler: learner.sampler.state() } : inWorkers?.get(s.index);
      if (held === undefined) throw new PoolError(`state: learner worker sent no state for slot ${s.index}`);
      slots.push({
        ...held,
        actNoise: s.actNoise.state(),
        collected: s.collected,
        updates: s.updates,
        sinceUpdate: s.sinceUpdate,
      });
    }
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
      const remote = this.sac.learnerWorkers > 1;
      const slot = remote ? new Slot(k, { kind: 'remote', actor: null, version: 0, replaySize: replay.size }, new Rng(this.seed, slotStream(k) + 2)) : this.newSlot(k, ReplayBuffer.fromState(replay));
      // In the list before loading, so dispose() frees it if the load fails.
      this.slots.push(slot);
      const { learner } = slot;
      if (learner.kind === 'local') {
        await learner.core.loadState(saved.core);
        learner.sampler.restore(saved.sampler);
      } else {
        this.setRemoteActor(k, this.learnerWorkers().load(k, slotStream(k), { core: saved.core, replay, sampler: saved.sampler }));
      }
      slot.actNoise.restore(saved.actNoise);
      slot.collected = saved.collected;
      slot.updates = saved.updates;
      slot.sinceUpdate = saved.sinceUpdate;
    }
    this.slotMap = restored;
  }

  dispose(): void {
    for (const s of this.slots) if (s.learner.kind === 'local') s.learner.core.dispose();
    this.slots.length = 0;
    this.workers?.dispose();
    this.workers = null;
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
   * The initial weights every slot starts from under sharedInit: those slot 0's core is initialised with (from its
   * RNG stream), so a pool restored from a checkpoint gives new slots the same ones. `slot0` is slot 0's fresh core.
   */
  private initialWeights(slot0: SacCore | null): SacWeights {
    if (this.template !== null) return this.template;
    if (slot0 !== null) this.template = slot0.weights();
    else {
      const core = new SacCore(this.spaces, this.sac, new Rng(this.seed, slotStream(0)));
      this.template = core.weights();
      core.dispose();
    }
    return this.template;
  }

  private newSlot(index: number, restored?: ReplayBuffer): Slot {
    const stream = slotStream(index);
    const actNoise = new Rng(this.seed, stream + 2);
    if (this.sac.learnerWorkers > 1) {
      // The worker seeds the core and sampler from the same streams (learner-worker.ts).
      this.learnerWorkers().create(index, stream, this.sac.sharedInit && restored === undefined ? this.initialWeights(null) : undefined);
      return new Slot(index, { kind: 'remote', actor: null, version: 0, replaySize: 0 }, actNoise);
    }
    const core = new SacCore(this.spaces, this.sac, new Rng(this.seed, stream));
    // One shared initial weight set (public RSM-MASAC code: every agent loads agents[-1]'s networks).
    if (this.sac.sharedInit && restored === undefined) core.loadWeights(this.initialWeights(index === 0 ? core : null));
    const replay = restored ?? new ReplayBuffer({ capacity: this.sac.replayCapacity, obsDim: this.spaces.obsDim, actionDim: core.actionDim });
    return new Slot(index, { kind: 'local', core, replay, sampler: new Rng(this.seed, stream + 1) }, actNoise);
  }

  private learnerWorkers(): LearnerWorkers {
    this.workers ??= new LearnerWorkers(this.sac.learnerWorkers, this.spaces, this.sac, this.seed);
    return this.workers;
  }
}

/** The first of slot k's RNG streams (core; sampler and action noise follow). */
function slotStream(index: number): number {
  return STREAM_BASE + STREAMS_PER_SLOT * index;
}

/** Standard normal noise for sampled actions, [all rows·|A|] in group order, each group's from its slot's stream. */

/** out[rows[k]] ← values[k] for rows of width `width`. */
function scatter(out: Float32Array, values: Float32Array, rows: readonly number[], width: number): void {
  rows.forEach((r, k) => out.set(values.subarray(k * width, (k + 1) * width), r * width));
}
