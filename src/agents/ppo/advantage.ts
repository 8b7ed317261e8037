// The policy advantage RSM-MAPPO ranks reconstructed referential policies by. Sec. VI-C: RSM-MAPPO is "a special case
// of RSM-MASAC with α = 0 and a different policy advantage estimation". RSM-MASAC's eq. (19) with α = 0 weights
// min_x Q(s_t, a_t); PPO has no Q, so its own advantage estimate takes that place — the GAE Â_t stored with the
// rollout (the surrogate advantage of Kakade & Langford / TRPO that the RSM-MAPPO paper, ref. [1], builds on):
//   Â(π̃) = mean_t [ (π̃(a_t|s_t) − π(a_t|s_t)) / π_b(a_t|s_t) · Â_t ],   ε = max_t of the term.
// The importance weight, its clamp and ε are RSM-MASAC's own (rsm-masac/advantage.ts, reused, not copied), so both
// families judge a replica the same way and differ only in the value that is weighted.
import * as tf from '@tensorflow/tfjs';
import type { Mlp } from '../../nn/mlp.js';
import { uniformInt } from '../../nn/random.js';
import type { UniformSource } from '../../nn/random.js';
import { CODE_ADVANTAGE, importanceWeight } from '../controllers/rsm-masac/advantage.js';
import type { AdvantageEstimate, AdvantageOptions, OwnSamples } from '../controllers/rsm-masac/advantage.js';
import { logProbOfTaken } from '../controllers/rsm-masac/policy-density.js';
import type { MixablePolicy } from '../controllers/rsm-masac/policy-density.js';
import { gatherRows } from './minibatches.js';
import type { RolloutBatch } from './rollout.js';

export type { MixablePolicy };

/** M of the agent's own on-policy samples with the GAE advantage Â_t of each (behaviour log-prob required). */
export interface PpoOwnSamples extends OwnSamples {
  readonly behaviourLogProb: Float32Array;
  /** Â_t from the rollout's GAE (not normalised). */
  readonly advantages: Float32Array;
  /** Pre-tanh u of each action [M·|A|] (the rollout keeps it: no atanh at the bounds). */
  readonly preTanh: Float32Array;
}

/** The weight and ε choices of eq. (19) that apply without α (entropies drop out at α = 0). */
export type PpoAdvantageOptions = Pick<AdvantageOptions, 'importanceWeights' | 'clampLogProbs' | 'epsilonEstimate'>;

/**
 * Â(π̃) of `referential` (a network of the actor's shape holding θ̃) against the learner's θ on `samples`. Same shape as
 * RSM-MASAC's softPolicyAdvantage, minus the critics and the entropy noise.
 */
export function ppoPolicyAdvantage(learner: MixablePolicy, referential: Mlp, samples: PpoOwnSamples, options: PpoAdvantageOptions = CODE_ADVANTAGE): AdvantageEstimate {
  const m = samples.size;
  const { obsDim, actionDim, policy } = learner;
  if (m < 1 || samples.advantages.length !== m || samples.preTanh.length !== m * actionDim || samples.obs.length !== m * obsDim) {
    throw new RangeError(`ppo advantage: ${m} samples need ${m} advantages, ${m * actionDim} actions and ${m * obsDim} observation values`);
  }
  const [logOwn, logRef] = tf.tidy(() => {
    const obs = tf.tensor2d(samples.obs, [m, obsDim]);
    const taken = tf.tensor2d(samples.preTanh, [m, actionDim]);
    return [logProbOfTaken(policy, learner.actor.apply(obs), taken), logProbOfTaken(policy, referential.apply(obs), taken)];
  });
  let own: Float32Array;
  let ref: Float32Array;
  try {
    own = logOwn.dataSync() as Float32Array;
    ref = logRef.dataSync() as Float32Array;
  } finally {
    logOwn.dispose();
    logRef.dispose();
  }
  let sum = 0;
  let epsilon = options.epsilonEstimate === 'max' ? Number.NEGATIVE_INFINITY : 0;
  for (let t = 0; t < m; t++) {
    const term = importanceWeight(ref[t] as number, own[t] as number, samples.behaviourLogProb[t] as number, options) * (samples.advantages[t] as number);
    sum += term;
    epsilon = Math.max(epsilon, options.epsilonEstimate === 'max' ? term : Math.abs(term));
  }
  return { advantage: sum / m, epsilon };
}

/**
 * M rows drawn uniformly with replacement from a finished rollout (the public code draws RSM-MASAC's M = 50 at random
 * from its buffer; Decision: PPO draws them from the latest rollout, the only on-policy data it keeps).
 */
export function rolloutSamples(batch: RolloutBatch, m: number, rng: UniformSource): PpoOwnSamples {
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`rollout samples: M must be a positive integer, got ${m}`);
  const index = Int32Array.from({ length: m }, () => uniformInt(rng, batch.size));
  const actionDim = batch.actions.length / batch.size;
  const obsDim = batch.obs.length / batch.size;
  return {
    size: m,
    obs: gatherRows(batch.obs, obsDim, index),
    actions: gatherRows(batch.actions, actionDim, index),
    preTanh: gatherRows(batch.preTanh, actionDim, index),
    behaviourLogProb: gatherRows(batch.logProbs, 1, index),
    advantages: gatherRows(batch.advantages, 1, index),
  };
}
