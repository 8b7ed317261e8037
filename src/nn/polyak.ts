// Polyak averaging of target networks, ω̄ ← τ ω + (1 − τ) ω̄, as one loop per variable on the tensors' memory
// instead of three tfjs kernels per variable.
import type * as tf from '@tensorflow/tfjs';
import { ShapeMismatchError } from './errors.js';
import { loadNativeBlas } from './native-blas.js';
import { nativeMatMulInstalled } from './native-kernels.js';
import { readFloats, rewriteVariable } from './tensor-memory.js';

export function polyakUpdate(targets: readonly tf.Variable[], sources: readonly tf.Variable[], tau: number): void {
  if (targets.length !== sources.length) throw new ShapeMismatchError('Polyak variables', targets.length, sources.length);
  if (!(tau > 0 && tau <= 1)) throw new RangeError(`Polyak tau must be in (0, 1], got ${tau}`);
  const loaded = nativeMatMulInstalled() ? loadNativeBlas() : null;
  const blas = loaded?.ok === true ? loaded.blas : null;
  targets.forEach((target, i) => {
    const source = sources[i] as tf.Variable;
    if (source.size !== target.size) throw new ShapeMismatchError(`Polyak source for ${target.name}`, target.size, source.size);
    rewriteVariable(target, (t, out) => {
      const s = readFloats(source);
      if (blas !== null) blas.mix(out, t, s, 1 - tau, tau);
      else for (let j = 0; j < t.length; j++) out[j] = (1 - tau) * (t[j] as number) + tau * (s[j] as number);
    });
  });
}
