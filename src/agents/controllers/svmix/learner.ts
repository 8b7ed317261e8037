// SVMIX's centralised learner: one agent Q network Q(o_i, ·) over L action levels that every vehicle runs on its own
// observation (decentralised execution), and the graph mixer that trains it through Q_tot (centralised training).
// One update, as QMIX's (Rashid et al. 2018) with the stochastic graph in the mixer:
//   y = r_tot + γ (1 − done) Q̄_tot(Q̄(o'_i, a'_i), o', S̄'),  a'_i = argmax_a Q(o'_i, a) (double Q) or of Q̄
//   L = mean_batch (Q_tot(Q(o_i, a_i), o, S) − y)²,   S, S̄' from independent link draws of the graphs at s and s'
// then Adam on Q and the mixer, and Polyak averaging of the targets.
import * as tf from '@tensorflow/tfjs';
import { FlatAdam } from '../../../nn/flat-adam.js';
import type { FlatAdamState } from '../../../nn/flat-adam.js';
import { getFlatParams, parameterCount, setFlatParams } from '../../../nn/flat-params.js';
import { Mlp } from '../../../nn/mlp.js';
import { polyakUpdate } from '../../../nn/polyak.js';
import type { UniformSource } from '../../../nn/random.js';
import { clipGradients } from '../../sac/clip.js';
import type { SvmixConfig } from './config.js';
import type { JointBatch } from './joint-replay.js';
import { GraphMixer } from './mixer.js';
import { sampleLinks, shiftOperator } from './stochastic-graph.js';

/** Adam's moments as PyTorch's defaults (the papers' code); the rate is the config's. */
const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;

export type SvmixLearnerSettings = Pick<SvmixConfig, 'qHidden' | 'levels' | 'mixerEmbed' | 'filterOrder' | 'linkProbability' | 'maxAgents' | 'lr' | 'gamma' | 'tau' | 'gradClipNorm' | 'doubleQ'>;

/** Everything a checkpoint needs to continue the learner exactly. */
export interface SvmixLearnerState {
  readonly q: Float32Array;
  readonly qTarget: Float32Array;
  readonly mixer: Float32Array;
  readonly mixerTarget: Float32Array;
  readonly optimizer: FlatAdamState;
}

export class SvmixLearner {
  readonly q: Mlp;
  readonly mixer: GraphMixer;
  private readonly qTarget: Mlp;
  private readonly mixerTarget: GraphMixer;
  private readonly optimizer: FlatAdam;

  constructor(readonly obsDim: number, readonly settings: SvmixLearnerSettings, rng: UniformSource) {
    const sizes = [obsDim, ...settings.qHidden, settings.levels];
    const shape = { obsDim, embed: settings.mixerEmbed, filterOrder: settings.filterOrder };
    this.q = Mlp.create(sizes, rng);
    this.mixer = GraphMixer.create(shape, rng);
    this.qTarget = Mlp.create(sizes, rng);
    this.mixerTarget = GraphMixer.create(shape, rng);
    this.qTarget.copyFrom(this.q);
    this.mixerTarget.copyFrom(this.mixer);
    this.optimizer = new FlatAdam(this.trainable, { learningRate: settings.lr, ...ADAM });
  }

  /** Parameters of the network each vehicle executes (the agent Q network). */
  get policyParameters(): number {
    return parameterCount(this.q.variables);
  }

  private get trainable(): tf.Variable[] {
    return [...this.q.variables, ...this.mixer.variables];
  }

  private get targets(): tf.Variable[] {
    return [...this.qTarget.variables, ...this.mixerTarget.variables];
  }

  /** Q(o_i, ·) for `rows` observations [rows·d] → [rows·L]. */
  qValues(obs: Float32Array, rows: number): Float32Array {
    return tf.tidy(() => Float32Array.from(this.q.apply(tf.tensor2d(obs, [rows, this.obsDim])).dataSync()));
  }

  /** One gradient step on a mini-batch of joint steps; returns the TD loss before the step. */
  update(batch: JointBatch, rng: UniformSource): number {
    const { levels: L, maxAgents: n, gamma } = this.settings;
    const b = batch.size;
    const d = this.obsDim;
    const shifts = this.sampleShifts(batch, rng);
    const trainable = this.trainable;
    // The gradients leave the tidy scope; Adam rewrites the variables outside it (src/nn/tensor-memory.ts).
    const [value, ...grads] = tf.tidy(() => {
      const obs = tf.tensor3d(batch.obs, [b, n, d]);
      const nextObs = tf.tensor3d(batch.nextObs, [b, n, d]);
      const mask = tf.tensor2d(batch.mask, [b, n]);
      const shift = tf.tensor3d(shifts.now, [b, n, n]);
      const nextShift = tf.tensor3d(shifts.next, [b, n, n]);
      const next = nextObs.reshape([b * n, d]) as tf.Tensor2D;
      const scored = this.qTarget.apply(next);
      const picked = tf.argMax(this.settings.doubleQ ? this.q.apply(next) : scored, 1) as tf.Tensor1D;
      const qNext = tf.sum(tf.mul(scored, tf.oneHot(picked, L)), 1).reshape([b, n]) as tf.Tensor2D;
      const totalNext = this.mixerTarget.mix({ q: qNext, obs: nextObs, mask, shift: nextShift });
      const notDone = tf.sub(1, tf.tensor1d(batch.terminated));
      const target = tf.add(tf.tensor1d(batch.rewards), tf.mul(gamma, tf.mul(notDone, totalNext)));
      const chosen = tf.oneHot(tf.tensor1d(Int32Array.from(batch.actions), 'int32'), L);
      const result = tf.variableGrads(() => {
        const q = this.q.apply(obs.reshape([b * n, d]) as tf.Tensor2D, { input: false, weights: true });
        const qChosen = tf.sum(tf.mul(q, chosen), 1).reshape([b, n]) as tf.Tensor2D;
        const total = this.mixer.mix({ q: qChosen, obs, mask, shift });
        return tf.mean(tf.square(tf.sub(total, target)));
      }, trainable);
      return [result.value, ...trainable.map((v) => result.grads[v.name] as tf.Tensor)];
    });
    const loss = (value as tf.Tensor).dataSync()[0] as number;
    const clip = this.settings.gradClipNorm;
    this.optimizer.step(clip === null ? grads : clipGradients(grads, clip));
    tf.dispose([value as tf.Tensor, ...grads]);
    polyakUpdate(this.targets, this.trainable, this.settings.tau);
    return loss;
  }

  /** S and S' of every sample: an independent draw of the stochastic graph at s and at s' (SGNN's random links). */
  private sampleShifts(batch: JointBatch, rng: UniformSource): { now: Float32Array; next: Float32Array } {
    const n = this.settings.maxAgents;
    const p = this.settings.linkProbability;
    const now = new Float32Array(batch.size * n * n);
    const next = new Float32Array(batch.size * n * n);
    for (let k = 0; k < batch.size; k++) {
      const at = (a: Float32Array) => a.subarray(k * n * n, (k + 1) * n * n);
      now.set(shiftOperator(sampleLinks(at(batch.adjacency), n, p, rng), n), k * n * n);
      next.set(shiftOperator(sampleLinks(at(batch.nextAdjacency), n, p, rng), n), k * n * n);
    }
    return { now, next };
  }

  state(): SvmixLearnerState {
    return {
      q: getFlatParams(this.q.variables),
      qTarget: getFlatParams(this.qTarget.variables),
      mixer: getFlatParams(this.mixer.variables),
      mixerTarget: getFlatParams(this.mixerTarget.variables),
      optimizer: this.optimizer.state(),
    };
  }

  loadState(state: SvmixLearnerState): void {
    setFlatParams(this.q.variables, state.q);
    setFlatParams(this.qTarget.variables, state.qTarget);
    setFlatParams(this.mixer.variables, state.mixer);
    setFlatParams(this.mixerTarget.variables, state.mixerTarget);
    this.optimizer.loadState(state.optimizer);
  }

  dispose(): void {
    this.q.dispose();
    this.qTarget.dispose();
    this.mixer.dispose();
    this.mixerTarget.dispose();
  }
}
