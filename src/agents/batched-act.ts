// Actions of several learners' policies for one env step, in one tf.tidy and ONE download (performance.md: the
// fixed cost of a call and of reading data back dominates actor inference, so all learners go together).
// Each group is one learner's actor applied to its own rows; the products themselves stay per learner.
// Kept behind this one function so a stacked-weights policy (src/nn/batched-policy.ts, branch perf) can replace it.
import * as tf from '@tensorflow/tfjs';
import type { SacCore } from './sac/sac.js';

export interface ActGroup {
  readonly core: SacCore;
  /** Row-major observations [rows·obsDim]. */
  readonly obs: Float32Array;
  /** Standard normal noise [rows·|A|] for a sampled action; null for the deterministic action tanh(μ). */
  readonly noise: Float32Array | null;
}

/** Actions [rows·|A|] per group, in the groups' order. */
export function actGroups(groups: readonly ActGroup[]): Float32Array[] {
  if (groups.length === 0) return [];
  const rows = groups.map((g) => g.obs.length / g.core.obsDim);
  const out = tf.tidy(() => {
    const parts = groups.map((g, k) => {
      const n = rows[k] ?? 0;
      const head = g.core.actor.apply(tf.tensor2d(g.obs, [n, g.core.obsDim]));
      return g.noise === null ? g.core.policy.mode(head) : g.core.policy.sampleAction(head, tf.tensor2d(g.noise, [n, g.core.actionDim]));
    });
    return parts.length === 1 ? (parts[0] as tf.Tensor2D) : tf.concat(parts, 0);
  });
  let flat: Float32Array;
  try {
    flat = Float32Array.from(out.dataSync());
  } finally {
    out.dispose();
  }
  const result: Float32Array[] = [];
  let offset = 0;
  groups.forEach((g, k) => {
    const length = (rows[k] ?? 0) * g.core.actionDim;
    result.push(flat.slice(offset, offset + length));
    offset += length;
  });
  return result;
}
