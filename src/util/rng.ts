// The seeded generator for learning code and experiments (STYLE.md: randomness comes in as an argument).
// xoshiro128** (Blackman & Vigna, 2018): 128-bit state, 32-bit outputs, fast with Math.imul. The state is
// filled by splitmix32 from (seed, stream), so runs with different streams of one seed are independent.
import { CavlabUsageError } from '../errors.js';

const TWO_POW_32 = 4294967296;

/**
 * Every RNG stream of a run, in one table: `new Rng(runSeed, stream)`. The ranges do not overlap (slot streams stay
 * below MODEL_BASE up to 16,333 learner slots, model streams below TRAIN_EPISODE_BASE), so no two parts of a run
 * ever draw from the same sequence. The values are the ones runs have always used: changing one changes results.
 */
export const RNG_STREAMS = {
  /** Tabular runs (src/tabular) are runs of their own: the environment or grid layout… */
  TABULAR_ENV: 0,
  /** …and the learners' ε-greedy and sampling draws. */
  TABULAR_LEARNING: 1,
  /** The env's learner picker for an `entering` selection (src/env/multi-agent-env.ts). */
  LEARNER_PICKER: 1,
  /** MA-PMBRL's end-of-episode sample-exchange channel (controller level). */
  MA_PMBRL_EXCHANGE: 900,
  /** MA-PMBRL's pessimism draws (PGD batches, soft state values). */
  MA_PMBRL_PESSIMISM: 901,
  /** MA-PETS's end-of-episode sample-exchange channel. */
  MA_PETS_EXCHANGE: 902,
  /** MA-PETS's planner draws (CEM candidates, particle noise). */
  MA_PETS_PLANNER: 903,
  /** SVMIX's network initialisation (agent Q network and mixer). */
  SVMIX_INIT: 904,
  /** SVMIX's ε-greedy exploration and random first-episode actions. */
  SVMIX_EXPLORATION: 905,
  /** SVMIX's replay sampling and the stochastic graph's link draws. */
  SVMIX_SAMPLING: 906,
  /** Learner slot k of a pool: SLOT_BASE + SLOT_STRIDE·k + {0 core (init, update noise, random actions), 1 replay sampler, 2 action noise}. */
  SLOT_BASE: 1000,
  SLOT_STRIDE: 3,
  /** Slot k's world model and its rollouts (model-based controllers): MODEL_BASE + k. */
  MODEL_BASE: 50_000,
  /** Training episode n's SUMO seed: TRAIN_EPISODE_BASE + n (src/runner/schedule.ts). */
  TRAIN_EPISODE_BASE: 1_000_000,
  /** Evaluation episode n's SUMO seed: EVAL_EPISODE_BASE + n. */
  EVAL_EPISODE_BASE: 2_000_000,
  /** Policy reciprocity's channel deliveries. */
  PR_CHANNEL: 0x5052_0001,
  /** Policy reciprocity's sampling (a', adjacency states S#). */
  PR_SAMPLING: 0x5052_0002,
  /** The policy-exchanging controllers' rounds (neighbour choice, channel, Monte Carlo draws). */
  POLICY_EXCHANGE: 2 ** 31,
} as const;

/** The first of learner slot k's three streams (core; replay sampler and action noise follow). */
export function slotStream(k: number): number {
  return RNG_STREAMS.SLOT_BASE + RNG_STREAMS.SLOT_STRIDE * k;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** One splitmix32 step: returns the next state and an output word (used only for seeding). */
function splitmix32(state: number): { state: number; value: number } {
  const next = (state + 0x9e3779b9) >>> 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return { state: next, value: (z ^ (z >>> 16)) >>> 0 };
}

function checkWord(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value >= TWO_POW_32) {
    throw new CavlabUsageError(`rng ${name} must be an integer in [0, 2^32), got ${value}`);
  }
}

export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  /** `stream` separates independent sequences of one seed (e.g. environment vs. exploration). */
  constructor(seed: number, stream = 0) {
    checkWord('seed', seed);
    checkWord('stream', stream);
    let mix = splitmix32(seed);
    // Fold the stream in after one round so (seed, stream) and (stream, seed) differ.
    let state = (mix.value ^ Math.imul(stream, 0x27d4eb2f)) >>> 0;
    const words: number[] = [];
    for (let k = 0; k < 4; k++) {
      mix = splitmix32(state);
      state = mix.state;
      words.push(mix.value);
    }
    [this.s0, this.s1, this.s2, this.s3] = words as [number, number, number, number];
    // xoshiro must not start from the all-zero state.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** The four xoshiro128** state words (a copy), for checkpoints. */
  state(): number[] {
    return [this.s0, this.s1, this.s2, this.s3];
  }

  /** Continues from a position `state()` returned. */
  restore(state: readonly number[]): void {
    if (state.length !== 4) throw new CavlabUsageError(`rng state must be 4 words, got ${state.length}`);
    state.forEach((w, i) => checkWord(`state[${i}]`, w));
    [this.s0, this.s1, this.s2, this.s3] = state as [number, number, number, number];
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) throw new CavlabUsageError('rng state must not be all zero');
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform number in [0, 1) with 32 random bits. */
  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** A uniform number in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** A uniform integer in [0, n), without modulo bias (rejection on the top of the 32-bit range). */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) throw new CavlabUsageError(`rng.int(n) needs an integer n in [1, 2^32], got ${n}`);
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** A standard normal sample (gaussian below). */
  normal(): number {
    return gaussian(this);
  }
}

/** A standard normal sample (Box–Muller; two uniforms, no cached spare so the stream stays simple). The one sampler. */
export function gaussian(rng: { next(): number }): number {
  // 1 − u is in (0, 1], so the log is finite.
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
