// Visit-count step sizes of eq. 8 (Theorem 1). Pure math.

/**
 * Eq. 8: on the k-th visit of (s, a) (k = 0 for the first), α_t = a/(k+1)^τ1 and β_t = b/(k+1)^τ2; both are 0 at
 * times the pair is not visited, which the learners realise by updating only the visited entry.
 */
export function visitStepSize(scale: number, visitsBefore: number, exponent: number): number {
  return scale / (visitsBefore + 1) ** exponent;
}

/** Number of earlier visits of each (agent, s, a), the k of eq. 8 (T_{s,a}(k) of eq. 7). */
export class VisitCounts {
  private readonly counts: Uint32Array;
  constructor(size: number) {
    this.counts = new Uint32Array(size);
  }
  /** Visits before this one, then counts this one. */
  visit(index: number): number {
    const k = this.counts[index] as number;
    this.counts[index] = k + 1;
    return k;
  }
  get(index: number): number {
    return this.counts[index] as number;
  }
}
