// The adjacency space S# of a state (Definition 2) for continuous observations: states within ℓ0 distance ρ of s.
// Deep PR samples it per mini-batch (Sec. V: "we generate adjacency states for a mini-batch of transition data");
// decision (algorithms.md): change between 1 and ρ coordinates of the observation by a small relative noise.
import { gaussian, uniformInt } from '../../../nn/random.js';
import type { UniformSource } from '../../../nn/random.js';

export interface AdjacencySampling {
  /** ρ: at most this many coordinates differ from the state (ℓ0 ≤ ρ). */
  readonly level: number;
  /** σ: a changed coordinate x becomes x·(1 + σ·z), z ~ N(0, 1). */
  readonly noise: number;
  /** |S#|: adjacency states per state. */
  readonly samples: number;
}

/**
 * Adjacency states of n states (row-major [n·dim]) → [n·|S#|·dim], the |S#| samples of row r at rows
 * r·|S#| … r·|S#| + |S#| − 1. Each sample changes c coordinates, c uniform in 1…min(ρ, dim), chosen without
 * replacement, so every ℓ0 level up to ρ is drawn.
 */
export function adjacencyStates(states: Float32Array, dim: number, sampling: AdjacencySampling, rng: UniformSource): Float32Array {
  const n = states.length / dim;
  const { level, noise, samples } = sampling;
  const out = new Float32Array(n * samples * dim);
  const order = Array.from({ length: dim }, (_, k) => k);
  const maxChanged = Math.min(level, dim);
  for (let r = 0; r < n; r++) {
    const state = states.subarray(r * dim, (r + 1) * dim);
    for (let m = 0; m < samples; m++) {
      const at = (r * samples + m) * dim;
      out.set(state, at);
      const changed = 1 + uniformInt(rng, maxChanged);
      // Partial Fisher–Yates: the first `changed` entries of `order` become a uniform subset.
      for (let k = 0; k < changed; k++) {
        const pick = k + uniformInt(rng, dim - k);
        const coordinate = order[pick] ?? k;
        order[pick] = order[k] ?? pick;
        order[k] = coordinate;
        out[at + coordinate] = (state[coordinate] ?? 0) * (1 + noise * gaussian(rng));
      }
    }
  }
  return out;
}
