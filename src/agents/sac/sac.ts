// The shared SAC core (Haarnoja et al. 2018; RSM-MASAC Sec. III-B, eqs. 6–9, Alg. 1 l. 12–18): a tanh-squashed
// Gaussian actor, twin soft Q networks with Polyak-averaged targets, and an automatically tuned temperature α.
// Algorithms hold one core per learner (no inheritance); scheduling (when to update) is the controller's job.
import * as tf from '@tensorflow/tfjs';
import { ShapeMismatchError } from '../../nn/errors.js';
import { getFlatParams, parameterCount, setFlatParams } from '../../nn/flat-params.js';
import { Mlp } from '../../nn/mlp.js';
import { fillGaussian, isRestorable, uniform } from '../../nn/random.js';
import type { UniformSource } from '../../nn/random.js';
import { SquashedGaussian } from '../../nn/squashed-gaussian.js';
import type { ReplayBatch } from '../replay.js';
import { adamState, restoreAdam } from './adam-state.js';
import type { AdamState } from './adam-state.js';
import { resolveSacConfig } from './config.js';
import type { SacConfig, SacSpaces } from './config.js';

/** Losses of one `update` (means over the batch). Actor and α losses are null when the policy update was delayed. */
export interface SacLosses {
  /** J_Q(ω1) + J_Q(ω2), eq. (6). */
  readonly critic: number;
  /** J_π(θ), eq. (7). */
  readonly actor: number | null;
  /** J(α), eq. (9); null when α is fixed. */
  readonly alpha: number | null;
  /** α after this update. */
  readonly alphaValue: number;
}

/** All network weights of a core, for checkpoints (Adam moments are not included). */
export interface SacWeights {
  readonly actor: Float32Array;
  readonly critic1: Float32Array;
  readonly critic2: Float32Array;
  readonly target1: Float32Array;
  readonly target2: Float32Array;
  readonly logAlpha: number;
  readonly updates: number;
}

export class SacCore {
  readonly config: SacConfig;
  readonly obsDim: number;
  readonly actionDim: number;
  readonly actor: Mlp;
  readonly critic1: Mlp;
  readonly critic2: Mlp;
  readonly target1: Mlp;
  readonly target2: Mlp;
  readonly policy: SquashedGaussian;
  /** H̄ of eq. (9). */
  readonly targetEntropy: number;
  /** log α: optimising the log keeps α > 0 (as CleanRL and SB3 do). */
  private readonly logAlpha: tf.Variable<tf.Rank.R0>;
  private readonly actorOptimizer: tf.AdamOptimizer;
  private readonly criticOptimizer: tf.AdamOptimizer;
  private readonly alphaOptimizer: tf.AdamOptimizer;
  private readonly rng: UniformSource;
  private updates = 0;

  constructor(spaces: SacSpaces, config: Partial<SacConfig>, rng: UniformSource) {
    this.config = resolveSacConfig(config);
    this.rng = rng;
    this.obsDim = spaces.obsDim;
    this.policy = new SquashedGaussian(spaces.actionBounds);
    this.actionDim = this.policy.actionDim;
    const mode = { matMulMode: this.config.matMulMode };
    const criticSizes = [this.obsDim + this.actionDim, ...this.config.criticHidden, 1];
    // Alg. 1 l. 1–2: θ, ω1, ω2 initialised independently, then ω̄x ← ωx.
    this.actor = Mlp.create([this.obsDim, ...this.config.actorHidden, this.policy.headSize], rng, mode);
    this.critic1 = Mlp.create(criticSizes, rng, mode);
    this.critic2 = Mlp.create(criticSizes, rng, mode);
    this.target1 = Mlp.create(criticSizes, rng, mode);
    this.target2 = Mlp.create(criticSizes, rng, mode);
    this.target1.copyFrom(this.critic1);
    this.target2.copyFrom(this.critic2);
    this.targetEntropy = this.config.targetEntropy ?? -this.actionDim;
    const initialAlpha = this.config.alpha === 'auto' ? this.config.initialAlpha : this.config.alpha;
    // α = 0 (fixed) would make log α = −∞; exp(−∞) = 0 is still what the losses need.
    this.logAlpha = tf.variable(tf.scalar(Math.log(initialAlpha)));
    const { adamEpsilon } = this.config;
    this.actorOptimizer = tf.train.adam(this.config.actorLr, 0.9, 0.999, adamEpsilon);
    this.criticOptimizer = tf.train.adam(this.config.criticLr, 0.9, 0.999, adamEpsilon);
    this.alphaOptimizer = tf.train.adam(this.config.alphaLr, 0.9, 0.999, adamEpsilon);
  }

  /** Current temperature α. */
  get alpha(): number {
    return Math.exp(this.logAlpha.dataSync()[0] ?? Number.NaN);
  }

  /** Gradient steps taken so far. */
  get updateCount(): number {
    return this.updates;
  }

  /**
   * Actions for a batch of observations, row-major [n·obsDim] → [n·|A|], in the action bounds: sampled from
   * π(·|s) (training) or the mean action tanh(μ) (deterministic, evaluation). One forward pass for all n.
   */
  act(obs: Float32Array, deterministic: boolean): Float32Array {
    const n = this.rows(obs, 'act observations');
    const noise = deterministic ? null : fillGaussian(this.rng, new Float32Array(n * this.actionDim));
    const out = tf.tidy(() => {
      const head = this.actor.apply(tf.tensor2d(obs, [n, this.obsDim]));
      return noise === null ? this.policy.mode(head) : this.policy.sampleAction(head, tf.tensor2d(noise, [n, this.actionDim]));
    });
    try {
      // A copy: some backends hand out their own storage.
      return Float32Array.from(out.dataSync());
    } finally {
      out.dispose();
    }
  }

  /** n actions uniform in the bounds (exploration before `learningStarts`). */
  randomActions(n: number): Float32Array {
    const out = new Float32Array(n * this.actionDim);
    const { low, high } = this.policy.bounds;
    for (let i = 0; i < out.length; i++) {
      const d = i % this.actionDim;
      out[i] = uniform(this.rng, low[d] ?? -1, high[d] ?? 1);
    }
    return out;
  }

  /** One gradient step on a mini-batch Φ (Alg. 1 l. 13–18): critics, then (every e steps) actor, α, targets. */
  update(batch: ReplayBatch): SacLosses {
    const n = batch.size;
    const { obsDim, actionDim, config } = this;
    if (batch.obs.length !== n * obsDim || batch.nextObs.length !== n * obsDim) throw new ShapeMismatchError('batch observations', n * obsDim, batch.obs.length);
    if (batch.actions.length !== n * actionDim) throw new ShapeMismatchError('batch actions', n * actionDim, batch.actions.length);
    const noiseNext = fillGaussian(this.rng, new Float32Array(n * actionDim));
    const policyStep = this.updates % config.policyDelay === 0;
    const noisePi = policyStep ? fillGaussian(this.rng, new Float32Array(n * actionDim)) : null;
    const autoAlpha = config.alpha === 'auto';
    const actorVars = this.actor.variables;
    const criticVars = [...this.critic1.variables, ...this.critic2.variables];
    let critic = Number.NaN;
    let actor: number | null = null;
    let alpha: number | null = null;
    // E[log π] of the actor step, kept out of minimize's scope for the α step (a holder: TS cannot see closure writes).
    const kept: { logPiMean?: tf.Scalar } = {};
    try {
      tf.tidy(() => {
        const obs = tf.tensor2d(batch.obs, [n, obsDim]);
        const actions = tf.tensor2d(batch.actions, [n, actionDim]);
        const rewards = tf.tensor1d(batch.rewards);
        const nextObs = tf.tensor2d(batch.nextObs, [n, obsDim]);
        const notDone = tf.sub(1, tf.tensor1d(batch.terminated));
        const alphaNow = tf.exp(this.logAlpha);

        // Soft target Q̂ = r + γ(1 − d)[min_x Q_ω̄x(s', a') − α log π(a'|s')], a' ~ π(·|s') (eq. 6). No tape here.
        const next = this.policy.sample(this.actor.apply(nextObs), tf.tensor2d(noiseNext, [n, actionDim]));
        const nextIn = tf.concat([nextObs, next.action], 1);
        const qNext = tf.minimum(this.target1.apply(nextIn), this.target2.apply(nextIn)).reshape([n]);
        const target = tf.add(rewards, tf.mul(tf.mul(notDone, config.gamma), tf.sub(qNext, tf.mul(alphaNow, next.logProb))));

        // Critics: J_Q(ωx) = ½ E[(Q_ωx(s, a) − Q̂)²] for x = 1, 2, one optimiser over both (Alg. 1 l. 13).
        const criticIn = tf.concat([obs, actions], 1);
        const criticLoss = this.criticOptimizer.minimize(
          () => {
            const q1 = this.critic1.apply(criticIn, { input: false, weights: true }).reshape([n]);
            const q2 = this.critic2.apply(criticIn, { input: false, weights: true }).reshape([n]);
            return tf.mul(tf.add(tf.mean(tf.squaredDifference(q1, target)), tf.mean(tf.squaredDifference(q2, target))), 0.5);
          },
          true,
          criticVars,
        );
        critic = criticLoss?.dataSync()[0] ?? Number.NaN;
        if (noisePi === null) return;

        // Actor: J_π(θ) = E[α log π(a|s) − min_x Q_ωx(s, a)], a = f_θ(s; δ) reparameterised (eqs. 7–8, l. 15).
        // The critics' weights get no gradient here (they are not optimised by this loss).
        const actorLoss = this.actorOptimizer.minimize(
          () => {
            const pi = this.policy.sample(this.actor.apply(obs, { input: false, weights: true }), tf.tensor2d(noisePi, [n, actionDim]));
            kept.logPiMean = tf.keep(tf.mean<tf.Scalar>(pi.logProb));
            const piIn = tf.concat([obs, pi.action], 1);
            const frozen = { input: true, weights: false };
            const q = tf.minimum(this.critic1.apply(piIn, frozen), this.critic2.apply(piIn, frozen)).reshape([n]);
            return tf.mean(tf.sub(tf.mul(alphaNow, pi.logProb), q));
          },
          true,
          actorVars,
        );
        actor = actorLoss?.dataSync()[0] ?? Number.NaN;

        // Temperature: J(α) = −α (E[log π(a|s)] + H̄) with a from the pre-update actor (eq. 9, l. 16).
        const gap = kept.logPiMean;
        if (autoAlpha && gap !== undefined) {
          const alphaLoss = this.alphaOptimizer.minimize(() => tf.neg(tf.mul<tf.Scalar>(tf.exp(this.logAlpha), tf.add(gap, this.targetEntropy))), true, [this.logAlpha]);
          alpha = alphaLoss?.dataSync()[0] ?? Number.NaN;
        }

        // Targets: ω̄x ← ϱ ωx + (1 − ϱ) ω̄x (l. 17).
        polyak(this.target1, this.critic1, config.tau);
        polyak(this.target2, this.critic2, config.tau);
      });
    } finally {
      kept.logPiMean?.dispose();
    }
    this.updates += 1;
    return { critic, actor, alpha, alphaValue: this.alpha };
  }

  /** Number of actor parameters (68,098 for 6 → 256 → 256 → 2). */
  get actorParameterCount(): number {
    return parameterCount(this.actor.variables);
  }

  /** The actor's parameters θ as one vector (what the communicating algorithms exchange and mix). */
  getActorParams(out?: Float32Array): Float32Array {
    return getFlatParams(this.actor.variables, out);
  }

  setActorParams(flat: Float32Array): void {
    setFlatParams(this.actor.variables, flat);
  }

  /** A copy of all weights (for checkpoints and determinism checks). */
  weights(): SacWeights {
    return {
      actor: getFlatParams(this.actor.variables),
      critic1: getFlatParams(this.critic1.variables),
      critic2: getFlatParams(this.critic2.variables),
      target1: getFlatParams(this.target1.variables),
      target2: getFlatParams(this.target2.variables),
      logAlpha: this.logAlpha.dataSync()[0] ?? Number.NaN,
      updates: this.updates,
    };
  }

  loadWeights(weights: SacWeights): void {
    setFlatParams(this.actor.variables, weights.actor);
    setFlatParams(this.critic1.variables, weights.critic1);
    setFlatParams(this.critic2.variables, weights.critic2);
    setFlatParams(this.target1.variables, weights.target1);
    setFlatParams(this.target2.variables, weights.target2);
    tf.tidy(() => this.logAlpha.assign(tf.scalar(weights.logAlpha)));
    this.updates = weights.updates;
  }

  dispose(): void {
    for (const net of [this.actor, this.critic1, this.critic2, this.target1, this.target2]) net.dispose();
    this.logAlpha.dispose();
    this.policy.dispose();
    this.actorOptimizer.dispose();
    this.criticOptimizer.dispose();
    this.alphaOptimizer.dispose();
  }

  private rows(obs: Float32Array, what: string): number {
    const n = obs.length / this.obsDim;
    if (!Number.isInteger(n)) throw new ShapeMismatchError(`${what} (a multiple of ${this.obsDim})`, Math.ceil(n) * this.obsDim, obs.length);
    return n;
  }

  /** Everything needed to continue training exactly: weights, the three Adam optimisers, the RNG's position. */
  async state(): Promise<SacState> {
    return {
      weights: this.weights(),
      actorOptimizer: await adamState(this.actorOptimizer),
      criticOptimizer: await adamState(this.criticOptimizer),
      alphaOptimizer: await adamState(this.alphaOptimizer),
      rng: isRestorable(this.rng) ? this.rng.state() : null,
    };
  }

  /** Restores what `state()` returned (same spaces and network sizes). */
  async loadState(state: SacState): Promise<void> {
    this.loadWeights(state.weights);
    await restoreAdam(this.actorOptimizer, this.actor.variables, state.actorOptimizer);
    await restoreAdam(this.criticOptimizer, [...this.critic1.variables, ...this.critic2.variables], state.criticOptimizer);
    await restoreAdam(this.alphaOptimizer, [this.logAlpha], state.alphaOptimizer);
    if (state.rng === null) return;
    if (!isRestorable(this.rng)) throw new RangeError('SacCore.loadState: the state has an RNG position but this core\'s RNG cannot be restored');
    this.rng.restore(state.rng);
  }
}

/** A core's full training state (SacCore.state()). */
export interface SacState {
  readonly weights: SacWeights;
  readonly actorOptimizer: AdamState;
  readonly criticOptimizer: AdamState;
  readonly alphaOptimizer: AdamState;
  /** The core's RNG words; null when its source cannot export them. */
  readonly rng: readonly number[] | null;
}

/** target ← τ·source + (1 − τ)·target, variable by variable. */
function polyak(target: Mlp, source: Mlp, tau: number): void {
  const s = source.variables;
  target.variables.forEach((v, i) => {
    v.assign(tf.add(tf.mul(v, 1 - tau), tf.mul(s[i] as tf.Variable, tau)));
  });
}
