// Ring-buffer experience replay (RSM-MASAC Alg. 1 l. 11–12: store ⟨s, a, r, s'⟩, sample a mini-batch Φ).
// Fixed-size typed arrays allocated once; the oldest transition is overwritten when full (as SB3's ReplayBuffer).
// Only `terminated` is stored: a time-limit truncation is not a terminal state, so the runner stores the real
// final observation as s' and terminated = false (CleanRL's "CRUCIAL" note, SB3 handle_timeout_termination).
import { freemem } from 'node:os';
import { CavlabError } from '../errors.js';
import { uniformInt } from '../nn/random.js';
import type { UniformSource } from '../nn/random.js';

export interface ReplaySpec {
  /** |D|, number of transitions kept (RSM-MASAC Table IV: 10^5). */
  readonly capacity: number;
  readonly obsDim: number;
  readonly actionDim: number;
}

/** Transitions column by column, row-major: obs [n·obsDim], actions [n·actionDim], rewards [n], nextObs, terminated (0/1). */
export interface ReplayColumns {
  readonly size: number;
  readonly obs: Float32Array;
  readonly actions: Float32Array;
  readonly rewards: Float32Array;
  readonly nextObs: Float32Array;
  readonly terminated: Float32Array;
  /**
   * log π_b(a|s) of the policy that chose each action, stored at collection (NaN where unknown). RSM-MASAC's
   * advantage weights by it (public code: the action's log-prob kept in the buffer); SAC's update ignores it.
   * Absent in checkpoints written before the column existed (read as NaN).
   */
  readonly behaviourLogProb?: Float32Array;
}

/** A mini-batch Φ of `size` transitions. */
export type ReplayBatch = ReplayColumns;

/** What a checkpoint needs to restore the buffer exactly: the whole arrays (capacity rows), `size` of them filled. */
export interface ReplayState extends ReplaySpec, ReplayColumns {
  readonly position: number;
}

export class ReplayError extends CavlabError {}

export interface ReplayOptions {
  /** Where the out-of-memory warning goes (default: process.emitWarning). */
  readonly warn?: (message: string) => void;
  /** Free memory in bytes (default: os.freemem). */
  readonly freeBytes?: () => number;
}

// One line per process is enough: nine learners with the same buffer size would say the same thing nine times.
let memoryWarningShown = false;

export class ReplayBuffer {
  readonly capacity: number;
  readonly obsDim: number;
  readonly actionDim: number;
  private readonly obs: Float32Array;
  private readonly actions: Float32Array;
  private readonly rewards: Float32Array;
  private readonly nextObs: Float32Array;
  private readonly terminated: Float32Array;
  private readonly behaviourLogProb: Float32Array;
  /** Index the next transition is written to. */
  private position = 0;
  private count = 0;

  constructor(spec: ReplaySpec, options: ReplayOptions = {}) {
    for (const key of ['capacity', 'obsDim', 'actionDim'] as const) {
      if (!Number.isInteger(spec[key]) || spec[key] < 1) throw new RangeError(`replay ${key} must be a positive integer, got ${spec[key]}`);
    }
    this.capacity = spec.capacity;
    this.obsDim = spec.obsDim;
    this.actionDim = spec.actionDim;
    const bytes = ReplayBuffer.bytesFor(spec);
    const free = (options.freeBytes ?? freemem)();
    if (bytes > free && !memoryWarningShown) {
      memoryWarningShown = true;
      const warn = options.warn ?? ((message: string) => process.emitWarning(message, 'CavlabReplayWarning'));
      warn(`replay buffer needs ${(bytes / 2 ** 20).toFixed(0)} MiB but only ${(free / 2 ** 20).toFixed(0)} MiB are free`);
    }
    this.obs = new Float32Array(spec.capacity * spec.obsDim);
    this.actions = new Float32Array(spec.capacity * spec.actionDim);
    this.rewards = new Float32Array(spec.capacity);
    this.nextObs = new Float32Array(spec.capacity * spec.obsDim);
    this.terminated = new Float32Array(spec.capacity);
    this.behaviourLogProb = new Float32Array(spec.capacity).fill(Number.NaN);
  }

  /** Bytes the arrays of a buffer of this shape take (float32). */
  static bytesFor(spec: ReplaySpec): number {
    return 4 * spec.capacity * (2 * spec.obsDim + spec.actionDim + 3);
  }

  /** Number of transitions stored (≤ capacity). */
  get size(): number {
    return this.count;
  }

  /** Stores one transition; `behaviourLogProb` is log π_b(a|s) of the acting policy (NaN when unknown). */
  add(obs: ArrayLike<number>, action: ArrayLike<number>, reward: number, nextObs: ArrayLike<number>, terminated: boolean, behaviourLogProb = Number.NaN): void {
    if (obs.length !== this.obsDim || nextObs.length !== this.obsDim) {
      throw new ReplayError(`replay add: observation length ${obs.length}/${nextObs.length}, buffer expects ${this.obsDim}`);
    }
    if (action.length !== this.actionDim) throw new ReplayError(`replay add: action length ${action.length}, buffer expects ${this.actionDim}`);
    const i = this.position;
    this.obs.set(obs, i * this.obsDim);
    this.actions.set(action, i * this.actionDim);
    this.rewards[i] = reward;
    this.nextObs.set(nextObs, i * this.obsDim);
    this.terminated[i] = terminated ? 1 : 0;
    this.behaviourLogProb[i] = behaviourLogProb;
    this.position = (i + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  /** `batchSize` transitions drawn uniformly with replacement (as SB3 and CleanRL), from `rng` only. */
  sample(batchSize: number, rng: UniformSource): ReplayBatch {
    if (this.count === 0) throw new ReplayError('replay sample: the buffer is empty');
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`replay batch size must be a positive integer, got ${batchSize}`);
    return this.gather(batchSize, () => uniformInt(rng, this.count));
  }

  /**
   * The `count` most recently stored transitions (fewer if the buffer holds fewer), newest first. RSM-MASAC
   * estimates a referential policy's advantage on an agent's own recent samples (algorithms.md, Alg. 2 l. 5).
   */
  recent(count: number): ReplayBatch {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`replay recent count must be a positive integer, got ${count}`);
    return this.gather(Math.min(count, this.count), (k) => (this.position - 1 - k + this.capacity) % this.capacity);
  }

  /** A batch of `n` stored transitions; row k is transition `index(k)`. */
  private gather(n: number, index: (k: number) => number): ReplayBatch {
    const { obsDim, actionDim } = this;
    const batch = {
      size: n,
      obs: new Float32Array(n * obsDim),
      actions: new Float32Array(n * actionDim),
      rewards: new Float32Array(n),
      nextObs: new Float32Array(n * obsDim),
      terminated: new Float32Array(n),
      behaviourLogProb: new Float32Array(n),
    };
    for (let k = 0; k < n; k++) {
      const i = index(k);
      batch.obs.set(this.obs.subarray(i * obsDim, (i + 1) * obsDim), k * obsDim);
      batch.actions.set(this.actions.subarray(i * actionDim, (i + 1) * actionDim), k * actionDim);
      batch.rewards[k] = this.rewards[i] ?? 0;
      batch.nextObs.set(this.nextObs.subarray(i * obsDim, (i + 1) * obsDim), k * obsDim);
      batch.terminated[k] = this.terminated[i] ?? 0;
      batch.behaviourLogProb[k] = this.behaviourLogProb[i] ?? Number.NaN;
    }
    return batch;
  }

  /** A copy of the buffer's contents for a checkpoint (only the filled part). */
  state(): ReplayState {
    const n = this.count;
    return {
      capacity: this.capacity,
      obsDim: this.obsDim,
      actionDim: this.actionDim,
      position: this.position,
      size: n,
      obs: this.obs.slice(0, n * this.obsDim),
      actions: this.actions.slice(0, n * this.actionDim),
      rewards: this.rewards.slice(0, n),
      nextObs: this.nextObs.slice(0, n * this.obsDim),
      terminated: this.terminated.slice(0, n),
      behaviourLogProb: this.behaviourLogProb.slice(0, n),
    };
  }

  static fromState(state: ReplayState): ReplayBuffer {
    const buffer = new ReplayBuffer(state);
    const n = state.size;
    if (n > state.capacity || state.position >= state.capacity || state.obs.length !== n * state.obsDim || state.rewards.length !== n) {
      throw new ReplayError(`replay state is inconsistent (size ${n}, position ${state.position}, capacity ${state.capacity})`);
    }
    buffer.obs.set(state.obs);
    buffer.actions.set(state.actions);
    buffer.rewards.set(state.rewards);
    buffer.nextObs.set(state.nextObs);
    buffer.terminated.set(state.terminated);
    if (state.behaviourLogProb !== undefined) buffer.behaviourLogProb.set(state.behaviourLogProb);
    buffer.position = state.position;
    buffer.count = n;
    return buffer;
  }
}
