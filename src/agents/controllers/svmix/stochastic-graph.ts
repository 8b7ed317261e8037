// The time-varying V2V graph SVMIX's mixer runs on, as dense matrices padded to N agents (row i = members[i]).
// Stochastic GNNs (Gao, Isufi & Ribeiro, "Stochastic graph neural networks", 2021) train on random sub-graphs of
// the topology: each link is kept independently with probability p, so the learned filters tolerate link losses.
// Pure functions; randomness comes in as an argument.
import type { RangeGraph } from '../../../comm/range-graph.js';
import type { UniformSource } from '../../../nn/random.js';

/** A[i·n + j] = 1 when members i and j are neighbours in `graph` (symmetric, zero diagonal, zero padding). */
export function adjacency(graph: RangeGraph, members: readonly string[], n: number): Float32Array {
  if (members.length > n) throw new RangeError(`adjacency: ${members.length} members exceed the ${n} rows`);
  const rank = new Map(members.map((id, i) => [id, i]));
  const a = new Float32Array(n * n);
  members.forEach((id, i) => {
    for (const other of graph.get(id) ?? []) {
      const j = rank.get(other);
      if (j !== undefined && j !== i) a[i * n + j] = 1;
    }
  });
  return a;
}

/** One draw of the stochastic graph: each undirected link of `a` [n·n] kept with probability p (both directions). */
export function sampleLinks(a: Float32Array, n: number, p: number, rng: UniformSource): Float32Array {
  const out = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (a[i * n + j] === 0) continue;
      // A draw for every link, even at p = 1, so the RNG stream does not depend on p.
      const kept = rng.next() < p ? 1 : 0;
      out[i * n + j] = kept;
      out[j * n + i] = kept;
    }
  }
  return out;
}

/** The graph shift operator S = D⁻¹A (row i averages i's neighbours; a row without neighbours stays zero). */
export function shiftOperator(a: Float32Array, n: number): Float32Array {
  const s = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    let degree = 0;
    for (let j = 0; j < n; j++) degree += a[i * n + j] as number;
    if (degree === 0) continue;
    for (let j = 0; j < n; j++) s[i * n + j] = (a[i * n + j] as number) / degree;
  }
  return s;
}
