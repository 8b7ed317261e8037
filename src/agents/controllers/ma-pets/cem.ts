// The cross-entropy method over action sequences (PETS, Chua et al. 2018, Sec. 4 and App.; Botev et al. 2013), for
// G independent problems at once (one per CAV) so that each iteration asks the objective for ALL candidates of all
// problems in one call. Pure: no tensors, no clock; randomness comes in as an argument.
import { gaussian } from '../../../nn/random.js';
import type { UniformSource } from '../../../nn/random.js';

export interface CemSettings {
  /** N, candidates sampled per iteration (PETS: popsize). */
  readonly population: number;
  /** K, elites the next distribution is fitted to (PETS: num_elites). */
  readonly elites: number;
  /** I, maximum iterations (PETS: max_iters). */
  readonly iterations: number;
  /** α, share of the old mean and variance kept at each update (PETS: alpha). */
  readonly alpha: number;
  /** ε: stop once every problem's largest variance is at most this (PETS: epsilon). */
  readonly epsilon: number;
}

/** G problems of dimension D = H·|A| with per-coordinate bounds (the action bounds tiled over the horizon). */
export interface CemProblem {
  readonly problems: number;
  readonly dim: number;
  readonly low: Float32Array;
  readonly high: Float32Array;
}

/** Returns (higher is better) of candidates [G·N·D], problem-major, as [G·N]. */
export type BatchedObjective = (candidates: Float32Array) => Float32Array;

/** Truncation of the sampling distribution in standard deviations (PETS samples a normal truncated at ±2σ). */
export const TRUNCATION = 2;

/**
 * Maximises `objective` for each problem from N(initMean, initVar) ([G·D] each) and returns the final means [G·D]
 * (PETS executes the mean, not the best sample). Each iteration: the variance is constrained so that ±2σ stays
 * inside the bounds, N candidates are drawn from the ±2σ-truncated normal, the K best fit a new mean and variance,
 * and both move there by 1 − α.
 */
export function cemMaximise(problem: CemProblem, settings: CemSettings, initMean: Float32Array, initVar: Float32Array, objective: BatchedObjective, rng: UniformSource): Float32Array {
  const { problems: G, dim: D } = problem;
  const { population: N, elites: K } = settings;
  if (K > N) throw new RangeError(`CEM elites (${K}) cannot exceed the population (${N})`);
  if (initMean.length !== G * D || initVar.length !== G * D) throw new RangeError(`CEM initial distribution must have ${G * D} entries, got ${initMean.length} and ${initVar.length}`);
  const mean = Float64Array.from(initMean);
  const variance = Float64Array.from(initVar);
  const candidates = new Float32Array(G * N * D);
  for (let it = 0; it < settings.iterations && maxVariance(variance) > settings.epsilon; it++) {
    sample(problem, N, mean, variance, candidates, rng);
    const returns = objective(candidates);
    if (returns.length !== G * N) throw new RangeError(`CEM objective returned ${returns.length} values for ${G * N} candidates`);
    for (let g = 0; g < G; g++) refit(g, D, N, K, settings.alpha, candidates, returns, mean, variance);
  }
  return Float32Array.from(mean);
}

/** Candidates for every problem from its ±2σ-truncated normal, σ² constrained to the bounds (as PETS). */
function sample(problem: CemProblem, N: number, mean: Float64Array, variance: Float64Array, out: Float32Array, rng: UniformSource): void {
  const { problems: G, dim: D, low, high } = problem;
  const std = new Float64Array(D);
  for (let g = 0; g < G; g++) {
    for (let d = 0; d < D; d++) {
      const m = mean[g * D + d] as number;
      const toLow = (m - (low[d] as number)) / TRUNCATION;
      const toHigh = ((high[d] as number) - m) / TRUNCATION;
      std[d] = Math.sqrt(Math.max(0, Math.min(toLow * toLow, toHigh * toHigh, variance[g * D + d] as number)));
    }
    for (let n = 0; n < N; n++) {
      const row = (g * N + n) * D;
      for (let d = 0; d < D; d++) out[row + d] = (mean[g * D + d] as number) + (std[d] as number) * truncatedGaussian(rng);
    }
  }
}

/** Problem g's mean and variance ← α·old + (1 − α)·the moments of its K best candidates. */
function refit(g: number, D: number, N: number, K: number, alpha: number, candidates: Float32Array, returns: Float32Array, mean: Float64Array, variance: Float64Array): void {
  // Best first; a NaN return ranks last, ties keep the sampling order (deterministic).
  const value = (n: number): number => {
    const r = returns[g * N + n] as number;
    return Number.isNaN(r) ? Number.NEGATIVE_INFINITY : r;
  };
  const order = Array.from({ length: N }, (_, n) => n).sort((a, b) => (value(a) === value(b) ? a - b : value(a) > value(b) ? -1 : 1));
  const best = order.slice(0, K);
  for (let d = 0; d < D; d++) {
    let sum = 0;
    for (const n of best) sum += candidates[(g * N + n) * D + d] as number;
    const m = sum / K;
    let sq = 0;
    for (const n of best) sq += ((candidates[(g * N + n) * D + d] as number) - m) ** 2;
    const i = g * D + d;
    mean[i] = alpha * (mean[i] as number) + (1 - alpha) * m;
    variance[i] = alpha * (variance[i] as number) + (1 - alpha) * (sq / K);
  }
}

/** A standard normal truncated to [−2, 2], by rejection (accepts ~95 % of draws). */
function truncatedGaussian(rng: UniformSource): number {
  for (;;) {
    const z = gaussian(rng);
    if (Math.abs(z) <= TRUNCATION) return z;
  }
}

function maxVariance(variance: Float64Array): number {
  let max = 0;
  for (const v of variance) if (v > max) max = v;
  return max;
}
