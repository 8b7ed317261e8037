// The mixture metric ζ of Theorem 2 and the parameter mixture of eq. (10). Pure arithmetic, no tensors.
//
// Theorem 2: mixing θ_mix = θ + ζ(θ̃ − θ) improves η when Â = 𝔸⁺_π(π̃) > 0 and
//   0 < ζ < sqrt(2Â / (C · (θ̃ − θ)ᵀ F(θ) (θ̃ − θ))),   C = 2γε / (1 − γ)²   (eq. 15),
// with ε the largest per-state advantage magnitude. Decision (algorithms.md, from the paper's own remark in
// Sec. VI-C "a batch average gradient to approximate F(θ)"): F ≈ g gᵀ with g the batch-average score gradient, so
// the quadratic form is (g · Δθ)². Alg. 2 l. 10 sets ζ "less than the calculated upper bound": ζ = margin · bound,
// clamped to [0, ζ_max].

export interface MixingLimits {
  /** ζ_max, the clamp of ζ (algorithms.md: 0.8). */
  readonly maxMixingWeight: number;
  /** ζ = margin · bound (< 1: strictly below the bound, Alg. 2 l. 10). */
  readonly boundMargin: number;
}

/** C = 2γε / (1 − γ)² of eq. (15); ∞ for γ = 1. */
export function improvementConstant(gamma: number, epsilon: number): number {
  const slack = (1 - gamma) ** 2;
  return slack === 0 ? Number.POSITIVE_INFINITY : (2 * gamma * epsilon) / slack;
}

/**
 * The upper bound of ζ in Theorem 2 for Â > 0: sqrt(2Â / (C · quadratic)), quadratic = Δθᵀ F Δθ ≈ (g · Δθ)².
 * A zero denominator (no curvature along Δθ, or C = 0) puts no bound: ∞. Â ≤ 0 gives 0 (no improvement guaranteed).
 */
export function mixingWeightBound(advantage: number, constant: number, quadratic: number): number {
  if (!(advantage > 0)) return 0;
  const denominator = constant * quadratic;
  if (denominator === 0) return Number.POSITIVE_INFINITY;
  return Math.sqrt((2 * advantage) / denominator);
}

/** ζ for one referential policy: margin · bound clamped to [0, ζ_max]; 0 unless Â > 0 (Alg. 2 l. 7). */
export function mixingWeight(advantage: number, epsilon: number, scoreDotDelta: number, gamma: number, limits: MixingLimits): number {
  if (!(advantage > 0)) return 0;
  const bound = mixingWeightBound(advantage, improvementConstant(gamma, epsilon), scoreDotDelta * scoreDotDelta);
  const zeta = limits.boundMargin * bound;
  return Number.isNaN(zeta) ? 0 : Math.min(limits.maxMixingWeight, Math.max(0, zeta));
}

/** Eq. (10): θ ← θ + ζ(θ̃ − θ), in place on `theta`. */
export function mixInto(theta: Float32Array, referential: Float32Array, zeta: number): void {
  if (theta.length !== referential.length) throw new RangeError(`mixing vectors of ${theta.length} and ${referential.length} parameters`);
  for (let i = 0; i < theta.length; i++) theta[i] = (theta[i] as number) + zeta * ((referential[i] as number) - (theta[i] as number));
}

/** Δθ = θ̃ − θ. */
export function parameterDelta(theta: Float32Array, referential: Float32Array): Float32Array {
  if (theta.length !== referential.length) throw new RangeError(`Δθ of vectors of ${theta.length} and ${referential.length} parameters`);
  const out = new Float32Array(theta.length);
  for (let i = 0; i < out.length; i++) out[i] = (referential[i] as number) - (theta[i] as number);
  return out;
}
