// A network's parameters as ONE Float32Array: what the communicating algorithms send, segment and mix
// (RSM-MASAC eq. 10 mixes θ as a vector). Order = the variables' order (Mlp: W0, b0, W1, b1, …; W row-major [in, out]).
import * as tf from '@tensorflow/tfjs';
import { ShapeMismatchError } from './errors.js';
import { readFloats } from './tensor-memory.js';

/** Total number of scalars in `variables` (68,098 for the 6 → 256 → 256 → 2 actor). */
export function parameterCount(variables: readonly tf.Variable[]): number {
  return variables.reduce((n, v) => n + v.size, 0);
}

/** Copies all parameters into one new Float32Array (or into `out`, which must have the right length). */
export function getFlatParams(variables: readonly tf.Variable[], out?: Float32Array): Float32Array {
  const total = parameterCount(variables);
  const flat = out ?? new Float32Array(total);
  if (flat.length !== total) throw new ShapeMismatchError('flat parameter buffer', total, flat.length);
  let offset = 0;
  for (const v of variables) {
    // A view of the wasm heap where possible: one copy instead of two (dataSync slices the heap first).
    flat.set(v.dtype === 'float32' ? readFloats(v) : (v.dataSync() as Float32Array), offset);
    offset += v.size;
  }
  return flat;
}

/** Overwrites all parameters from one Float32Array laid out as `getFlatParams` returns it. */
export function setFlatParams(variables: readonly tf.Variable[], flat: Float32Array): void {
  const total = parameterCount(variables);
  if (flat.length !== total) throw new ShapeMismatchError('flat parameter vector', total, flat.length);
  let offset = 0;
  for (const v of variables) {
    // slice, not subarray: the cpu backend may keep the array it is given, and the caller may reuse `flat`.
    const values = flat.slice(offset, offset + v.size);
    tf.tidy(() => v.assign(tf.tensor(values, v.shape, 'float32')));
    offset += v.size;
  }
}

/** Weights and biases of a dense MLP with these layer sizes, from the sizes alone (68,098 for 6 → 256 → 256 → 2). */
export function layerParameterCount(sizes: readonly number[]): number {
  let n = 0;
  for (let l = 0; l + 1 < sizes.length; l++) n += ((sizes[l] ?? 0) + 1) * (sizes[l + 1] ?? 0);
  return n;
}
