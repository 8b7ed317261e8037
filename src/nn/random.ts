// Randomness for the learning code comes in as an argument (STYLE.md: no Math.random), so a run is
// reproducible from its seed. Any object with `next()` uniform in [0, 1) will do (e.g. the project's seeded RNG).
import { gaussian } from '../util/rng.js';

/** A source of uniform numbers in [0, 1). */
export interface UniformSource {
  next(): number;
}

/** A source whose position can be read and set again, so a checkpoint continues the same sequence. */
export interface RestorableSource extends UniformSource {
  /** The generator's internal words (a copy). */
  state(): number[];
  /** Sets the position `state()` returned. */
  restore(state: readonly number[]): void;
}

export function isRestorable(rng: UniformSource): rng is RestorableSource {
  return 'state' in rng && typeof rng.state === 'function' && 'restore' in rng && typeof rng.restore === 'function';
}

// The one Box–Muller sampler lives with the seeded RNG (src/util/rng.ts).
export { gaussian };

/** Fills `out` with standard normal samples and returns it. */
export function fillGaussian(rng: UniformSource, out: Float32Array): Float32Array {
  for (let i = 0; i < out.length; i++) out[i] = gaussian(rng);
  return out;
}

/** A uniform integer in [0, n). */
export function uniformInt(rng: UniformSource, n: number): number {
  return Math.min(n - 1, Math.floor(rng.next() * n));
}

/** A uniform number in [low, high). */
export function uniform(rng: UniformSource, low: number, high: number): number {
  return low + (high - low) * rng.next();
}

/**
 * A small seeded generator (mulberry32, 32-bit state) for tests and benchmarks.
 * Decision: runs should pass the experiment's seeded RNG instead; this exists so nn/agents need no other module.
 */
export function mulberry32(seed: number): RestorableSource {
  let state = seed >>> 0;
  return {
    state: () => [state],
    restore(words: readonly number[]): void {
      if (words.length !== 1 || !Number.isInteger(words[0])) throw new RangeError(`mulberry32 state must be one 32-bit word, got [${words.join(', ')}]`);
      state = (words[0] ?? 0) >>> 0;
    },
    next(): number {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}
