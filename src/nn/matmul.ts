// Matrix products whose backward pass never uses a transposed product.
// Why: in tfjs-backend-wasm 4.22, matMul with transposeA/transposeB runs 13–19× slower than the plain product,
// and tfjs's own matMul gradient uses exactly those forms. Transposing explicitly and then multiplying plainly
// made one SAC update ~4× faster (../shared/design/performance.md).
import * as tf from '@tensorflow/tfjs';

/** Which inputs of a product need a gradient. An input that does not gets zeros (never read by backprop). */
export interface GradientNeeds {
  readonly a: boolean;
  readonly b: boolean;
}

const ALL: GradientNeeds = { a: true, b: true };

type MatMulOp = (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;
const ops = new Map<string, MatMulOp>();

/**
 * `op(a)·op(b)` for 2-D tensors, op = transpose when the flag is set, with the same value and gradients as
 * `tf.matMul(a, b, transposeA, transposeB)`; `needs` lets a caller skip a gradient nobody will read (e.g. the
 * critic's weights inside the actor loss — PyTorch skips them too).
 */
export function matMul(a: tf.Tensor2D, b: tf.Tensor2D, transposeA = false, transposeB = false, needs: GradientNeeds = ALL): tf.Tensor2D {
  const key = `${transposeA ? 1 : 0}${transposeB ? 1 : 0}${needs.a ? 1 : 0}${needs.b ? 1 : 0}`;
  let op = ops.get(key);
  if (op === undefined) {
    op = makeOp(transposeA, transposeB, needs);
    ops.set(key, op);
  }
  return op(a, b);
}

function plain(x: tf.Tensor2D, transpose: boolean): tf.Tensor2D {
  return transpose ? tf.transpose(x) : x;
}

function makeOp(transposeA: boolean, transposeB: boolean, needs: GradientNeeds): MatMulOp {
  const op = tf.customGrad<tf.Tensor2D>((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [a, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
    // A' = op(a), B' = op(b); y = A'·B'.
    const ap = plain(a, transposeA);
    const bp = plain(b, transposeB);
    save([ap, bp]);
    return {
      value: tf.matMul(ap, bp),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sa, sb] = saved as [tf.Tensor2D, tf.Tensor2D];
        const g = dy as tf.Tensor2D;
        // dA' = dy·B'ᵀ and dB' = A'ᵀ·dy; a transposed operand takes the transpose of its gradient:
        // da = (dy·B'ᵀ)ᵀ = B'·dyᵀ and db = (A'ᵀ·dy)ᵀ = dyᵀ·A'.
        const da = !needs.a ? tf.zerosLike(a) : transposeA ? tf.matMul(sb, tf.transpose(g)) : tf.matMul(g, tf.transpose(sb));
        const db = !needs.b ? tf.zerosLike(b) : transposeB ? tf.matMul(tf.transpose(g), sa) : tf.matMul(tf.transpose(sa), g);
        return [da, db];
      },
    };
  });
  return (a, b) => op(a, b);
}
