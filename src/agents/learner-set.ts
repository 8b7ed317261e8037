// A pool's learners as one set (issue 15): each slot's SAC core, replay and mini-batch sampler, seeded from the slot's
// RNG streams (src/util/rng.ts slotStream). The pool speaks only this interface; where the learners live is the
// implementation's business — this thread (local-learners.ts) or worker threads (learner-workers.ts) — and for a
// fixed seed both give the same numbers.
import type { UniformSource } from '../nn/random.js';
import type { RemoteRound, RemoteRoundReply, RuleInput, StoredTransition, WorkerSlotState } from './learner-protocol.js';
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

/** A learner as a batch rule sees it: its core, replay and mini-batch sampler (the slot's own draws, in any layout). */
export interface RuleLearner extends LearnerParts {
  readonly sampler: UniformSource;
}

/** One slot's gradient steps of an update: each step's losses, and the numbers the batch rule noted (step order). */
export interface SlotSteps {
  readonly losses: readonly SacLosses[];
  readonly notes: readonly number[];
}

/**
 * A controller's rule for its learners' mini-batches, run where each learner lives (controllers/learner-rounds.ts
 * builds it from the controller's id and config, the same in this thread and in a worker): it sees each sampled batch
 * and returns the batch the core learns from, drawing only from the learner's own sampler, so the layouts agree.
 */
export type { RuleInput };

export interface BatchRule {
  /** The batch step `step` of `slot`'s update learns from; may note numbers for the controller. */
  prepare(slot: number, step: number, batch: ReplayBatch, learner: RuleLearner, input: RuleInput | undefined, notes: number[]): ReplayBatch;
  /** What `slot`'s learner publishes to the others' rules (policy reciprocity: its target critics). */
  publish(learner: RuleLearner): Float32Array;
  /** Drops what the rule holds for every slot (end of an episode, a load). */
  forget(): void;
  dispose(): void;
}

export interface LearnerSet {
  /** Worker threads still running (0 for learners in this thread). */
  readonly threads: number;
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
  /** `steps` gradient steps per slot in order (the batch rule, if any, sees each with the slot's input); by slot. */
  update(due: DueSteps, inputs?: ReadonlyMap<number, RuleInput>): Map<number, SlotSteps>;
  /** What each slot's learner publishes through the batch rule (needs one), by slot. */
  published(slots: readonly number[]): Map<number, Float32Array>;
  /** The batch rule forgets what it holds (no-op without one). */
  forgetRule(): void;
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
