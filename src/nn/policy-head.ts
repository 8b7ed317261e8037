// The policy head's constants and action bounds, free of tfjs so inference-only code (BatchedPolicy, an exported
// policy loaded through `cavlab/policy`) can use them without loading TensorFlow.js. squashed-gaussian.ts re-exports them.

/** Lower floor of σ (public RSM-MASAC code): σ = softplus(x) + STD_FLOOR. */
export const STD_FLOOR = 1e-5;

/** Per-dimension action bounds, e.g. acceleration in m/s². */
export interface ActionBounds {
  readonly low: readonly number[];
  readonly high: readonly number[];
}
