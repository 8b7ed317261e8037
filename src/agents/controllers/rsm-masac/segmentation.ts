// Segmentation of a policy's flat parameter vector (RSM-MASAC Sec. V-A1, eq. 16): θ = (θ̂_1, …, θ̂_P), P
// non-overlapping segments in order. "The most intuitive uniform parameter partition": every segment but the last
// has ⌊n/P⌋ + 1 parameters and the last one takes the rest (algorithms.md, from the public RSM-MASAC code), e.g.
// 68,098 parameters in P = 4 segments: 17,025 · 3 + 17,023. P = 1 is the whole vector. Pure, no tensors.

/** Segment p covers parameters [start, end). */
export interface SegmentBounds {
  readonly start: number;
  readonly end: number;
}

/** Length of every segment but the last: ⌊n/P⌋ + 1 (n for P = 1). */
export function segmentLength(parameters: number, segments: number): number {
  checkSegmentation(parameters, segments);
  return segments === 1 ? parameters : Math.floor(parameters / segments) + 1;
}

/**
 * The P segments of an n-parameter vector, in order; they cover [0, n) exactly once. A vector too short for P
 * non-empty segments of this layout (n ≤ (P − 1)(⌊n/P⌋ + 1), only for n of a few times P) is refused.
 */
export function segmentBounds(parameters: number, segments: number): SegmentBounds[] {
  const length = segmentLength(parameters, segments);
  if (segments > 1 && (segments - 1) * length >= parameters) {
    throw new RangeError(`${parameters} parameters are too few for ${segments} segments of ${length} (the last would be empty)`);
  }
  return Array.from({ length: segments }, (_, p) => ({ start: p * length, end: p === segments - 1 ? parameters : (p + 1) * length }));
}

/** Segment θ̂_p (0-based p) of θ cut into `segments` pieces: a view, not a copy. */
export function segmentOf(theta: Float32Array, segments: number, p: number): Float32Array {
  const bounds = segmentBounds(theta.length, segments)[p];
  if (bounds === undefined) throw new RangeError(`segment ${p} of ${segments} does not exist`);
  return theta.subarray(bounds.start, bounds.end);
}

function checkSegmentation(parameters: number, segments: number): void {
  if (!Number.isInteger(parameters) || parameters < 1) throw new RangeError(`segmentation needs a positive parameter count, got ${parameters}`);
  if (!Number.isInteger(segments) || segments < 1) throw new RangeError(`segment count P must be a positive integer, got ${segments}`);
}
