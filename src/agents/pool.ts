// The learners of one controller: a slot per learner (its SAC core and replay buffer), vehicle ids mapped to
// slots (slot-map.ts), actions for all agents of a step in one batched call, and each learner's updates on its
// own schedule (one gradient step per `envStepsPerUpdate` transitions it collected, public RSM-MASAC code).
import { fillGaussian } from '../nn/random.js';
import { Rng } from '../util/rng.js';
import { actGroups } from './batched-act.js';
import type { ActGroup } from './batched-act.js';
import type { AgentSpaces, Phase, Transition } from './controller.js';
import { PoolError } from './errors.js';
import { ReplayBuffer } from './replay.js';
import type { ReplayBatch, ReplayState } from './replay.js';
import { resolveSacConfig } from './sac/config.js';
import type { SacConfig } from './sac/config.js';
import { SacCore } from './sac/sac.js';
import type { SacState } from './sac/sac.js';
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

interface Slot extends PoolSlot {
  readonly sampler: Rng;
  readonly actNoise: Rng;
  collected: number;
  updates: number;
  /** Transitions collected since the last due update, counted once the replay is ready. */
  sinceUpdate: number;
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

  /**
   * Actions for all agents of a step (row i → agentIds[i]) in one batched call. In 'train' a slot acts uniformly at
   * random until it has collected `learningStarts` transitions (as CleanRL and SB3), then samples π(·|s); 'eval'
   * takes the mean action.
   */
  act(agentIds: readonly string[], obs: Float32Array, phase: Phase): Float32Array {
    const { obsDim } = this.spaces;
    const actionDim = this.spaces.actionBounds.low.length;
    if (obs.length !== agentIds.length * obsDim) throw new PoolError(`act: ${agentIds.length} agents need ${agentIds.length * obsDim} observation values, got ${obs.length}`);
    const assigned = this.slotMap.assign(agentIds);
    while (this.slots.length < this.slotMap.slotCount) this.slots.push(this.newSlot(this.slots.length));
    // Slots of one step are distinct (slot-map.ts): one row per slot, taken in slot order so the RNG streams are
    // drawn the same way whatever order the agents come in.
    const rows = agentIds.map((_, i) => i).sort((a, b) => (assigned[a] ?? 0) - (assigned[b] ?? 0));
    const out = new Float32Array(agentIds.length * actionDim);
    const groups: ActGroup[] = [];
    const groupRows: number[][] = [];
    const noiseSources: Rng[] = [];
    for (const row of rows) {
      const slot = this.slots[assigned[row] ?? -1];
      if (slot === undefined) throw new PoolError(`act: no slot for agent '${agentIds[row]}'`);
      if (phase === 'train' && slot.collected < this.sac.learningStarts) {
        scatter(out, slot.core.randomActions(1), [row], actionDim);
        continue;
      }
      groups.push({ core: slot.core, obs: obs.slice(row * obsDim, (row + 1) * obsDim) });
      groupRows.push([row]);
      noiseSources.push(slot.actNoise);
    }
    const noise = phase === 'train' ? actionNoise(noiseSources, groupRows, actionDim) : null;
    actGroups(groups, noise).forEach((actions, k) => scatter(out, actions, groupRows[k] ?? [], actionDim));
    return out;
  }

  /** Stores each transition in its agent's slot. terminated = a true terminal only; a truncation bootstraps s'. */
  observe(transitions: readonly Transition[]): void {
    for (const t of transitions) {
      const index = this.slotMap.slotOf(t.agentId);
      const slot = index === undefined ? undefined : this.slots[index];
      if (slot === undefined) throw new PoolError(`observe: agent '${t.agentId}' has no slot (it never acted)`);
      slot.replay.add(t.obs, t.action, t.reward, t.nextObs, t.terminated);
      slot.collected += 1;
      if (slot.replay.size >= this.readySize) slot.sinceUpdate += 1;
    }
  }

  /**
   * Runs every slot's due gradient steps (slot order); returns how many were taken. `prepare`, when given, sees each
   * sampled mini-batch before its step and returns the batch the core learns from (policy reciprocity folds its
   * neighbours' values into the rewards); `slot.updates` is then the number of steps the slot took before this one.
   */
  update(prepare?: PrepareBatch): number {
    const every = this.sac.envStepsPerUpdate;
    let taken = 0;
    for (const slot of this.slots) {
      while (slot.sinceUpdate >= every) {
        slot.sinceUpdate -= every;
        const batch = slot.replay.sample(this.sac.batchSize, slot.sampler);
        slot.core.update(prepare === undefined ? batch : prepare(slot, batch));
        slot.updates += 1;
        taken += 1;
      }
    }
    return taken;
  }

  async state(): Promise<PoolState> {
    const slots: SlotState[] = [];
    for (const s of this.slots) {
      slots.push({
        core: await s.core.state(),
        replay: s.replay.state(),
        sampler: s.sampler.state(),
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
      const slot = this.newSlot(k, ReplayBuffer.fromState(replay));
      // In the list before loading, so dispose() frees it if the load fails.
      this.slots.push(slot);
      await slot.core.loadState(saved.core);
      slot.sampler.restore(saved.sampler);
      slot.actNoise.restore(saved.actNoise);
      slot.collected = saved.collected;
      slot.updates = saved.updates;
      slot.sinceUpdate = saved.sinceUpdate;
    }
    this.slotMap = restored;
  }

  dispose(): void {
    for (const s of this.slots) s.core.dispose();
    this.slots.length = 0;
  }

  /** Transitions a replay needs before its slot's first update: max(learningStarts, batch size). */
  private get readySize(): number {
    return Math.max(this.sac.learningStarts, this.sac.batchSize);
  }

  private newSlot(index: number, restored?: ReplayBuffer): Slot {
    const stream = STREAM_BASE + STREAMS_PER_SLOT * index;
    const core = new SacCore(this.spaces, this.sac, new Rng(this.seed, stream));
    const replay = restored ?? new ReplayBuffer({ capacity: this.sac.replayCapacity, obsDim: this.spaces.obsDim, actionDim: core.actionDim });
    return { index, core, replay, sampler: new Rng(this.seed, stream + 1), actNoise: new Rng(this.seed, stream + 2), collected: 0, updates: 0, sinceUpdate: 0 };
  }
}

/** Standard normal noise for sampled actions, [all rows·|A|] in group order, each group's from its slot's stream. */
function actionNoise(sources: readonly Rng[], groupRows: readonly (readonly number[])[], actionDim: number): Float32Array {
  const noise = new Float32Array(groupRows.reduce((n, r) => n + r.length, 0) * actionDim);
  let offset = 0;
  sources.forEach((rng, k) => {
    const length = (groupRows[k]?.length ?? 0) * actionDim;
    fillGaussian(rng, noise.subarray(offset, offset + length));
    offset += length;
  });
  return noise;
}

/** out[rows[k]] ← values[k] for rows of width `width`. */
function scatter(out: Float32Array, values: Float32Array, rows: readonly number[], width: number): void {
  rows.forEach((r, k) => out.set(values.subarray(k * width, (k + 1) * width), r * width));
}
