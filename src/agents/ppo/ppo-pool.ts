// The PPO family's learners (IPPO, Avg-MAPPO, RSM-MAPPO): one PpoLearner and one on-policy rollout per slot, slots
// assigned to vehicles as the SAC pool assigns them (slot-map.ts). Each step a learner's agent acts (sample, log π_old,
// V), its transition is added to the slot's rollout, and when the rollout holds T = rolloutLength steps the learner
// runs one PPO update on it (PPO Alg. 1: "for iteration … run π_θold for T timesteps, compute Â, optimise L for K
// epochs") and keeps it as its latest on-policy data (RSM-MAPPO's advantage samples).
import { PoolError } from '../errors.js';
import type { ActPhase, AgentSpaces, Transition } from '../controller.js';
import type { TrainingDiagnostics } from '../diagnostics.js';
import { count, f32, list, orNull, parseAdam, parseRecord, parseSlotMap, record, words } from '../pool-state.js';
import { getFlatParams, layerParameterCount, setFlatParams } from '../../nn/flat-params.js';
import { Rng, slotStream } from '../../util/rng.js';
import { SlotMap, planAct } from '../slot-map.js';
import type { SlotMapState } from '../slot-map.js';
import type { PpoConfig } from './config.js';
import { PpoLearner } from './ppo.js';
import type { PpoLosses, PpoState } from './ppo.js';
import { RolloutBuffer } from './rollout.js';
import { ppoUpdates } from './ppo-updates.js';
import type { PpoUpdates } from './ppo-updates.js';
import type { RolloutBatch, RolloutState, StepEnd } from './rollout.js';

/** A slot as `PpoPool.slot` shows it. */
export interface PpoSlot {
  readonly index: number;
  readonly learner: PpoLearner;
  /** The rollout of the slot's last update (null before the first). */
  readonly latest: RolloutBatch | null;
  /** Transitions collected so far. */
  readonly collected: number;
  /** PPO updates (whole rollouts) so far: every one moves the policy. */
  readonly updates: number;
}

/** What the slot's last act remembered for the transition `observe` stores next. */
interface Pending {
  readonly preTanh: Float32Array;
  readonly logProb: number;
  readonly value: number;
}

class Slot {
  collected = 0;
  pending: Pending | null = null;
  latest: RolloutBatch | null = null;
  /** s' of the slot's last stored transition: V(s') bootstraps a rollout cut there. */
  lastNextObs: Float32Array | null = null;

  constructor(readonly index: number, readonly learner: PpoLearner, readonly rollout: RolloutBuffer) {}
}

export interface PpoSlotState {
  readonly learner: PpoState;
  readonly rollout: RolloutState;
  readonly latest: RolloutBatch | null;
  readonly collected: number;
  readonly lastNextObs: Float32Array | null;
}

export interface PpoPoolState {
  readonly slotMap: SlotMapState;
  readonly slots: readonly PpoSlotState[];
}

export class PpoPool {
  private slotMap = new SlotMap();
  private readonly slots: Slot[] = [];
  /** Slot 0's initial weights, every later slot's start when config.sharedInit. */
  private template: { readonly actor: Float32Array; readonly value: Float32Array } | null = null;
  private readonly sums = { updates: 0, policy: 0, value: 0, entropy: 0 };

  /** Where the updates run: here, or in learner worker threads (learnerWorkers 2; ppo-updates.ts). */
  private readonly updates: PpoUpdates;

  constructor(readonly spaces: AgentSpaces, readonly config: PpoConfig, readonly seed: number) {
    this.updates = ppoUpdates(spaces, config, seed);
  }

  get slotCount(): number {
    return this.slots.length;
  }

  slotOf(agentId: string): number | undefined {
    return this.slotMap.slotOf(agentId);
  }

  slot(index: number): PpoSlot {
    const slot = this.slotAt(index);
    return { index, learner: slot.learner, latest: slot.latest, collected: slot.collected, updates: slot.learner.updateCount };
  }

  actor(slot: number): Float32Array {
    return this.slotAt(slot).learner.getActorParams();
  }

  setActor(slot: number, params: Float32Array): void {
    this.slotAt(slot).learner.setActorParams(params);
  }

  /** |θ| from the layer sizes (68,098 for 6 → 256 → 256 → 2). */
  get actorParameterCount(): number {
    return layerParameterCount([this.spaces.obsDim, ...this.config.actorHidden, 2 * this.spaces.actionBounds.low.length]);
  }

  /**
   * Actions for the agents of a step (row i → agentIds[i]), each from its slot's policy, in slot order (each slot
   * draws from its own stream). 'train' and 'eval-stochastic' sample π(·|s), 'eval' takes tanh(μ); 'train' remembers
   * u, log π_old(a|s) and V(s) for the transition that follows.
   */
  act(agentIds: readonly string[], obs: Float32Array, phase: ActPhase): Float32Array {
    const { obsDim } = this.spaces;
    const actionDim = this.spaces.actionBounds.low.length;
    const { assigned, rows, out } = planAct(this.slotMap, agentIds, obs, this.spaces, this.slots, (k) => this.newSlot(k));
    for (const row of rows) {
      const slot = this.slotAt(assigned[row] ?? -1);
      const acted = slot.learner.act(obs.subarray(row * obsDim, (row + 1) * obsDim), phase === 'eval');
      out.set(acted.actions, row * actionDim);
      slot.pending = phase === 'train' ? { preTanh: acted.preTanh, logProb: acted.logProbs[0] as number, value: acted.values[0] as number } : null;
    }
    return out;
  }

  /** Adds each transition to its agent's rollout (a truncation bootstraps from V of the real s'; a terminal does not). */
  observe(transitions: readonly Transition[]): void {
    const { obsDim } = this.spaces;
    for (const t of transitions) {
      const index = this.slotMap.slotOf(t.agentId);
      const slot = index === undefined ? undefined : this.slots[index];
      if (slot === undefined || slot.pending === null) throw new PoolError(`observe: agent '${t.agentId}' has no action of this step to learn from (it did not act in 'train')`);
      if (t.obs.length !== obsDim || t.nextObs.length !== obsDim) throw new PoolError(`observe: agent '${t.agentId}' has observations of ${t.obs.length}/${t.nextObs.length} values, expected ${obsDim}`);
      const end: StepEnd = t.terminated ? { kind: 'terminated' } : t.truncated ? { kind: 'truncated', finalValue: slot.learner.value(t.nextObs)[0] as number } : { kind: 'running' };
      slot.rollout.add({ obs: t.obs, action: t.action, preTanh: slot.pending.preTanh, logProb: slot.pending.logProb, reward: t.reward, value: slot.pending.value, end });
      slot.pending = null;
      slot.lastNextObs = t.nextObs;
      slot.collected += 1;
    }
  }

  /**
   * One PPO update of every slot whose rollout is full (slot order; with learnerWorkers 2 two workers' at once, each
   * reads only its own learner and rollout); returns the gradient steps taken.
   */
  update(): number {
    const { gamma, gaeLambda } = this.config;
    const due = this.slots.filter((slot) => slot.rollout.full);
    const jobs = due.map((slot) => {
      const lastValue = slot.lastNextObs === null ? 0 : (slot.learner.value(slot.lastNextObs)[0] as number);
      return { slot: slot.index, learner: slot.learner, batch: slot.rollout.finish(lastValue, gamma, gaeLambda) };
    });
    let taken = 0;
    this.updates.run(jobs).forEach((losses, i) => {
      const slot = due[i] as Slot;
      const { batch } = jobs[i] as (typeof jobs)[number];
      this.addLosses(losses);
      slot.latest = batch;
      slot.rollout.clear();
      taken += this.config.epochs * Math.ceil(batch.size / this.config.minibatchSize);
    });
    return taken;
  }

  /** Means since the last call: L^CLIP as actor_loss, L^V as critic_loss, the Gaussian entropy; PPO has no α. */
  diagnostics(): TrainingDiagnostics {
    const { updates, policy, value, entropy } = this.sums;
    const out: TrainingDiagnostics = updates === 0
      ? { criticLoss: null, actorLoss: null, alpha: null, entropy: null }
      : { criticLoss: value / updates, actorLoss: policy / updates, alpha: null, entropy: entropy / updates };
    Object.assign(this.sums, { updates: 0, policy: 0, value: 0, entropy: 0 });
    return out;
  }

  /** Everything to continue exactly (taken between steps: no pending action). */
  state(): PpoPoolState {
    return {
      slotMap: this.slotMap.state(),
      slots: this.slots.map((s) => ({ learner: s.learner.state(), rollout: s.rollout.state(), latest: s.latest, collected: s.collected, lastNextObs: s.lastNextObs })),
    };
  }

  /** Restores `state()` into this (fresh) pool. */
  loadState(state: PpoPoolState): void {
    if (this.slots.length > 0) throw new PoolError('loadState: the pool has slots already (load into a fresh pool)');
    this.slotMap = SlotMap.fromState(state.slotMap);
    if (state.slots.length !== state.slotMap.slotCount) throw new PoolError(`loadState: ${state.slots.length} slots for a slot map of ${state.slotMap.slotCount}`);
    state.slots.forEach((saved, k) => {
      const slot = this.newSlot(k);
      slot.learner.loadState(saved.learner);
      slot.rollout.loadState(saved.rollout);
      slot.latest = saved.latest;
      slot.collected = saved.collected;
      slot.lastNextObs = saved.lastNextObs;
      this.slots.push(slot);
    });
  }

  dispose(): void {
    for (const slot of this.slots) slot.learner.dispose();
    this.slots.length = 0;
    this.updates.dispose();
  }

  private addLosses(losses: PpoLosses): void {
    this.sums.updates += 1;
    this.sums.policy += losses.policy;
    this.sums.value += losses.value;
    this.sums.entropy += losses.entropy;
  }

  private slotAt(index: number): Slot {
    const slot = this.slots[index];
    if (slot === undefined) throw new PoolError(`PPO pool has no slot ${index} (it has ${this.slots.length})`);
    return slot;
  }

  private newSlot(k: number): Slot {
    const learner = new PpoLearner(this.spaces, this.config, new Rng(this.seed, slotStream(k)));
    if (this.config.sharedInit) {
      this.template ??= { actor: learner.getActorParams(), value: getFlatParams(learner.valueNet.variables) };
      learner.setActorParams(this.template.actor);
      setFlatParams(learner.valueNet.variables, this.template.value);
    }
    const actionDim = this.spaces.actionBounds.low.length;
    return new Slot(k, learner, new RolloutBuffer(this.config.rolloutLength, this.spaces.obsDim, actionDim));
  }
}

const BATCH_ARRAYS = ['obs', 'actions', 'preTanh', 'logProbs', 'values', 'advantages', 'returns'] as const;

/** Narrows a checkpoint's PPO pool (unknown, read from disk), with errors that say where. */
export function parsePpoPoolState(value: unknown, path = 'pool'): PpoPoolState {
  const o = record(value, path);
  return {
    slotMap: parseSlotMap(o.slotMap, `${path}.slotMap`),
    slots: list(o.slots, `${path}.slots`).map((v, k) =>
      parseRecord(v, `${path}.slots[${k}]`, { learner: parsePpoState, rollout: parseRollout, latest: orNull(parseBatch), collected: count, lastNextObs: orNull(f32) }),
    ),
  };
}

function parsePpoState(value: unknown, path: string): PpoState {
  return parseRecord(value, path, { actor: f32, value: f32, actorOptimizer: parseAdam, valueOptimizer: parseAdam, updates: count, rng: orNull(words) });
}

function parseRollout(value: unknown, path: string): RolloutState {
  const o = record(value, path);
  const arrays = (['obs', 'actions', 'preTanh', 'logProbs', 'rewards', 'values', 'finalValues', 'terminated', 'ends'] as const).map((k) => [k, f32(o[k], `${path}.${k}`)] as const);
  return { size: count(o.size, `${path}.size`), ...(Object.fromEntries(arrays) as Record<(typeof arrays)[number][0], Float32Array>) };
}

function parseBatch(value: unknown, path: string): RolloutBatch {
  const o = record(value, path);
  const arrays = BATCH_ARRAYS.map((k) => [k, f32(o[k], `${path}.${k}`)] as const);
  return { size: count(o.size, `${path}.size`), ...(Object.fromEntries(arrays) as Record<(typeof BATCH_ARRAYS)[number], Float32Array>) };
}
