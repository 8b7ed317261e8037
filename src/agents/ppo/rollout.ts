// One learner's on-policy rollout (PPO paper Alg. 1: "run policy π_θold in environment for T timesteps"):
// preallocated Float32Arrays of what the update needs — observation, bounded action, its pre-tanh value u, log π_old(a|s),
// reward, V(s) at collection, and how the step ended. `finish` turns it into GAE advantages and returns; `clear` starts
// the next rollout. Nothing here touches tensors.
import { gae } from './gae.js';
import type { GaeResult } from './gae.js';

/** How an environment step ended for this learner. */
export type StepEnd =
  | { readonly kind: 'running' }
  /** s_{t+1} is terminal: no bootstrap (e.g. an episode that a crash ends). */
  | { readonly kind: 'terminated' }
  /** The episode was cut (horizon, the vehicle left): bootstrap from V of the real final observation. */
  | { readonly kind: 'truncated'; readonly finalValue: number };

export interface RolloutStep {
  readonly obs: Float32Array;
  /** The bounded action sent to the env [|A|]. */
  readonly action: Float32Array;
  /** u with a = scale ⊙ tanh(u) + offset [|A|]: stored so log π(a|s) needs no atanh at the bounds. */
  readonly preTanh: Float32Array;
  /** log π_old(a|s) at collection. */
  readonly logProb: number;
  readonly reward: number;
  /** V_φ(s) at collection. */
  readonly value: number;
  readonly end: StepEnd;
}

/** A finished rollout: the rows in order plus their advantages and value targets. */
export interface RolloutBatch extends GaeResult {
  readonly size: number;
  readonly obs: Float32Array;
  readonly actions: Float32Array;
  readonly preTanh: Float32Array;
  readonly logProbs: Float32Array;
  readonly values: Float32Array;
}

/** The rows collected so far (checkpoints: a rollout may be cut by the end of a run's chunk). */
export interface RolloutState {
  readonly size: number;
  readonly obs: Float32Array;
  readonly actions: Float32Array;
  readonly preTanh: Float32Array;
  readonly logProbs: Float32Array;
  readonly rewards: Float32Array;
  readonly values: Float32Array;
  readonly finalValues: Float32Array;
  readonly terminated: Float32Array;
  readonly ends: Float32Array;
}

const ROW_FIELDS = ['logProbs', 'rewards', 'values', 'finalValues', 'terminated', 'ends'] as const;

export class RolloutBuffer {
  readonly capacity: number;
  readonly obsDim: number;
  readonly actionDim: number;
  private readonly obs: Float32Array;
  private readonly actions: Float32Array;
  private readonly preTanh: Float32Array;
  private readonly logProbs: Float32Array;
  private readonly rewards: Float32Array;
  private readonly values: Float32Array;
  /** V(s_{t+1}) where it is not the next row's value (truncation); NaN elsewhere until `finish`. */
  private readonly finalValues: Float32Array;
  private readonly terminated: Float32Array;
  private readonly ends: Float32Array;
  private count = 0;

  constructor(capacity: number, obsDim: number, actionDim: number) {
    for (const [name, v] of [['capacity', capacity], ['obsDim', obsDim], ['actionDim', actionDim]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new RangeError(`RolloutBuffer ${name} must be a positive integer, got ${v}`);
    }
    this.capacity = capacity;
    this.obsDim = obsDim;
    this.actionDim = actionDim;
    this.obs = new Float32Array(capacity * obsDim);
    this.actions = new Float32Array(capacity * actionDim);
    this.preTanh = new Float32Array(capacity * actionDim);
    this.logProbs = new Float32Array(capacity);
    this.rewards = new Float32Array(capacity);
    this.values = new Float32Array(capacity);
    this.finalValues = new Float32Array(capacity).fill(Number.NaN);
    this.terminated = new Float32Array(capacity);
    this.ends = new Float32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count === this.capacity;
  }

  add(step: RolloutStep): void {
    if (this.full) throw new RangeError(`RolloutBuffer is full (${this.capacity} steps): finish and clear it first`);
    if (step.obs.length !== this.obsDim) throw new RangeError(`RolloutBuffer obs has ${step.obs.length} values, expected ${this.obsDim}`);
    if (step.action.length !== this.actionDim || step.preTanh.length !== this.actionDim) throw new RangeError(`RolloutBuffer action/preTanh need ${this.actionDim} values, got ${step.action.length}/${step.preTanh.length}`);
    const t = this.count;
    this.obs.set(step.obs, t * this.obsDim);
    this.actions.set(step.action, t * this.actionDim);
    this.preTanh.set(step.preTanh, t * this.actionDim);
    this.logProbs[t] = step.logProb;
    this.rewards[t] = step.reward;
    this.values[t] = step.value;
    this.terminated[t] = step.end.kind === 'terminated' ? 1 : 0;
    this.ends[t] = step.end.kind === 'running' ? 0 : 1;
    this.finalValues[t] = step.end.kind === 'truncated' ? step.end.finalValue : Number.NaN;
    this.count += 1;
  }

  /**
   * Advantages and returns of the rows so far. `lastValue` = V(s_T) of the observation after the last row, used when
   * the rollout was cut inside an episode (ignored when the last row ended its episode).
   */
  finish(lastValue: number, gamma: number, lambda: number): RolloutBatch {
    const n = this.count;
    if (n === 0) throw new RangeError('RolloutBuffer.finish on an empty rollout');
    const nextValues = new Float32Array(n);
    for (let t = 0; t < n; t++) {
      const cutHere = t === n - 1 && this.ends[t] === 0;
      nextValues[t] = this.ends[t] === 1 ? (this.terminated[t] === 1 ? 0 : (this.finalValues[t] as number)) : cutHere ? lastValue : (this.values[t + 1] as number);
    }
    const rewards = this.rewards.slice(0, n);
    const values = this.values.slice(0, n);
    const result = gae({ rewards, values, nextValues, terminated: this.terminated.slice(0, n), ends: this.ends.slice(0, n) }, gamma, lambda);
    return { ...this.rows(n), values, ...result };
  }

  clear(): void {
    this.count = 0;
    this.finalValues.fill(Number.NaN);
  }

  state(): RolloutState {
    const n = this.count;
    return {
      ...this.rows(n),
      rewards: this.rewards.slice(0, n),
      values: this.values.slice(0, n),
      finalValues: this.finalValues.slice(0, n),
      terminated: this.terminated.slice(0, n),
      ends: this.ends.slice(0, n),
    };
  }

  /** Restores what `state()` returned (same capacity and widths). */
  loadState(state: RolloutState): void {
    const n = state.size;
    if (!Number.isInteger(n) || n < 0 || n > this.capacity) throw new RangeError(`RolloutBuffer state holds ${n} rows, capacity is ${this.capacity}`);
    if (state.obs.length !== n * this.obsDim || state.actions.length !== n * this.actionDim || state.preTanh.length !== n * this.actionDim || ROW_FIELDS.some((k) => state[k].length !== n)) {
      throw new RangeError(`RolloutBuffer state: arrays do not match ${n} rows of ${this.obsDim} observation and ${this.actionDim} action values`);
    }
    this.clear();
    this.obs.set(state.obs);
    this.actions.set(state.actions);
    this.preTanh.set(state.preTanh);
    for (const k of ROW_FIELDS) this[k].set(state[k]);
    this.count = n;
  }

  /** Copies of the first `n` rows' observations, actions and log-probabilities (what `finish` and `state` both return). */
  private rows(n: number): Pick<RolloutState, 'size' | 'obs' | 'actions' | 'preTanh' | 'logProbs'> {
    return {
      size: n,
      obs: this.obs.slice(0, n * this.obsDim),
      actions: this.actions.slice(0, n * this.actionDim),
      preTanh: this.preTanh.slice(0, n * this.actionDim),
      logProbs: this.logProbs.slice(0, n),
    };
  }
}
