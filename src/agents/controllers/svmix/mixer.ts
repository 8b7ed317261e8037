// SVMIX's mixer: the agents' chosen Q_i(o_i, a_i) mixed into Q_tot by a QMIX-style monotonic network whose weights a
// graph neural network computes from the agents' observations over the step's (randomly thinned) V2V graph.
//   node embeddings   H⁰ = ReLU(O W_in),  H = ReLU([H⁰, S H⁰, …, S^K H⁰] W_f)      (graph filter of order K, S = D⁻¹A)
//   hyper-networks    w1_i = |h_i V1|  (row i of QMIX's W1),  b1 = h̄ Vb,  w2 = |h̄ V2|,  b2 = V(h̄),  h̄ = mean_i h_i
//   mixing            Q_tot = w2 · ELU(Σ_i Q_i w1_i + b1) + b2
// Properties (tested): H is permutation-EQUIVARIANT (relabelling the agents and the graph alike permutes its rows),
// so Q_tot is permutation-INVARIANT; w1, w2 ≥ 0 make Q_tot monotonic in every Q_i (QMIX's condition for greedy
// decentralised execution); padded rows (mask 0) contribute nothing, so any number of agents up to N mixes alike.
import * as tf from '@tensorflow/tfjs';
import { Mlp } from '../../../nn/mlp.js';
import type { MlpGradients } from '../../../nn/mlp.js';
import type { UniformSource } from '../../../nn/random.js';

export interface MixerShape {
  readonly obsDim: number;
  /** E, embedding and hidden width. */
  readonly embed: number;
  /** K, graph filter order. */
  readonly filterOrder: number;
}

export interface MixerInputs {
  /** Q_i of each agent's action [B, N] (padded agents: any value, masked out). */
  readonly q: tf.Tensor2D;
  /** o_i [B, N, d]. */
  readonly obs: tf.Tensor3D;
  /** 1 for a present agent, 0 for a padded row [B, N]. */
  readonly mask: tf.Tensor2D;
  /** S = D⁻¹A of the (sampled) graph [B, N, N]. */
  readonly shift: tf.Tensor3D;
}

/** Gradients flow through every layer: the mixer is trained end to end with the agent Q network. */
const TRAIN: MlpGradients = { input: true, weights: true };
const FROM_OBSERVATIONS: MlpGradients = { input: false, weights: true };

export class GraphMixer {
  private constructor(
    readonly shape: MixerShape,
    private readonly encoder: Mlp,
    private readonly filter: Mlp,
    private readonly hyperW1: Mlp,
    private readonly hyperB1: Mlp,
    private readonly hyperW2: Mlp,
    private readonly hyperV: Mlp,
  ) {}

  static create(shape: MixerShape, rng: UniformSource): GraphMixer {
    const e = shape.embed;
    return new GraphMixer(
      shape,
      Mlp.create([shape.obsDim, e], rng),
      Mlp.create([(shape.filterOrder + 1) * e, e], rng),
      Mlp.create([e, e], rng),
      Mlp.create([e, e], rng),
      Mlp.create([e, e], rng),
      // QMIX's state-dependent bias V(s): two layers with a ReLU.
      Mlp.create([e, e, 1], rng),
    );
  }

  private get parts(): readonly Mlp[] {
    return [this.encoder, this.filter, this.hyperW1, this.hyperB1, this.hyperW2, this.hyperV];
  }

  get variables(): tf.Variable[] {
    return this.parts.flatMap((p) => p.variables);
  }

  copyFrom(source: GraphMixer): void {
    const theirs = source.parts;
    this.parts.forEach((p, i) => p.copyFrom(theirs[i] as Mlp));
  }

  /** Node embeddings H [B, N, E] (zero rows for padded agents). */
  embed(obs: tf.Tensor3D, mask: tf.Tensor2D, shift: tf.Tensor3D): tf.Tensor3D {
    const [b, n, d] = obs.shape;
    const e = this.shape.embed;
    const rows = mask.reshape([b, n, 1]);
    const h0 = tf.mul(tf.relu(this.encoder.apply(obs.reshape([b * n, d]), FROM_OBSERVATIONS)).reshape([b, n, e]), rows) as tf.Tensor3D;
    // Graph filter taps S^k H⁰, k = 0…K: k-hop averages over the links that survived the draw.
    const taps: tf.Tensor3D[] = [h0];
    for (let k = 1; k <= this.shape.filterOrder; k++) taps.push(tf.matMul(shift, taps[k - 1] as tf.Tensor3D));
    const stacked = tf.concat(taps, 2).reshape([b * n, (this.shape.filterOrder + 1) * e]) as tf.Tensor2D;
    return tf.mul(tf.relu(this.filter.apply(stacked, TRAIN)).reshape([b, n, e]), rows) as tf.Tensor3D;
  }

  /** Q_tot [B]. */
  mix(inputs: MixerInputs): tf.Tensor1D {
    const { q, obs, mask, shift } = inputs;
    const [b, n] = q.shape;
    const e = this.shape.embed;
    const h = this.embed(obs, mask, shift);
    const w1 = tf.abs(this.hyperW1.apply(h.reshape([b * n, e]), TRAIN)).reshape([b, n, e]) as tf.Tensor3D;
    const present = tf.maximum(tf.sum(mask, 1, true), 1);
    const pooled = tf.div(tf.sum(h, 1), present) as tf.Tensor2D;
    const weighted = tf.matMul(tf.mul(q, mask).reshape([b, 1, n]) as tf.Tensor3D, w1).reshape([b, e]);
    const hidden = tf.elu(tf.add(weighted, this.hyperB1.apply(pooled, TRAIN)));
    const w2 = tf.abs(this.hyperW2.apply(pooled, TRAIN));
    return tf.add(tf.sum(tf.mul(hidden, w2), 1), this.hyperV.apply(pooled, TRAIN).reshape([b])) as tf.Tensor1D;
  }

  dispose(): void {
    for (const p of this.parts) p.dispose();
  }
}
