// The shared SAC core (Haarnoja et al. 2018; RSM-MASAC Sec. III-B, eqs. 6–9, Alg. 1 l. 12–18): a tanh-squashed
// Gaussian actor, twin soft Q networks with Polyak-averaged targets, and an automatically tuned temperature α.
// Algorithms hold one core per learner (no inheritance); scheduling (when to update) is the controller's job.
import * as tf from '@tensorflow/tfjs';
import { ShapeMismatchError } from '../../nn/errors.js';
import { FlatAdam } from '../../nn/flat-adam.js';
import { getFlatParams, parameterCount, setFlatParams } from '../../nn/flat-params.js';
import { Mlp } from '../../nn/mlp.js';
import { loadNativeBlas } from '../../nn/native-blas.js';
import { nativeMatMulInstalled } from '../../nn/native-kernels.js';
import { polyakUpdate } from '../../nn/polyak.js';
import { fillGaussian, isRestorable, uniform } from '../../nn/random.js';
import type { UniformSource } from '../../nn/random.js';
import { SquashedGaussian } from '../../nn/squashed-gaussian.js';
import type { ReplayBatch } from '../replay.js';
import type { FlatAdamState } from '../../nn/flat-adam.js';
import { clipGradients } from './clip.js';
import { effectiveSchedule, resolveSacConfig } from './config.js';
import { DirectSacGradients } from './direct-update.js';
import { TfjsSacGradients, applyStep } from './gradients.js';
import type { GradientStep, SacGradients } from './gradients.js';
import type { SacConfig } from './config.js';
import type { AgentSpaces } from '../controller.js';

/** Adam's β1, β2: PyTorch's (and tfjs's) defaults, which the papers' code uses. */
const ADAM_BETA1 = 0.9;
const ADAM_BETA2 = 0.999;

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
  /** Policy entropy −E[log π(a|s)] on the batch (pre-update actor); null when the policy update was delayed. */
  readonly entropy: number | null;
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
  // One flat Adam per loss (src/nn/flat-adam.ts): a loop over all parameters instead of ~10 kernels per variable.
  private readonly actorOptimizer: FlatAdam;
  private readonly criticOptimizer: FlatAdam;
  private readonly alphaOptimizer: FlatAdam;
  private readonly criticVariables: readonly tf.Variable[];
  /** The two ways to compute gradients, each made on first use (see gradients()). */
  private directGradients: DirectSacGradients | null = null;
  private tfjsGradients: TfjsSacGradients | null = null;
  private readonly rng: UniformSource;
  private updates = 0;
  private actorChanges = 0;

  constructor(spaces: AgentSpaces, config: Partial<SacConfig>, rng: UniformSource) {
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
    this.logAlpha = tf.tidy(() => tf.variable(tf.scalar(Math.log(initialAlpha))));
    const adam = { beta1: ADAM_BETA1, beta2: ADAM_BETA2, epsilon: this.config.adamEpsilon };
    this.criticVariables = [...this.critic1.variables, ...this.critic2.variables];
    this.actorOptimizer = new FlatAdam(this.actor.variables, { ...adam, learningRate: this.config.actorLr });
    this.criticOptimizer = new FlatAdam(this.criticVariables, { ...adam, learningRate: this.config.criticLr });
    this.alphaOptimizer = new FlatAdam([this.logAlpha], { ...adam, learningRate: this.config.alphaLr });
  }

  /** Current temperature α. */
  get alpha(): number {
    return Math.exp(this.logAlpha.dataSync()[0] ?? Number.NaN);
  }

  /** Gradient steps taken so far. */
  get updateCount(): number {
    return this.updates;
  }

  /** Changes whenever the actor's parameters may have changed (a policy step, setActorParams, loadWeights/loadState). */
  get actorVersion(): number {
    return this.actorChanges;
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

  /**
   * One gradient step on a mini-batch Φ (Alg. 1 l. 13–18): critics, then (every e steps) actor, α, targets. The
   * other steps are critic-only (criticStep): no actor, α or target work, and the actor version stays.
   */
  update(batch: ReplayBatch): SacLosses {
    const n = batch.size;
    const { obsDim, actionDim } = this;
    if (batch.obs.length !== n * obsDim || batch.nextObs.length !== n * obsDim) throw new ShapeMismatchError('batch observations', n * obsDim, batch.obs.length);
    if (batch.actions.length !== n * actionDim) throw new ShapeMismatchError('batch actions', n * actionDim, batch.actions.length);
    const policyStep = this.updates % effectiveSchedule(this.config).policyDelay === 0;
    const alphaNow = this.alpha;
    // Noise in the order the RNG has always been drawn: a′ for the target, then a for the actor loss.
    const noiseNext = fillGaussian(this.rng, new Float32Array(n * actionDim));
    const noisePi = policyStep ? fillGaussian(this.rng, new Float32Array(n * actionDim)) : null;
    const critic = this.criticStep(batch, noiseNext, alphaNow);
    this.updates += 1;
    if (noisePi === null) return { critic, actor: null, alpha: null, alphaValue: alphaNow, entropy: null };
    const policy = this.policyStep(batch.obs, noisePi, n, alphaNow);
    this.actorChanges += 1;
    return { critic, ...policy, alphaValue: this.alpha };
  }

  /** Critics: J_Q(ωx) = ½ E[(Q_ωx(s, a) − Q̂)²] for x = 1, 2, one optimiser over both (Alg. 1 l. 13); the loss. */
  private criticStep(batch: ReplayBatch, noiseNext: Float32Array, alphaNow: number): number {
    const step = this.gradients(batch.size).critic(batch, noiseNext, alphaNow, this.config.gamma);
    return applyStep(this.criticOptimizer, this.clipCritics(step)).loss;
  }

  /** The delayed part of an update (Alg. 1 l. 14–17): actor, α, targets. */
  private policyStep(obs: Float32Array, noisePi: Float32Array, n: number, alphaNow: number): Pick<SacLosses, 'actor' | 'alpha' | 'entropy'> {
    const { config } = this;
    // Actor: J_π(θ) = E[α log π(a|s) − min_x Q_ωx(s, a)], a = f_θ(s; δ) reparameterised (eqs. 7–8, l. 15).
    const actorStep = applyStep(this.actorOptimizer, this.clip(this.gradients(n).actor(obs, noisePi, n, alphaNow)));
    let alpha: number | null = null;
    // Temperature: J(α) = −α (E[log π(a|s)] + H̄) with a from the pre-update actor (eq. 9, l. 16);
    // ∂J/∂log α = −α (E[log π] + H̄), one scalar: no tensors needed.
    if (config.alpha === 'auto') {
      const gap = actorStep.logPiMean + this.targetEntropy;
      alpha = -alphaNow * gap;
      this.alphaOptimizer.step([Float32Array.of(-alphaNow * gap)]);
    }
    // Targets: ω̄x ← ϱ ωx + (1 − ϱ) ω̄x (l. 17).
    polyakUpdate(this.target1.variables, this.critic1.variables, config.tau);
    polyakUpdate(this.target2.variables, this.critic2.variables, config.tau);
    return { actor: actorStep.loss, alpha, entropy: -actorStep.logPiMean };
  }

  /** The actor's step with its gradient norm clipped (gradClipNorm; the code's actor loss has cavlab's scale). */
  private clip(step: GradientStep): GradientStep {
    const max = this.config.gradClipNorm;
    return max === null ? step : { ...step, grads: clipGradients(step.grads, max) };
  }

  /**
   * The critics' step with each critic's gradient clipped on its own (the code clips critic_1 and critic_2 apart).
   * cavlab differentiates ½(MSE₁ + MSE₂); the code MSEₓ alone, whose gradient is twice as large: unit 2.
   */
  private clipCritics(step: GradientStep): GradientStep {
    const max = this.config.gradClipNorm;
    if (max === null) return step;
    const split = this.critic1.variables.length;
    const grads = [...clipGradients(step.grads.slice(0, split), max, 2), ...clipGradients(step.grads.slice(split), max, 2)];
    return { ...step, grads };
  }

  /**
   * Where the gradients come from: without the tfjs engine (direct-update.ts) when the OpenBLAS kernels serve
   * wasm and the config allows it — same math, about half the time of ~450 tfjs kernels — else tfjs autodiff.
   */
  private gradients(rows: number): SacGradients {
    const nets = { actor: this.actor, critic1: this.critic1, critic2: this.critic2, target1: this.target1, target2: this.target2 };
    const loaded = this.config.updatePath === 'auto' && tf.getBackend() === 'wasm' && nativeMatMulInstalled() ? loadNativeBlas() : null;
    if (loaded?.ok !== true) {
      this.tfjsGradients ??= new TfjsSacGradients(nets, this.policy, this.config.twinCritics);
      return this.tfjsGradients;
    }
    if (this.directGradients === null || this.directGradients.maxRows < rows) {
      this.directGradients = new DirectSacGradients(loaded.blas, nets, this.policy.bounds, Math.max(rows, this.config.batchSize), this.config.twinCritics);
    }
    return this.directGradients;
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
    this.actorChanges += 1;
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
    this.actorChanges += 1;
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
  }

  private rows(obs: Float32Array, what: string): number {
    const n = obs.length / this.obsDim;
    if (!Number.isInteger(n)) throw new ShapeMismatchError(`${what} (a multiple of ${this.obsDim})`, Math.ceil(n) * this.obsDim, obs.length);
    return n;
  }

  /** Everything needed to continue training exactly: weights, the three Adam optimisers, the RNG's position. */
  async state(): Promise<SacState> {
    return this.snapshot();
  }

  /** state(), synchronously (the model-based learners' replica cores, models/sac-steps.ts). */
  snapshot(): SacState {
    return {
      weights: this.weights(),
      actorOptimizer: this.actorOptimizer.state(),
      criticOptimizer: this.criticOptimizer.state(),
      alphaOptimizer: this.alphaOptimizer.state(),
      rng: this.rngWords(),
    };
  }

  /** Restores what `state()` returned (same spaces and network sizes). */
  async loadState(state: SacState): Promise<void> {
    this.restore(state);
  }

  /** loadState(), synchronously. */
  restore(state: SacState): void {
    this.loadWeights(state.weights);
    this.actorOptimizer.loadState(state.actorOptimizer);
    this.criticOptimizer.loadState(state.criticOptimizer);
    this.alphaOptimizer.loadState(state.alphaOptimizer);
    if (state.rng !== null) this.setRngWords(state.rng);
  }

  /** The position of the RNG the core draws its action and update noise from; null when its source cannot export it. */
  rngWords(): number[] | null {
    return isRestorable(this.rng) ? this.rng.state() : null;
  }

  /** Moves the core's RNG to a position rngWords() returned. */
  setRngWords(words: readonly number[]): void {
    if (!isRestorable(this.rng)) throw new RangeError('SacCore: this core\'s RNG cannot be restored');
    this.rng.restore(words);
  }
}

/** A core's full training state (SacCore.state()). */
export interface SacState {
  readonly weights: SacWeights;
  readonly actorOptimizer: FlatAdamState;
  readonly criticOptimizer: FlatAdamState;
  readonly alphaOptimizer: FlatAdamState;
  /** The core's RNG words; null when its source cannot export them. */
  readonly rng: readonly number[] | null;
}
