// The minibatches of one PPO epoch (PPO paper Alg. 1: "optimize surrogate L wrt θ, with K epochs and minibatch size
// M ≤ NT"): a fresh random permutation of the rollout's rows, cut into consecutive slices; the last may be shorter.
import { uniformInt } from '../../nn/random.js';
import type { UniformSource } from '../../nn/random.js';

export function shuffledMinibatches(rows: number, size: number, rng: UniformSource): Int32Array[] {
  if (!Number.isInteger(rows) || rows < 1) throw new RangeError(`minibatches: rows must be a positive integer, got ${rows}`);
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`minibatches: size must be a positive integer, got ${size}`);
  const order = new Int32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  // Fisher–Yates.
  for (let i = rows - 1; i > 0; i--) {
    const j = uniformInt(rng, i + 1);
    const swap = order[i] as number;
    order[i] = order[j] as number;
    order[j] = swap;
  }
  const out: Int32Array[] = [];
  for (let start = 0; start < rows; start += size) out.push(order.slice(start, Math.min(rows, start + size)));
  return out;
}

/** Rows `index` of a row-major [n, width] array, as a new [index.length, width] array. */
export function gatherRows(values: Float32Array, width: number, index: Int32Array): Float32Array {
  const out = new Float32Array(index.length * width);
  index.forEach((row, k) => out.set(values.subarray(row * width, (row + 1) * width), k * width));
  return out;
}
