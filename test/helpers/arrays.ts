// Small numeric helpers for tests that compare arrays of numbers.

/** The largest |x| of `xs` (0 for none). */
export function maxAbs(xs: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < xs.length; i++) m = Math.max(m, Math.abs(xs[i] ?? 0));
  return m;
}
