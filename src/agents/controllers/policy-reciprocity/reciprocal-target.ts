// Deep PR's critic target (Wang et al., Definition 4, eq. 12) on the shared SAC core, through its public networks:
//   Z*_i(s', a') = (1 − κ) Z_i(s', a') + κ · 1/(|N_i||S#|) Σ_{j∈N_i} Σ_{s#∈S#} Z_j(s#, a'),
// with Z = min(Q_ω̄1, Q_ω̄2) of the target critics (the paper's target value functions w'_j, Sec. IV), a' ~ π_i(·|s')
// and the double sum normalised as an average (algorithms.md: otherwise the target grows with |N_i|).
//
// SAC's target is y = r + γ(1 − d)[Z_i(s', a') − α log π_i(a'|s')]; PR's is the same with Z*_i in place of Z_i, so
//   y* = y + γ(1 − d)(Z*_i − Z_i) = y + γ(1 − d) κ (Z̄_N − Z_i).
// The core computes y from the batch it is given, so PR hands it the rewards r* = r + γ(1 − d) κ (Z̄_N − Z_i):
// its update then regresses the critics on y*. Decision: the a' of the correction is drawn here from π_i with this
// module's own noise (the core draws its a' privately), so y* is the paper's target in expectation over a';
// κ = 0, no received critic, or neighbours whose values equal the agent's own leave r — and the update — exactly as
// plain SAC's (and draw nothing). The draws come from the source the caller gives: the learner's own mini-batch
// sampler (reciprocal-rule.ts), so they are the same in any thread layout.
import * as tf from '@tensorflow/tfjs';
import { getFlatParams, setFlatParams } from '../../../nn/flat-params.js';
import { Mlp } from '../../../nn/mlp.js';
import { fillGaussian, mulberry32 } from '../../../nn/random.js';
import type { UniformSource } from '../../../nn/random.js';
import type { ReplayBatch } from '../../replay.js';
import type { AgentSpaces } from '../../controller.js';
import type { SacConfig } from '../../sac/config.js';
import type { SacCore } from '../../sac/sac.js';
import { adjacencyStates } from './adjacency.js';
import type { AdjacencySampling } from './adjacency.js';

/** What a neighbour sends: its twin target critics Q_ω̄j1 then Q_ω̄j2 as one flat float32 vector. */
export type CriticMessage = Float32Array;

/** The message of `core`: a copy of its target critics' parameters. */
export function criticMessage(core: SacCore): CriticMessage {
  return getFlatParams([...core.target1.variables, ...core.target2.variables]);
}

/** Floats in one critic message (both twins): 2 × ((|s| + |A| + 1)·h1 + (h1 + 1)·h2 + … + (h_last + 1)). */
export function criticMessageFloats(spaces: AgentSpaces, criticHidden: readonly number[]): number {
  const sizes = criticSizes(spaces, criticHidden);
  let n = 0;
  for (let l = 0; l + 1 < sizes.length; l++) n += ((sizes[l] ?? 0) + 1) * (sizes[l + 1] ?? 0);
  return 2 * n;
}

function criticSizes(spaces: AgentSpaces, criticHidden: readonly number[]): number[] {
  return [spaces.obsDim + spaces.actionBounds.low.length, ...criticHidden, 1];
}

export interface ReciprocitySettings {
  /** κ of eq. 12. */
  readonly kappa: number;
  /** How S# is sampled per next state. */
  readonly sampling: AdjacencySampling;
}

/** One mini-batch made reciprocal: the batch the core learns from and how far PR moved its target. */
export interface ReciprocalBatch {
  readonly batch: ReplayBatch;
  /** Mean of Z*_i − Z_i = κ(Z̄_N − Z_i) over the batch (0 when nothing was received or κ = 0). */
  readonly shift: number;
}

export class ReciprocalTarget {
  readonly settings: ReciprocitySettings;
  /** Parameters of one message (both twins). */
  readonly messageFloats: number;
  private readonly sizes: readonly number[];
  private readonly matMulMode: SacConfig['matMulMode'];
  /** Scratch twin critics a received message is loaded into for evaluation (made at first use). */
  private scratch: { readonly q1: Mlp; readonly q2: Mlp } | null = null;

  constructor(spaces: AgentSpaces, sac: Pick<SacConfig, 'criticHidden' | 'matMulMode'>, settings: ReciprocitySettings) {
    this.settings = settings;
    this.sizes = criticSizes(spaces, sac.criticHidden);
    this.matMulMode = sac.matMulMode;
    this.messageFloats = criticMessageFloats(spaces, sac.criticHidden);
  }

  /**
   * The batch whose SAC target is the PR target of `core` (the learner i) given the critics it received from its
   * neighbours N_i, drawing a' and S# from `rng`. Returns `batch` itself when there is nothing to reciprocate (κ = 0
   * or no critic).
   */
  reciprocate(core: SacCore, batch: ReplayBatch, critics: readonly CriticMessage[], rng: UniformSource): ReciprocalBatch {
    const { kappa, sampling } = this.settings;
    if (kappa === 0 || critics.length === 0) return { batch, shift: 0 };
    const n = batch.size;
    const { obsDim, actionDim } = core;
    const samples = sampling.samples;
    const noise = fillGaussian(rng, new Float32Array(n * actionDim));
    // S#: |S#| adjacency states of every s' (Definition 2), rows r·|S#| … r·|S#| + |S#| − 1 belong to s'_r.
    const adjacent = adjacencyStates(batch.nextObs, obsDim, sampling, rng);
    const [ownInput, adjacentInput] = tf.tidy((): [tf.Tensor2D, tf.Tensor2D] => {
      const nextObs = tf.tensor2d(batch.nextObs, [n, obsDim]);
      // a' ~ π_i(·|s'): every Z of eq. 12 is evaluated at the agent's own next action.
      const action = core.policy.sampleAction(core.actor.apply(nextObs), tf.tensor2d(noise, [n, actionDim]));
      const repeated = tf.reshape<tf.Rank.R2>(tf.tile(tf.expandDims(action, 1), [1, samples, 1]), [n * samples, actionDim]);
      return [tf.concat([nextObs, action], 1), tf.concat([tf.tensor2d(adjacent, [n * samples, obsDim]), repeated], 1)];
    });
    try {
      // Z_i(s', a').
      const own = twinValue(core.target1, core.target2, ownInput, n, 1);
      // Σ_j 1/|S#| Σ_s# Z_j(s#, a'), one received critic at a time.
      const neighbourSum = new Float64Array(n);
      const { q1, q2 } = this.scratchCritics();
      const scratch = [...q1.variables, ...q2.variables];
      for (const message of critics) {
        setFlatParams(scratch, message);
        const value = twinValue(q1, q2, adjacentInput, n, samples);
        for (let k = 0; k < n; k++) neighbourSum[k] = (neighbourSum[k] ?? 0) + (value[k] ?? 0);
      }
      // r* = r + γ(1 − d)(Z*_i − Z_i), Z*_i − Z_i = κ(Z̄_N − Z_i).
      const gamma = core.config.gamma;
      const rewards = new Float32Array(n);
      let shiftSum = 0;
      for (let k = 0; k < n; k++) {
        const shift = kappa * ((neighbourSum[k] ?? 0) / critics.length - (own[k] ?? 0));
        rewards[k] = (batch.rewards[k] ?? 0) + gamma * (1 - (batch.terminated[k] ?? 0)) * shift;
        shiftSum += shift;
      }
      return { batch: { ...batch, rewards }, shift: shiftSum / n };
    } finally {
      ownInput.dispose();
      adjacentInput.dispose();
    }
  }

  dispose(): void {
    this.scratch?.q1.dispose();
    this.scratch?.q2.dispose();
    this.scratch = null;
  }

  private scratchCritics(): { readonly q1: Mlp; readonly q2: Mlp } {
    // Initial weights are irrelevant (every use loads a message first): fixed throwaway sources.
    this.scratch ??= {
      q1: Mlp.create(this.sizes, mulberry32(0), { matMulMode: this.matMulMode }),
      q2: Mlp.create(this.sizes, mulberry32(1), { matMulMode: this.matMulMode }),
    };
    return this.scratch;
  }
}

/** min(Q1, Q2) of `input` [n·m rows], averaged over each row's m consecutive samples → [n]. */
function twinValue(q1: Mlp, q2: Mlp, input: tf.Tensor2D, n: number, m: number): Float32Array {
  const value = tf.tidy(() => tf.mean(tf.reshape(tf.minimum(q1.apply(input), q2.apply(input)), [n, m]), 1));
  try {
    return Float32Array.from(value.dataSync());
  } finally {
    value.dispose();
  }
}
