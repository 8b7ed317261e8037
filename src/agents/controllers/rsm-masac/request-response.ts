// Segment request and response (RSM-MASAC Sec. V-A1, eq. 17, Alg. 2 l. 2–4): agent i asks P_i distinct neighbours
// for one segment each; neighbour j_p cuts its own θ^(j_p) into P_i segments and answers with segment p; agent i
// assembles the reconstructed referential policy θ̃ = (θ̂_1^(j_1), …, θ̂_P_i^(j_P_i)). Each answer crosses the link
// i–j_p and may be lost (PRR). Pure: randomness and the channel come in as arguments.
import { floatBytes } from '../../../comm/channel.js';
import type { UniformSource } from '../../../comm/channel.js';
import { uniformInt } from '../../../nn/random.js';
import { segmentBounds } from './segmentation.js';

/** P_i = min(P, |Ω_i|) segments and κ_i = min(κ, |Ω_i|) replicas this round (Alg. 2 l. 2). */
export function roundSize(neighbours: number, segments: number, replicas: number): { readonly segments: number; readonly replicas: number } {
  return { segments: Math.min(segments, neighbours), replicas: Math.min(replicas, neighbours) };
}

/** Request (i, P_i, j_p, p): segment p (0-based) of P_i asked from neighbour j_p. */
export interface SegmentRequest {
  readonly segment: number;
  readonly neighbour: string;
}

/** One request per segment, each to a neighbour drawn at random without replacement from Ω_i (needs P_i ≤ |Ω_i|). */
export function planRequests(neighbours: readonly string[], segments: number, rng: UniformSource): SegmentRequest[] {
  if (segments > neighbours.length) throw new RangeError(`${segments} segments need as many neighbours, got ${neighbours.length}`);
  // Partial Fisher–Yates: the first `segments` entries of a uniformly shuffled copy.
  const pool = [...neighbours];
  const out: SegmentRequest[] = [];
  for (let p = 0; p < segments; p++) {
    const k = p + uniformInt(rng, pool.length - p);
    [pool[p], pool[k]] = [pool[k] as string, pool[p] as string];
    out.push({ segment: p, neighbour: pool[p] as string });
  }
  return out;
}

/** What one replica's requests brought back. */
export interface SegmentExchange {
  /** θ̃: the answered segments, and the agent's own θ where an answer was lost. */
  readonly referential: Float32Array;
  readonly received: number;
  readonly lost: number;
  /** Bytes received: 4 per parameter of each answered segment. */
  readonly bytes: number;
  /** Per request, in order: whether its answer arrived. */
  readonly arrivals: readonly boolean[];
}

/**
 * Sends `requests` and assembles θ̃ over a copy of `own`. `policies` holds each neighbour's θ as it answers;
 * `transmit` carries each answer over its link: null when lost, else what arrived (maybe with zeroed parameters).
 */
export function exchangeSegments(own: Float32Array, requests: readonly SegmentRequest[], policies: ReadonlyMap<string, Float32Array>, transmit: (values: Float32Array) => Float32Array | null): SegmentExchange {
  const referential = Float32Array.from(own);
  const bounds = segmentBounds(own.length, requests.length);
  let received = 0;
  let lost = 0;
  let bytes = 0;
  const arrivals: boolean[] = [];
  for (const { segment, neighbour } of requests) {
    const theirs = policies.get(neighbour);
    if (theirs === undefined) throw new RangeError(`no policy of neighbour '${neighbour}' to answer a segment request`);
    if (theirs.length !== own.length) throw new RangeError(`neighbour '${neighbour}' has ${theirs.length} parameters, the requester ${own.length}`);
    const { start, end } = bounds[segment] as { start: number; end: number };
    const arrived = transmit(theirs.subarray(start, end));
    arrivals.push(arrived !== null);
    if (arrived === null) {
      lost += 1;
      continue;
    }
    referential.set(arrived, start);
    received += 1;
    bytes += floatBytes(end - start);
  }
  return { referential, received, lost, bytes, arrivals };
}
