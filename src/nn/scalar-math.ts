// Scalar helpers shared by the hand-written (engine-free) passes: the Gaussian constant, softplus and sigmoid on
// plain numbers.

/** ½ log 2π, the constant of a Gaussian log-density per dimension. */
export const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** log(1 + eˣ), finite for large |x|. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** 1 / (1 + e⁻ˣ), the derivative of softplus. */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
