// Messages between an AgentPool and its learner worker threads (learner-workers.ts ↔ learner-worker.ts). Requests
// go one way in order; only `call`s are answered (one reply at a time), `post`s are not (their errors come back
// with the next reply).
import type { ReplayState } from './replay.js';
import type { SacConfig } from './sac/config.js';
import type { AgentSpaces, ExchangeOutcome } from './controller.js';
import type { SacLosses, SacState, SacWeights } from './sac/sac.js';
import type { BackendName } from '../nn/backend.js';
import type { ModelFit } from './models/gaussian-model.js';
import type { WorldModelState } from './models/world-model.js';
import type { TransitionData } from './models/transition-data.js';
import type { ReplayBatch } from './replay.js';
import type { PpoConfig } from './ppo/config.js';
import type { PpoLosses, PpoState } from './ppo/ppo.js';
import type { RolloutBatch } from './ppo/rollout.js';

/** The shared flag's words: [FLAG_REPLIES] replies posted so far, [FLAG_STATE] the worker's state. */
export const FLAG_REPLIES = 0;
export const FLAG_STATE = 1;
export const WORKER_STARTING = 0;
export const WORKER_RUNNING = 1;
export const WORKER_FAILED = -1;

/** What a worker is started with. */
export interface LearnerWorkerSetup {
  readonly spaces: AgentSpaces;
  readonly sac: SacConfig;
  readonly seed: number;
  /** The pool thread's backend and whether it uses the OpenBLAS kernels: the worker must compute the same way. */
  readonly backend: BackendName;
  readonly native: boolean;
  /** The controller's id: a worker runs the communication rounds of the ones whose rule reads a learner (RSM-MASAC). */
  readonly controller: string | null;
  /** The PPO family's learner config, for 'ppoUpdates' (ppo/ppo-updates.ts); null for SAC learners. */
  readonly ppo: PpoConfig | null;
  /** The config the controller's world model is built from for 'fitModels' (its own, e.g. MA-PETS's; else `sac`). */
  readonly modelConfig: unknown;
}

/** A slot's part that lives in a worker: its core, replay and mini-batch sampler. */
export interface WorkerSlotState {
  readonly core: SacState;
  readonly replay: ReplayState;
  readonly sampler: readonly number[];
}

export interface StoredTransition {
  readonly slot: number;
  readonly obs: Float32Array;
  readonly action: Float32Array;
  readonly reward: number;
  readonly nextObs: Float32Array;
  readonly terminated: boolean;
  /** log π_b(a|s) of the acting policy (ReplayBuffer.add). */
  readonly behaviourLogProb: number;
}

/**
 * What a controller sends its batch rule with one update of a slot (plain data: it may cross to a worker thread):
 * before step `step` of the update, the messages the slot holds become `messages` (policy reciprocity: the target
 * critics received at a pull).
 */
export interface RuleInput {
  readonly received: readonly (readonly [step: number, messages: readonly Float32Array[]])[];
}

/** One slot's answer to an 'update': its actor after the steps, each step's losses and the batch rule's notes, in order. */
export interface UpdateReply {
  /** The slot's actor after the steps; null when none of them changed it (critic-only steps, issue 16). */
  readonly actor: Float32Array | null;
  readonly losses: readonly SacLosses[];
  readonly notes: readonly number[];
}

/**
 * A communication round run where the slot's learner lives (RSM-MASAC's rule reads its core and replay). The round's
 * RNG (requests, channel losses, samples) travels with it, so the draws are the ones a round in the pool thread makes.
 */
export interface RemoteRound {
  readonly agent: string;
  /** Ω_i, and |Ω_j| of each of them. */
  readonly neighbours: readonly string[];
  readonly degrees: readonly (readonly [agent: string, degree: number])[];
  /** θ^(j) of each neighbour at the start of the step's rounds. */
  readonly policies: readonly (readonly [agent: string, actor: Float32Array])[];
  /** State words of the round RNG before the round. */
  readonly rng: readonly number[];
  /** The slot's counts, as AgentPool.slot shows them. */
  readonly collected: number;
  readonly updates: number;
}

/** What a round's caller says; the pool adds the slot's counts. */
export type RoundRequest = Omit<RemoteRound, 'collected' | 'updates'>;

export interface RemoteRoundReply {
  readonly outcome: ExchangeOutcome;
  /** The round RNG's state words after the round. */
  readonly rng: readonly number[];
  /** The slot's actor when the round changed it, else null. */
  readonly actor: Float32Array | null;
}

export type LearnerRequest =
  /** A new slot, seeded from its streams (util/rng.ts slotStream). */
  | { readonly kind: 'create'; readonly slot: number; readonly initial?: SacWeights }
  | { readonly kind: 'add'; readonly transitions: readonly StoredTransition[] }
  /** Reply: each slot's `randomActions(1)`, concatenated in the order asked. */
  | { readonly kind: 'randomActions'; readonly slots: readonly number[] }
  /** Reply: each slot's actor parameters. */
  | { readonly kind: 'actors'; readonly slots: readonly number[] }
  /** A communication round's new actor for a slot. */
  | { readonly kind: 'setActor'; readonly slot: number; readonly params: Float32Array }
  /** `steps` gradient steps per slot, the batch rule's input by slot; reply: an UpdateReply per slot. */
  | { readonly kind: 'update'; readonly due: readonly (readonly [slot: number, steps: number])[]; readonly inputs: readonly (readonly [slot: number, input: RuleInput])[] }
  /** Reply: what each slot's learner publishes through the batch rule. */
  | { readonly kind: 'published'; readonly slots: readonly number[] }
  /** The batch rule forgets what it holds. */
  | { readonly kind: 'forgetRule' }
  /** World-model fits, one after another (models/model-fits.ts); reply: a ModelFitReply per job. */
  | { readonly kind: 'fitModels'; readonly jobs: readonly ModelFitJob[] }
  /** Reply: WorkerSlotState per slot. */
  | { readonly kind: 'state'; readonly slots: readonly number[] }
  /** One communication round on the slot's learner; reply: a RemoteRoundReply. */
  | { readonly kind: 'mixRound'; readonly slot: number; readonly round: RemoteRound }
  /** A slot restored from a checkpoint; reply: its actor parameters. */
  | { readonly kind: 'load'; readonly slot: number; readonly state: WorkerSlotState }
  /** A replica of a slot's SAC core takes this whole state (models/sac-steps.ts). */
  | { readonly kind: 'replicaLoad'; readonly slot: number; readonly state: SacState }
  /** Gradient steps on replica cores, each job's in order; reply: a ReplicaReply per job. */
  | { readonly kind: 'replicaSteps'; readonly jobs: readonly ReplicaJob[] }
  /** Reply: each replica's SacState. */
  | { readonly kind: 'replicaState'; readonly slots: readonly number[] }
  /** PPO updates, each on the learner state it carries; reply: a PpoUpdateReply per job. */
  | { readonly kind: 'ppoUpdates'; readonly jobs: readonly PpoUpdateRequest[] }
  /** Stacked nets `id` (MA-PETS's planner, ma-pets/stacked-nets.ts) whose parameters are `params`, in shared memory. */
  | { readonly kind: 'stackedSetup'; readonly id: number; readonly sizes: readonly number[]; readonly nets: number; readonly native: boolean; readonly params: Float32Array }
  /** Nets [from, to) of stacked nets `id` on x into out (both in shared memory); reply: null. */
  | { readonly kind: 'stackedForward'; readonly id: number; readonly x: Float32Array; readonly out: Float32Array; readonly rows: number; readonly from: number; readonly to: number }
  /** Stacked nets `id` are no longer used. */
  | { readonly kind: 'stackedDrop'; readonly id: number };

/** A PPO learner's update as plain data: its whole state (RNG included) and the finished rollout; back: both. */
export type PpoUpdateRequest = Readonly<{ slot: number; state: PpoState; batch: RolloutBatch }>;
export type PpoUpdateReply = Readonly<{ state: PpoState; losses: PpoLosses }>;

/**
 * Gradient steps for the replica of a slot's core (the model-based learners keep their data and rollouts in the pool
 * thread and send the mini-batches): the batches in order, drawn from the RNG at the position `rng`.
 */
export interface ReplicaJob {
  readonly slot: number;
  readonly batches: readonly ReplayBatch[];
  readonly rng: readonly number[];
}

/** A replica's answer: an update's (its actor when a step changed it, each step's losses) and its RNG's position. */
export interface ReplicaReply extends Pick<UpdateReply, 'actor' | 'losses'> {
  readonly rng: readonly number[];
}

/** A world model's fit as plain data: the model's state, its data and the RNG it draws its mini-batches from. */
export interface ModelFitJob {
  readonly model: WorldModelState;
  readonly train: TransitionData;
  readonly heldOut: TransitionData;
  readonly rng: readonly number[];
}

export interface ModelFitReply {
  readonly model: WorldModelState;
  readonly rng: readonly number[];
  readonly fit: ModelFit;
}

export type LearnerReply = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };
