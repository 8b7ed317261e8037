// The channel: each message on a link arrives with probability PRR (packet reception rate), drawn
// from a seeded RNG, and every message has a size in bytes for the traffic accounting.

/** A source of uniform numbers in [0, 1): the experiment's seeded RNG. */
export interface UniformSource {
  next(): number;
}

/** Bytes of a float32 parameter or sample value on the wire (the papers count 32 bits each). */
export const BYTES_PER_FLOAT = 4;

/** Size of `count` float32 values, bytes. */
export function floatBytes(count: number): number {
  return count * BYTES_PER_FLOAT;
}

/** Bytes in GB as the papers count them: bytes / 1024³ (= bits / (8 · 1024³)). */
export function gigabytes(bytes: number): number {
  return bytes / 1024 ** 3;
}

/**
 * ψ of RSM-MASAC (Section V): ρ_total reconstructed replicas × v, with v = 32 bits × parameter count,
 * in GB. Table V: 1,626 replicas of the 68,098-parameter policy → 0.412 GB.
 */
export function psiGigabytes(replicas: number, policyParameters: number): number {
  return (replicas * 32 * policyParameters) / (8 * 1024 ** 3);
}

/** Delivery decisions for one message per link; PRR = 1 delivers everything without drawing. */
export class LossyChannel {
  constructor(private readonly prr: number, private readonly rng: UniformSource) {
    if (!(prr >= 0 && prr <= 1)) throw new RangeError(`packet reception rate must be in [0, 1], got ${prr}`);
  }

  /** True when a message sent now arrives. */
  delivers(): boolean {
    return this.prr >= 1 || this.rng.next() < this.prr;
  }
}
