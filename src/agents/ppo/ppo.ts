// One PPO learner (Schulman et al. 2017, Alg. 1, clipped objective): the RSM-MASAC paper's policy network (6 → 256 →
// 256 → 2, a tanh-squashed Gaussian scaled to the action bounds — the same 68,098-parameter actor as SAC's, so the
// mixing code can segment and mix it unchanged) and a value network V_φ. `act` samples and records what the rollout
// needs; `update` runs K epochs of shuffled minibatches over a finished rollout. Scheduling (when a rollout is full)
// is the controller's job, as for SacCore.
import * as tf from '@tensorflow/tfjs';
import { ShapeMismatchError } from '../../nn/errors.js';
import { FlatAdam } from '../../nn/flat-adam.js';
import { getFlatParams, parameterCount, setFlatParams } from '../../nn/flat-params.js';
import { Mlp } from '../../nn/mlp.js';
import { fillGaussian, isRestorable } from '../../nn/random.js';
import type { UniformSource } from '../../nn/random.js';
import type { FlatAdamState } from '../../nn/flat-adam.js';
import { SquashedGaussian } from '../../nn/squashed-gaussian.js';
import type { ActionBounds } from '../../nn/squashed-gaussian.js';
import { clipGradients } from '../sac/clip.js';
import { applyStep, gradientsOf } from '../sac/gradients.js';
import type { GradientStep } from '../sac/gradients.js';
import { resolvePpoConfig } from './config.js';
import type { PpoConfig } from './config.js';
import { clippedSurrogateLoss, gaussianEntropy, normalizeAdvantages, valueLoss } from './losses.js';
import { gatherRows, shuffledMinibatches } from './minibatches.js';
import type { RolloutBatch } from './rollout.js';

/** Adam's β1, β2 (PyTorch's defaults, as for the SAC core). */
const ADAM_BETAS = { beta1: 0.9, beta2: 0.999 } as const;

export interface PpoSpaces {
  readonly obsDim: number;
  readonly actionBounds: ActionBounds;
}

/** What acting on a batch of n observations gives: everything a rollout row needs. */
export interface PpoActions {
  /** Bounded actions [n·|A|]. */
  readonly actions: Float32Array;
  /** Their pre-tanh values u [n·|A|]. */
  readonly preTanh: Float32Array;
  /** log π_θ(a|s) [n] (of the bounded action). */
  readonly logProbs: Float32Array;
  /** V_φ(s) [n]. */
  readonly values: Float32Array;
}

/** Means over all minibatch steps of one `update`. */
export interface PpoLosses {
  /** L^CLIP. */
  readonly policy: number;
  /** L^V (with c₁). */
  readonly value: number;
  /** Mean entropy of the pre-tanh Gaussians. */
  readonly entropy: number;
  /** Gradient steps taken (K × minibatches). */
  readonly steps: number;
}

/** Everything needed to continue training exactly (checkpoints): weights, both Adam states, updates, RNG position. */
export interface PpoState {
  readonly actor: Float32Array;
  readonly value: Float32Array;
  readonly actorOptimizer: FlatAdamState;
  readonly valueOptimizer: FlatAdamState;
  readonly updates: number;
  /** The learner's RNG words; null when its source cannot export them. */
  readonly rng: readonly number[] | null;
}

export class PpoLearner {
  readonly config: PpoConfig;
  readonly obsDim: number;
  readonly actionDim: number;
  /** π_θ: [obs] → [μ, softplus⁻¹ σ] per action dimension. */
  readonly actor: Mlp;
  /** V_φ: [obs] → [1]. */
  readonly valueNet: Mlp;
  readonly policy: SquashedGaussian;
  private readonly actorOptimizer: FlatAdam;
  private readonly valueOptimizer: FlatAdam;
  private readonly rng: UniformSource;
  private updates = 0;
  private actorChanges = 0;

  constructor(spaces: PpoSpaces, config: Partial<PpoConfig>, rng: UniformSource) {
    this.config = resolvePpoConfig(config);
    this.rng = rng;
    this.obsDim = spaces.obsDim;
    this.policy = new SquashedGaussian(spaces.actionBounds);
    this.actionDim = this.policy.actionDim;
    const mode = { matMulMode: this.config.matMulMode };
    this.actor = Mlp.create([this.obsDim, ...this.config.actorHidden, this.policy.headSize], rng, mode);
    this.valueNet = Mlp.create([this.obsDim, ...this.config.valueHidden, 1], rng, mode);
    const adam = { ...ADAM_BETAS, epsilon: this.config.adamEpsilon };
    this.actorOptimizer = new FlatAdam(this.actor.variables, { ...adam, learningRate: this.config.actorLr });
    this.valueOptimizer = new FlatAdam(this.valueNet.variables, { ...adam, learningRate: this.config.valueLr });
  }

  /** PPO updates (whole rollouts) done so far. */
  get updateCount(): number {
    return this.updates;
  }

  /** Changes whenever θ may have changed (an update, setActorParams, loadState): the batched policy's cache key. */
  get actorVersion(): number {
    return this.actorChanges;
  }

  /** Actions for observations [n·obsDim]: sampled from π_θ, or the mean action tanh(μ) when deterministic. */
  act(obs: Float32Array, deterministic: boolean): PpoActions {
    const n = this.rows(obs);
    const noise = deterministic ? new Float32Array(n * this.actionDim) : fillGaussian(this.rng, new Float32Array(n * this.actionDim));
    const outs = tf.tidy(() => {
      const x = tf.tensor2d(obs, [n, this.obsDim]);
      const { mean, std } = this.policy.distribution(this.actor.apply(x));
      const u = tf.add<tf.Tensor2D>(mean, tf.mul(std, tf.tensor2d(noise, [n, this.actionDim])));
      return [this.policy.squash(u), u, this.policy.logProbPreTanh(mean, std, u), this.valueNet.apply(x).reshape([n])];
    });
    try {
      const [actions, preTanh, logProbs, values] = outs.map((t) => t.dataSync() as Float32Array);
      return { actions: actions as Float32Array, preTanh: preTanh as Float32Array, logProbs: logProbs as Float32Array, values: values as Float32Array };
    } finally {
      tf.dispose(outs);
    }
  }

  /** V_φ(s) [n] (the bootstrap value of a rollout's last observation, or of a truncated episode's final one). */
  value(obs: Float32Array): Float32Array {
    const n = this.rows(obs);
    const out = tf.tidy(() => this.valueNet.apply(tf.tensor2d(obs, [n, this.obsDim])).reshape([n]));
    try {
      return out.dataSync() as Float32Array;
    } finally {
      out.dispose();
    }
  }

  /** K epochs of shuffled minibatches over `batch`: one actor step on L^CLIP − c₂H and one value step on L^V each. */
  update(batch: RolloutBatch): PpoLosses {
    const { epochs, minibatchSize, clipRange, entropyCoef, valueCoef, normalizeAdvantages: normalise } = this.config;
    let policySum = 0;
    let valueSum = 0;
    let entropySum = 0;
    let steps = 0;
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (const index of shuffledMinibatches(batch.size, minibatchSize, this.rng)) {
        const m = index.length;
        const obs = gatherRows(batch.obs, this.obsDim, index);
        const u = gatherRows(batch.preTanh, this.actionDim, index);
        const oldLogProb = gatherRows(batch.logProbs, 1, index);
        const rawAdvantages = gatherRows(batch.advantages, 1, index);
        const advantages = normalise ? normalizeAdvantages(rawAdvantages) : rawAdvantages;
        const returns = gatherRows(batch.returns, 1, index);
        const actorStep = gradientsOf(this.actor.variables, () => {
          const x = tf.tensor2d(obs, [m, this.obsDim]);
          const taken = tf.tensor2d(u, [m, this.actionDim]);
          const old = tf.tensor1d(oldLogProb);
          const adv = tf.tensor1d(advantages);
          return () => {
            const { mean, std } = this.policy.distribution(this.actor.apply(x, { input: false, weights: true }));
            const h = gaussianEntropy(std);
            const surrogate = clippedSurrogateLoss(this.policy.logProbPreTanh(mean, std, taken), old, adv, clipRange);
            // gradientsOf's second read-out (named for SAC's E[log π]) carries the entropy here.
            return { loss: tf.sub(surrogate, tf.mul(h, entropyCoef)), logPiMean: h };
          };
        });
        const entropy = actorStep.logPiMean;
        const surrogateValue = actorStep.loss + entropyCoef * entropy;
        applyStep(this.actorOptimizer, this.clip(actorStep));
        const valueStep = gradientsOf(this.valueNet.variables, () => {
          const x = tf.tensor2d(obs, [m, this.obsDim]);
          const target = tf.tensor1d(returns);
          return () => ({ loss: valueLoss(this.valueNet.apply(x, { input: false, weights: true }).reshape([m]), target, valueCoef) });
        });
        applyStep(this.valueOptimizer, this.clip(valueStep));
        policySum += surrogateValue;
        valueSum += valueStep.loss;
        entropySum += entropy;
        steps += 1;
      }
    }
    this.updates += 1;
    this.actorChanges += 1;
    return { policy: policySum / steps, value: valueSum / steps, entropy: entropySum / steps, steps };
  }

  /** θ as one vector (what the mixing code segments), into `out` when given. */
  getActorParams(out?: Float32Array): Float32Array {
    return getFlatParams(this.actor.variables, out);
  }

  setActorParams(flat: Float32Array): void {
    this.actorChanges += 1;
    setFlatParams(this.actor.variables, flat);
  }

  state(): PpoState {
    return {
      actor: getFlatParams(this.actor.variables),
      value: getFlatParams(this.valueNet.variables),
      actorOptimizer: this.actorOptimizer.state(),
      valueOptimizer: this.valueOptimizer.state(),
      updates: this.updates,
      rng: isRestorable(this.rng) ? this.rng.state() : null,
    };
  }

  /** Restores what `state()` returned (same spaces and network sizes). */
  loadState(state: PpoState): void {
    this.setActorParams(state.actor);
    setFlatParams(this.valueNet.variables, state.value);
    this.actorOptimizer.loadState(state.actorOptimizer);
    this.valueOptimizer.loadState(state.valueOptimizer);
    this.updates = state.updates;
    if (state.rng === null) return;
    if (!isRestorable(this.rng)) throw new RangeError('PpoLearner.loadState: the state has an RNG position but this learner\'s RNG cannot be restored');
    this.rng.restore(state.rng);
  }

  /** |θ| (68,098 for the paper's 6 → 256 → 256 → 2 policy). */
  get actorParameterCount(): number {
    return parameterCount(this.actor.variables);
  }

  dispose(): void {
    this.actor.dispose();
    this.valueNet.dispose();
    this.policy.dispose();
  }

  /** The step with its gradient norm clipped to maxGradNorm (each network on its own, as the public code clips). */
  private clip(step: GradientStep): GradientStep {
    const max = this.config.maxGradNorm;
    return max === null ? step : { ...step, grads: clipGradients(step.grads, max) };
  }

  private rows(obs: Float32Array): number {
    const n = obs.length / this.obsDim;
    if (!Number.isInteger(n) || n < 1) throw new ShapeMismatchError('PPO observations (a multiple of obsDim)', this.obsDim, obs.length);
    return n;
  }
}
