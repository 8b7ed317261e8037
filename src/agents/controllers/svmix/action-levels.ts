// SVMIX's agents choose among L discrete actions (value decomposition needs max_a Q_i(o_i, a)); cavlab's scenarios
// take a continuous target speed (or acceleration). Decision (README.md): L levels evenly spaced over the action
// bounds, both bounds included, and an ε-greedy schedule as QMIX's. Pure functions, no tensors or randomness.

export interface ActionBounds {
  readonly low: readonly number[];
  readonly high: readonly number[];
}

/** Level k ∈ [0, L) of a one-dimensional action space: low + k (high − low) / (L − 1). */
export function levelValue(bounds: ActionBounds, levels: number, k: number): number {
  const low = bounds.low[0] ?? 0;
  const high = bounds.high[0] ?? 0;
  return low + ((high - low) * k) / (levels - 1);
}

/** The level nearest to an action value (the index an executed action came from). */
export function levelIndex(bounds: ActionBounds, levels: number, value: number): number {
  const low = bounds.low[0] ?? 0;
  const high = bounds.high[0] ?? 0;
  if (!(high > low)) return 0;
  const k = Math.round(((value - low) / (high - low)) * (levels - 1));
  return Math.min(levels - 1, Math.max(0, k));
}

/** ε after `learned` env steps of learning: linear from `start` to `end` over `decaySteps`, then `end` (QMIX). */
export function epsilonAt(learned: number, start: number, end: number, decaySteps: number): number {
  if (decaySteps <= 0 || learned >= decaySteps) return end;
  return start + ((end - start) * Math.max(0, learned)) / decaySteps;
}

/** Index of the largest of `values[offset … offset + n)` (the first one on ties). */
export function argmax(values: ArrayLike<number>, offset: number, n: number): number {
  let best = 0;
  for (let k = 1; k < n; k++) if ((values[offset + k] as number) > (values[offset + best] as number)) best = k;
  return best;
}
