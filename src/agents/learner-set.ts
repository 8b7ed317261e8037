// A pool's learners as one set (issue 15): each slot's SAC core, replay and mini-batch sampler, seeded from the slot's
// RNG streams (src/util/rng.ts slotStream). The pool speaks only this interface; where the learners live is the
// implementation's business — this thread (local-learners.ts) or worker threads (learner-workers.ts) — and for a
// fixed seed both give the same numbers.
import type { RemoteRound, RemoteRoundReply, StoredTransition, WorkerSlotState } from './learner-protocol.js';
import type { ReplayBatch, ReplayBuffer } from './replay.js';
import type { SacCore, SacLosses, SacWeights } from './sac/sac.js';

/** A learner as a round that reads it sees it: its core and replay. */
export interface LearnerParts {
  readonly core: SacCore;
  readonly replay: ReplayBuffer;
}

/** Runs one communication round on a slot's learner (the controller's rule; learner-worker.ts builds it). */
export type LearnerRound = (slot: number, learner: LearnerParts, round: RemoteRound) => Omit<RemoteRoundReply, 'actor'>;

/** Gradient steps due per slot, in slot order. */
export type DueSteps = readonly (readonly [slot: number, steps: number])[];

/** Sees the i-th sampled mini-batch of `slot` in an update and returns the batch its core learns from. */
export type PrepareStep = (slot: number, step: number, batch: ReplayBatch) => ReplayBatch;

export interface LearnerSet {
  /** Worker threads still running (0 for learners in this thread). */
  readonly threads: number;
  /** Whether `update` takes a PrepareStep (the cores must be in this thread). */
  readonly preparesBatches: boolean;
  /** A new learner in `slot`; with `initial`, its core starts from those weights (sharedInit). */
  create(slot: number, initial?: SacWeights): void;
  /** Stores transitions in their slots' replays. */
  add(transitions: readonly StoredTransition[]): void;
  /** Transitions in the slot's replay. */
  replaySize(slot: number): number;
  /** Each slot's uniform random action (its core's `randomActions(1)`), by slot. */
  randomActions(slots: readonly number[]): Map<number, Float32Array>;
  /** Changes whenever the slot's actor parameters may have changed. */
  actorVersion(slot: number): number;
  /** The slot's actor parameters θ, into `out` when given. */
  actor(slot: number, out?: Float32Array): Float32Array;
  /** Replaces the slot's actor parameters (communication rounds). */
  setActor(slot: number, params: Float32Array): void;
  /** `steps` gradient steps per slot in order; each step's losses, by slot. */
  update(due: DueSteps, prepare?: PrepareStep): Map<number, readonly SacLosses[]>;
  /** One communication round on the slot's learner where it lives (needs the LearnerRound of the set's thread). */
  mixRound(slot: number, round: RemoteRound): RemoteRoundReply;
  /** Each slot's core, replay and sampler state. */
  state(slots: readonly number[]): Promise<Map<number, WorkerSlotState>>;
  /** Restores `slot` from a checkpoint. */
  load(slot: number, state: WorkerSlotState): Promise<void>;
  /** The slot's core and replay when they live in this thread; throws otherwise. */
  local(slot: number): LearnerParts;
  dispose(): void;
}
