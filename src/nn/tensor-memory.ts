// Direct access to float32 tensor data for element-wise updates done in one JS loop instead of many small
// tfjs kernels (fused Adam, Polyak averaging; performance.md: ~740 small kernels are the rest of an update).
// Never in place: tfjs-backend-wasm's stock matrix products cache XNNPACK operators with the weights packed,
// keyed by tensor id, so a weight changed under the same id would be multiplied with its old value. Each update
// therefore writes a fresh buffer (on wasm: straight into a new heap tensor, one pass, no extra copy) and
// assigns it to the variable.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

function wasmBackend(): BackendWasm | null {
  if (tf.getBackend() !== 'wasm') return null;
  const backend: object = tf.backend();
  return 'typedArrayFromHeap' in backend && 'makeOutput' in backend ? (backend as BackendWasm) : null;
}

/**
 * The values of a float32 tensor. On wasm a view of the heap, valid only until the next tfjs allocation (heap
 * growth detaches it): use it at once, and never write to it.
 */
export function readFloats(t: tf.Tensor): Float32Array {
  if (t.dtype !== 'float32') throw new TypeError(`readFloats: expected a float32 tensor, got ${t.dtype}`);
  const wasm = wasmBackend();
  if (wasm !== null) return wasm.typedArrayFromHeap(t) as Float32Array;
  return t.dataSync() as Float32Array;
}

/**
 * Gives the variable new values computed by `update(old, out)`, which must fill all of `out`, may read `old`
 * (never write it) and must not allocate tensors: that could move the wasm heap under the views. Views of other
 * tensors (readFloats) are to be taken inside `update`, after this function's allocation.
 */
export function rewriteVariable(v: tf.Variable, update: (old: Float32Array, out: Float32Array) => void): void {
  if (v.dtype !== 'float32') throw new TypeError(`rewriteVariable: expected a float32 variable, got ${v.dtype}`);
  const wasm = wasmBackend();
  if (wasm !== null) {
    // Allocate first, then take the views (heap growth detaches views taken before an allocation).
    const info = wasm.makeOutput([...v.shape], 'float32');
    const fresh = tf.engine().makeTensorFromTensorInfo(info, wasm);
    update(wasm.typedArrayFromHeap(v) as Float32Array, wasm.typedArrayFromHeap(info) as Float32Array);
    v.assign(fresh);
    fresh.dispose();
    return;
  }
  const out = new Float32Array(v.size);
  update(v.dataSync() as Float32Array, out);
  tf.tidy(() => v.assign(tf.tensor(out, v.shape, 'float32')));
}
