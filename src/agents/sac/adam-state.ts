// Reading and restoring a tf.AdamOptimizer's state exactly, for checkpoints that continue training bit for bit.
// tfjs's own setWeights recomputes β^t with pow(β, t + 1), which need not equal the float32 running product the
// optimiser accumulated step by step; so the running products are saved as they are and written back afterwards.
import * as tf from '@tensorflow/tfjs';
import { CavlabError } from '../../errors.js';
import { ShapeMismatchError } from '../../nn/errors.js';

export interface AdamState {
  /** Steps taken (t). */
  readonly iterations: number;
  /** β1^(t+1) and β2^(t+1) as the optimiser holds them (float32 running products). */
  readonly beta1Power: number;
  readonly beta2Power: number;
  /** First moments m, then second moments v, of every variable in the optimiser's order; empty before the first step. */
  readonly moments: Float32Array;
}

export class AdamStateError extends CavlabError {
  override readonly name = 'AdamStateError';
}

/** A copy of the optimiser's state. */
export async function adamState(optimizer: tf.AdamOptimizer): Promise<AdamState> {
  const named = await optimizer.getWeights();
  // getWeights returns a fresh 'iter' scalar, then the moment variables themselves (not copies).
  named[0]?.tensor.dispose();
  const tensors = named.slice(1).map((n) => n.tensor);
  const moments = new Float32Array(tensors.reduce((s, t) => s + t.size, 0));
  let offset = 0;
  for (const t of tensors) {
    moments.set(t.dataSync() as Float32Array, offset);
    offset += t.size;
  }
  const powers = betaPowers(optimizer);
  return {
    iterations: optimizer.iterations,
    beta1Power: powers.beta1.dataSync()[0] ?? Number.NaN,
    beta2Power: powers.beta2.dataSync()[0] ?? Number.NaN,
    moments,
  };
}

/** Writes `state` into `optimizer`, which optimises `variables` (the list given to minimize, same shapes). */
export async function restoreAdam(optimizer: tf.AdamOptimizer, variables: readonly tf.Variable[], state: AdamState): Promise<void> {
  const ordered = optimiserOrder(variables);
  const total = ordered.reduce((s, v) => s + v.size, 0);
  if (state.moments.length !== 0 && state.moments.length !== 2 * total) throw new ShapeMismatchError('Adam moments', 2 * total, state.moments.length);
  const old = await optimizer.getWeights();
  const fresh: { name: string; tensor: tf.Tensor }[] = [{ name: 'iter', tensor: tf.scalar(state.iterations, 'int32') }];
  if (state.moments.length > 0) {
    let offset = 0;
    for (const kind of ['m', 'v'] as const) {
      for (const v of ordered) {
        fresh.push({ name: `${v.name}/${kind}`, tensor: tf.tensor(state.moments.slice(offset, offset + v.size), v.shape, 'float32') });
        offset += v.size;
      }
    }
  }
  await optimizer.setWeights(fresh);
  // setWeights made new moment variables (sharing our tensors' data): release ours and the replaced ones.
  for (const n of [...fresh, ...old]) n.tensor.dispose();
  const powers = betaPowers(optimizer);
  tf.tidy(() => {
    powers.beta1.assign(tf.scalar(state.beta1Power));
    powers.beta2.assign(tf.scalar(state.beta2Power));
  });
}

/**
 * The order Adam keeps its moments in: minimize passes gradients as an object keyed by variable name, and tfjs
 * names variables by number, so Object.keys orders them numerically (here: by creation).
 */
function optimiserOrder(variables: readonly tf.Variable[]): tf.Variable[] {
  const byName: Record<string, tf.Variable> = {};
  for (const v of variables) byName[v.name] = v;
  return Object.keys(byName).flatMap((k) => byName[k] ?? []);
}

/** β1^t, β2^t running products: private in tfjs's typings, so read through a checked property lookup. */
function betaPowers(optimizer: tf.AdamOptimizer): { beta1: tf.Variable; beta2: tf.Variable } {
  const o: object = optimizer;
  if ('accBeta1' in o && o.accBeta1 instanceof tf.Variable && 'accBeta2' in o && o.accBeta2 instanceof tf.Variable) {
    return { beta1: o.accBeta1, beta2: o.accBeta2 };
  }
  throw new AdamStateError('tf.AdamOptimizer has no accBeta1/accBeta2 variables (tfjs changed?): checkpoints cannot restore Adam exactly');
}
