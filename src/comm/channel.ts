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

/**
 * ψ of RSM-MASAC (Section V): ρ_total reconstructed replicas × v, with v = 32 bits × parameter count,
 * in GB. Table V: 1,626 replicas of the 68,098-parameter policy → 0.412 GB.
 */
export function psiGigabytes(replicas: number, policyParameters: number): number {
  return (replicas * 32 * policyParameters) / (8 * 1024 ** 3);
}

/**
 * What a loss takes: 'message' — a whole message (an actor, a segment) is lost with probability 1 − PRR;
 * 'parameter' — every transmitted value is zeroed on its own with probability 1 − PRR (public RSM-MASAC code,
 * simulate_packet_loss with loss_rate = 1 − PRR, Fig. 14).
 */
export type LossModel = 'message' | 'parameter';
export const LOSS_MODELS = ['message', 'parameter'] as const;

/** Delivery decisions for one message per link; PRR = 1 delivers everything without drawing. */
export class LossyChannel {
  constructor(private readonly prr: number, private readonly rng: UniformSource, private readonly model: LossModel = 'message') {
    if (!(prr >= 0 && prr <= 1)) throw new RangeError(`packet reception rate must be in [0, 1], got ${prr}`);
  }

  /** True when a message sent now arrives (always true under the 'parameter' model: values are lost, not messages). */
  delivers(): boolean {
    return this.model === 'parameter' || this.prr >= 1 || this.rng.next() < this.prr;
  }

  /** What arrives of `values`: null when the message is lost, else a copy (values zeroed under the 'parameter' model). */
  transmit(values: Float32Array): Float32Array | null {
    if (!this.delivers()) return null;
    const out = Float32Array.from(values);
    if (this.model === 'parameter' && this.prr < 1) zeroParameters(out, 1 - this.prr, this.rng);
    return out;
  }
}

/** Zeroes each value of `values` in place with probability `lossRate` (one draw per value); returns how many. */
export function zeroParameters(values: Float32Array, lossRate: number, rng: UniformSource): number {
  let zeroed = 0;
  for (let i = 0; i < values.length; i++) {
    if (rng.next() < lossRate) {
      values[i] = 0;
      zeroed += 1;
    }
  }
  return zeroed;
}
