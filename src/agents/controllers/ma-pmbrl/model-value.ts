// The learner's soft state value V^π(s') = E_a'~π[min_x Q_ωx(s', a') − α log π(a'|s')] (SAC), evaluated with the
// SAC core's networks through its public fields, differentiable in s' only (PGD moves the model, not the learner).
import * as tf from '@tensorflow/tfjs';
import { fillGaussian } from '../../../nn/random.js';
import type { UniformSource } from '../../../nn/random.js';
import type { SacCore } from '../../sac/sac.js';
import type { StateValue } from './pessimism.js';

/** V(s') with one reparameterised a' per row; the policy noise is drawn once for `rows` rows (same for every call). */
export function softStateValue(core: SacCore, rows: number, rng: UniformSource): StateValue {
  const noise = fillGaussian(rng, new Float32Array(rows * core.actionDim));
  const alpha = core.alpha;
  const frozen = { input: true, weights: false };
  return (nextObs) => {
    const pi = core.policy.sample(core.actor.apply(nextObs, frozen), tf.tensor2d(noise, [rows, core.actionDim]));
    const input = tf.concat([nextObs, pi.action], 1);
    const q = tf.minimum(core.critic1.apply(input, frozen), core.critic2.apply(input, frozen)).reshape([rows]);
    return tf.sub(q, tf.mul(alpha, pi.logProb));
  };
}
