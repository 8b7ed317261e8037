// Adjacency states and the adjacency space (Definitions 1–2) and the weights of Q♯ (eq. 4). Pure math.
import type { AdjacencyWeighting, StateEncoding } from './config.js';
import { TabularInputError } from './errors.js';

/** ‖x − y‖_0: the number of coordinates where two observation vectors differ (Definitions 1–2). */
export function l0Distance(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new TabularInputError(`ℓ0 distance of vectors of length ${x.length} and ${y.length}`);
  let count = 0;
  for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) count++;
  return count;
}

/**
 * Π_s^T s: an observation placed back into the d-dimensional global state, zeros where it is not observed.
 * `coordinates[k]` is the global index of the k-th observed entry (the column of the 1 in row k of Π_s, Sec. III-B).
 */
export function embedObservation(observation: ArrayLike<number>, coordinates: ArrayLike<number>, globalDim: number): Float64Array {
  if (observation.length !== coordinates.length) throw new TabularInputError(`observation of length ${observation.length} with ${coordinates.length} coordinates`);
  const out = new Float64Array(globalDim);
  for (let k = 0; k < coordinates.length; k++) {
    const c = coordinates[k] as number;
    if (!(Number.isInteger(c) && c >= 0 && c < globalDim)) throw new TabularInputError(`coordinate ${c} is outside [0, ${globalDim})`);
    out[c] = observation[k] as number;
  }
  return out;
}

/** The observation vector of state index `s` of `states` under `encoding` (see StateEncoding). */
export function encodeState(s: number, states: number, encoding: StateEncoding): Uint8Array {
  if (!(Number.isInteger(s) && s >= 0 && s < states)) throw new TabularInputError(`state ${s} is outside [0, ${states})`);
  if (encoding === 'thermometer') {
    const out = new Uint8Array(Math.max(states - 1, 1));
    for (let k = 0; k < s; k++) out[k] = 1;
    return out;
  }
  const bits = Math.max(1, Math.ceil(Math.log2(states)));
  const out = new Uint8Array(bits);
  for (let k = 0; k < bits; k++) out[k] = (s >>> k) & 1;
  return out;
}

/** One member s♯ of an adjacency space with ρ_{s♯} = ‖Π_s^T s − Π_{s♯}^T s♯‖_0. */
export interface AdjacentState {
  readonly state: number;
  readonly distance: number;
}

/**
 * S♯ of state `s`: every state whose observation is within ℓ0 distance ρ♯ of s's, s itself included (ρ = 0 ≤ ρ♯,
 * Definition 2), in index order.
 */
export function adjacencySpace(observations: readonly ArrayLike<number>[], s: number, level: number): AdjacentState[] {
  const own = observations[s];
  if (own === undefined) throw new TabularInputError(`state ${s} has no observation (${observations.length} states)`);
  const out: AdjacentState[] = [];
  observations.forEach((other, index) => {
    const distance = l0Distance(own, other);
    if (distance <= level) out.push({ state: index, distance });
  });
  return out;
}

/**
 * Eq. 4: w(s♯) = exp(d − ρ_{s♯}) / Z(ρ), Z = Σ_{s♯∈S♯} exp(d − ρ_{s♯}); d is the state dimension. d cancels in the
 * ratio, so it is subtracted before exponentiating (no overflow for large d). 'uniform' is the "generalized
 * version" Sec. V-A uses: 1/|S♯|.
 */
export function adjacencyWeights(distances: readonly number[], stateDim: number, weighting: AdjacencyWeighting): Float64Array {
  const out = new Float64Array(distances.length);
  if (distances.length === 0) return out;
  if (weighting === 'uniform') return out.fill(1 / distances.length);
  const logits = distances.map((rho) => stateDim - rho);
  const top = Math.max(...logits);
  let z = 0;
  logits.forEach((logit, k) => {
    const e = Math.exp(logit - top);
    out[k] = e;
    z += e;
  });
  for (let k = 0; k < out.length; k++) out[k] = (out[k] as number) / z;
  return out;
}

/** S♯ and the eq. 4 weights of every state, precomputed once per run. */
export interface AdjacencyTable {
  readonly members: readonly Int32Array[];
  readonly weights: readonly Float64Array[];
}

export function buildAdjacencyTable(states: number, encoding: StateEncoding, level: number, weighting: AdjacencyWeighting): AdjacencyTable {
  return adjacencyTableOf(Array.from({ length: states }, (_, s) => encodeState(s, states, encoding)), level, weighting);
}

/** S♯ and weights of every state from the states' observation vectors (the grid environments give their own). */
export function adjacencyTableOf(observations: readonly ArrayLike<number>[], level: number, weighting: AdjacencyWeighting): AdjacencyTable {
  const states = observations.length;
  const dim = observations[0]?.length ?? 0;
  const members: Int32Array[] = [];
  const weights: Float64Array[] = [];
  for (let s = 0; s < states; s++) {
    const space = adjacencySpace(observations, s, level);
    members.push(Int32Array.from(space, (m) => m.state));
    weights.push(adjacencyWeights(space.map((m) => m.distance), dim, weighting));
  }
  return { members, weights };
}

/** Q♯(s, a) of one Q-table (eq. 4): Σ_{s♯∈S♯} w(s♯) Q(s♯, a). `q` is indexed [s·|A| + a]. */
export function adjacencyValue(q: ArrayLike<number>, offset: number, actions: number, table: AdjacencyTable, s: number, a: number): number {
  const members = table.members[s];
  const weights = table.weights[s];
  if (members === undefined || weights === undefined) throw new TabularInputError(`state ${s} is outside the adjacency table`);
  let value = 0;
  for (let k = 0; k < members.length; k++) value += (weights[k] as number) * (q[offset + (members[k] as number) * actions + a] as number);
  return value;
}
