// Messages between an AgentPool and its learner worker threads (learner-workers.ts ↔ learner-worker.ts). Requests
// go one way in order; only `call`s are answered (one reply at a time), `post`s are not (their errors come back
// with the next reply).
import type { ReplayState } from './replay.js';
import type { SacConfig } from './sac/config.js';
import type { AgentSpaces } from './controller.js';
import type { SacLosses, SacState, SacWeights } from './sac/sac.js';
import type { BackendName } from '../nn/backend.js';

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

/** One slot's answer to an 'update': its actor after the steps and each step's losses, in order. */
export interface UpdateReply {
  /** The slot's actor after the steps; null when none of them changed it (critic-only steps, issue 16). */
  readonly actor: Float32Array | null;
  readonly losses: readonly SacLosses[];
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
  /** `steps` gradient steps per slot; reply: an UpdateReply per slot. */
  | { readonly kind: 'update'; readonly due: readonly (readonly [slot: number, steps: number])[] }
  /** Reply: WorkerSlotState per slot. */
  | { readonly kind: 'state'; readonly slots: readonly number[] }
  /** A slot restored from a checkpoint; reply: its actor parameters. */
  | { readonly kind: 'load'; readonly slot: number; readonly state: WorkerSlotState };

export type LearnerReply = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };
