// Actions of several learners' policies for one env step, in one tf.tidy and ONE download (performance.md: the
// fixed cost of a call and of reading data back dominates actor inference, so all learners go together).
// Each group is one learner's actor applied to its own rows (the products stay per learner); the policy head
// (split, softplus, tanh, scale) then runs once over all rows.
// The pool now acts through src/nn/batched-policy.ts (one strided product per layer for all learners); this tfjs
// path stays as the reference `cavlab bench sac` measures it against.
import * as tf from '@tensorflow/tfjs';
import { ShapeMismatchError } from '../nn/errors.js';
import type { SacCore } from './sac/sac.js';

export interface ActGroup {
  readonly core: SacCore;
  /** Row-major observations [rows·obsDim]. */
  readonly obs: Float32Array;
}

/**
 * Actions [rows·|A|] per group, in the groups' order. `noise` (standard normal, [all rows·|A|] in group order)
 * samples a ~ π(·|s); null takes the deterministic action tanh(μ). All groups must share the action bounds (a
 * pool's learners do): the squashed-Gaussian head runs once over every group's network outputs.
 */
export function actGroups(groups: readonly ActGroup[], noise: Float32Array | null): Float32Array[] {
  const first = groups[0];
  if (first === undefined) return [];
  const rows = groups.map((g) => g.obs.length / g.core.obsDim);
  const total = rows.reduce((a, b) => a + b, 0);
  const { policy, actionDim } = first.core;
  if (noise !== null && noise.length !== total * actionDim) throw new ShapeMismatchError('action noise', total * actionDim, noise.length);
  const out = tf.tidy(() => {
    const heads = groups.map((g, k) => g.core.actor.apply(tf.tensor2d(g.obs, [rows[k] ?? 0, g.core.obsDim])));
    const head = heads.length === 1 ? (heads[0] as tf.Tensor2D) : tf.concat(heads, 0);
    return noise === null ? policy.mode(head) : policy.sampleAction(head, tf.tensor2d(noise, [total, actionDim]));
  });
  let flat: Float32Array;
  try {
    flat = Float32Array.from(out.dataSync());
  } finally {
    out.dispose();
  }
  let offset = 0;
  return rows.map((n) => {
    const part = flat.slice(offset, offset + n * actionDim);
    offset += n * actionDim;
    return part;
  });
}
