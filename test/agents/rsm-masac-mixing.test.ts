// RSM-MASAC's mixing rule (Theorem 2, eqs. 10, 19, 20; Alg. 2): the pure ζ arithmetic, then Alg. 2 on a SAC core
// whose critic and policies are constructed so that the better and the worse referential policy are known.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { BEHAVIOUR_FLOOR, importanceWeight, softPolicyAdvantage } from '../../src/agents/controllers/rsm-masac/advantage.js';
import type { AdvantageOptions } from '../../src/agents/controllers/rsm-masac/advantage.js';
import { logProbOfTaken, preTanhActions } from '../../src/agents/controllers/rsm-masac/policy-density.js';
import { commMix } from '../../src/agents/controllers/rsm-masac/comm-mix.js';
import { REGULATED_MIXTURE_DEFAULTS } from '../../src/agents/controllers/rsm-masac/config.js';
import { scoreAlong } from '../../src/agents/controllers/rsm-masac/fisher.js';
import { improvementConstant, mixInto, mixingWeight, mixingWeightBound, parameterDelta } from '../../src/agents/controllers/rsm-masac/mixing.js';
import { SacCore } from '../../src/agents/sac/sac.js';
import { selectBackend } from '../../src/nn/backend.js';
import { Mlp } from '../../src/nn/mlp.js';
import { fillGaussian, mulberry32 } from '../../src/nn/random.js';
import { setFlatParams } from '../../src/nn/flat-params.js';
import { Rng } from '../../src/util/rng.js';

const LIMITS = { maxMixingWeight: 0.8, boundMargin: 0.99 };

describe('mixing weight ζ (Theorem 2, rank-one Fisher)', () => {
  it('C = 2γε/(1 − γ)² and the bound sqrt(2Â / (C (g·Δθ)²))', () => {
    expect(improvementConstant(0.99, 1)).toBeCloseTo(19_800, 6);
    expect(improvementConstant(1, 1)).toBe(Number.POSITIVE_INFINITY);
    expect(mixingWeightBound(0.5, 19_800, 0.01)).toBeCloseTo(Math.sqrt(1 / 198), 12);
    expect(mixingWeightBound(0.5, 19_800, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(mixingWeightBound(0, 19_800, 0.01)).toBe(0);
    expect(mixingWeightBound(-1, 19_800, 0.01)).toBe(0);
  });

  it('ζ = margin × bound, clamped to [0, 0.8]; 0 unless Â > 0', () => {
    expect(mixingWeight(0.5, 1, 0.1, 0.99, LIMITS)).toBeCloseTo(0.99 * Math.sqrt(1 / 198), 12);
    expect(mixingWeight(0.5, 1, 0.001, 0.99, LIMITS)).toBe(0.8);
    expect(mixingWeight(0.5, 1, 0, 0.99, LIMITS)).toBe(0.8);
    expect(mixingWeight(0, 1, 0.1, 0.99, LIMITS)).toBe(0);
    expect(mixingWeight(-3, 1, 0.1, 0.99, LIMITS)).toBe(0);
    expect(mixingWeight(Number.NaN, 1, 0.1, 0.99, LIMITS)).toBe(0);
    expect(mixingWeight(0.5, 1, 0.1, 1, LIMITS)).toBe(0);
  });

  it('eq. (10): θ + ζ(θ̃ − θ)', () => {
    const theta = Float32Array.of(1, 2, 3);
    mixInto(theta, Float32Array.of(3, 2, 1), 0.25);
    expect(Array.from(theta)).toEqual([1.5, 2, 2.5]);
    expect(Array.from(parameterDelta(Float32Array.of(1, 2), Float32Array.of(0, 5)))).toEqual([-1, 3]);
    expect(() => mixInto(theta, Float32Array.of(1), 0.5)).toThrow(RangeError);
  });
});

// One observation, one action in [−1, 1]; actor 1 → 8 → (μ, x) and critics 2 → 8 → 1.
const SPACES = { obsDim: 1, actionBounds: { low: [-1], high: [1] } };
const ACTOR_PARAMETERS = 1 * 8 + 8 + 8 * 2 + 2;
/** softplus(x) = 1: σ = 1 (+1e-5). */
const UNIT_STD = Math.log(Math.E - 1);

/** An actor with constant μ and σ = 1 whatever the state: all weights 0, the head's bias (μ, x). */
function constantPolicy(mean: number): Float32Array {
  const theta = new Float32Array(ACTOR_PARAMETERS);
  theta[ACTOR_PARAMETERS - 2] = mean;
  theta[ACTOR_PARAMETERS - 1] = UNIT_STD;
  return theta;
}

/** Q(s, a) = 10·relu(a + 2) − 20 = 10a on [−1, 1]: larger actions are better. */
function linearCritic(): Float32Array {
  const q = new Float32Array(2 * 8 + 8 + 8 + 1);
  q[1 * 8 + 0] = 1; // W0[action][unit 0]
  q[16 + 0] = 2; // b0[0]
  q[24 + 0] = 10; // W1[unit 0][out]
  q[32] = -20; // b1
  return q;
}

/** The earlier cavlab decisions (π_t = π, Monte Carlo entropies, ε = max |term|, fresh score actions, margin 0.99). */
const EARLIER: AdvantageOptions = { importanceWeights: 'current', clampLogProbs: false, entropyEstimate: 'monte-carlo', epsilonEstimate: 'max-abs' };
const EARLIER_CONFIG = { ...REGULATED_MIXTURE_DEFAULTS, ...EARLIER, fisherActions: 'policy' as const, boundMargin: 0.99 };

describe('importance weight of eq. (19)', () => {
  it("the code's: (π̃ − π)/(π_b + 1e-5) with log π̃, log π clamped to [−20, 0]; 'current': π̃/π − 1", () => {
    const code = { importanceWeights: 'behaviour', clampLogProbs: true } as const;
    expect(importanceWeight(Math.log(0.5), Math.log(0.25), Math.log(0.25), code)).toBeCloseTo(0.25 / (0.25 + BEHAVIOUR_FLOOR), 6);
    // A density above 1 (log > 0) is clamped to 1; one below e^−20 to e^−20.
    expect(importanceWeight(2, -30, Math.log(0.5), code)).toBeCloseTo((1 - Math.exp(-20)) / (0.5 + BEHAVIOUR_FLOOR), 6);
    expect(importanceWeight(2, 1, 0, { ...code, clampLogProbs: false })).toBeCloseTo((Math.exp(2) - Math.exp(1)) / (1 + BEHAVIOUR_FLOOR), 6);
    expect(importanceWeight(Math.log(0.5), Math.log(0.25), Number.NaN, { importanceWeights: 'current', clampLogProbs: false })).toBeCloseTo(1, 12);
    expect(() => importanceWeight(0, 0, Number.NaN, code)).toThrow(/no behaviour log-prob/);
  });
});

describe('Alg. 2 on constructed policies', () => {
  let core: SacCore;
  let scratch: Mlp;
  const M = 400;
  let samples: { size: number; obs: Float32Array; actions: Float32Array; behaviourLogProb: Float32Array };

  beforeAll(async () => {
    await selectBackend('wasm');
    core = new SacCore(SPACES, { actorHidden: [8], criticHidden: [8] }, new Rng(5, 1));
    const critic = linearCritic();
    core.loadWeights({ ...core.weights(), critic1: critic, critic2: critic });
    scratch = Mlp.create(core.actor.sizes, mulberry32(0));
  });

  /** Own policy μ = 0, and M samples it drew itself with their behaviour log-probs (as AgentPool stores them). */
  function reset(): void {
    core.setActorParams(constantPolicy(0));
    const obs = Float32Array.from({ length: M }, (_, i) => Math.cos(i));
    const actions = core.act(obs, false);
    const logProb = tf.tidy(() => logProbOfTaken(core.policy, core.actor.apply(tf.tensor2d(obs, [M, 1])), tf.tensor2d(preTanhActions(core.policy, actions), [M, 1])));
    samples = { size: M, obs, actions, behaviourLogProb: Float32Array.from(logProb.dataSync()) };
    logProb.dispose();
  }

  function round(referential: Float32Array, seed = 11, config = EARLIER_CONFIG) {
    return commMix({
      core, scratch, samples: () => samples, neighbours: ['j'], policies: new Map([['j', referential]]), transmit: (v) => Float32Array.from(v),
      rng: new Rng(seed, 2), config,
    });
  }

  it('the test critic and policies are what they claim', () => {
    reset();
    expect(core.actorParameterCount).toBe(ACTOR_PARAMETERS);
    const mean = samples.actions.reduce((s, a) => s + a, 0) / M;
    expect(Math.abs(mean)).toBeLessThan(0.1);
  });

  it('a referential policy identical to the own one: Â = 0 exactly and no mix', () => {
    reset();
    setFlatParams(scratch.variables, constantPolicy(0));
    const estimate = softPolicyAdvantage(core, scratch, samples, fillGaussian(new Rng(1), new Float32Array(4 * M)), EARLIER);
    expect(estimate.advantage).toBe(0);
    expect(softPolicyAdvantage(core, scratch, samples, new Float32Array(0)).advantage).toBe(0); // the code's estimate
    const before = core.getActorParams();
    const result = round(constantPolicy(0));
    expect(result).toMatchObject({ requested: 1, received: 1, replicas: 1, mixed: 0 });
    expect(result.decisions).toEqual([{ advantage: 0, zeta: 0 }]);
    expect(Array.from(core.getActorParams())).toEqual(Array.from(before));
  });

  it('a clearly better referential policy (mean action 0.7 under Q = 10a) is mixed with ζ in (0, 0.8]', () => {
    reset();
    const better = constantPolicy(0.7);
    const result = round(better);
    const [decision] = result.decisions;
    console.log(`better referential: Â = ${decision?.advantage.toFixed(3)}, ζ = ${decision?.zeta.toFixed(4)}`);
    // E_π̃[Q] − E_π[Q] = 10·(E tanh(N(0.7, 1)) − 0) ≈ 4.8; the importance-sampled estimate is near it.
    expect(decision?.advantage).toBeGreaterThan(2);
    expect(decision?.zeta).toBeGreaterThan(0);
    expect(decision?.zeta).toBeLessThanOrEqual(0.8);
    expect(result.mixed).toBe(1);
    // θ ← θ + ζ(θ̃ − θ): only the mean's bias differs.
    const mixed = core.getActorParams();
    expect(mixed[ACTOR_PARAMETERS - 2]).toBeCloseTo(0.7 * (decision?.zeta ?? 0), 6);
    expect(mixed[ACTOR_PARAMETERS - 1]).toBeCloseTo(UNIT_STD, 6);
  });

  it('a worse referential policy (mean action −0.7) is rejected and θ stays', () => {
    reset();
    const before = core.getActorParams();
    const result = round(constantPolicy(-0.7));
    expect(result.decisions[0]?.advantage).toBeLessThan(-2);
    expect(result).toMatchObject({ replicas: 1, mixed: 0 });
    expect(Array.from(core.getActorParams())).toEqual(Array.from(before));
  });

  it('g·Δθ is the average score along Δθ: 0 for Δθ = 0, and linear in Δθ', () => {
    reset();
    const noise = fillGaussian(new Rng(9), new Float32Array(M));
    const delta = parameterDelta(constantPolicy(0), constantPolicy(0.7));
    const fresh = { kind: 'policy', noise } as const;
    expect(scoreAlong(core, samples.obs, fresh, new Float32Array(ACTOR_PARAMETERS))).toBe(0);
    const one = scoreAlong(core, samples.obs, fresh, delta);
    const two = scoreAlong(core, samples.obs, fresh, Float32Array.from(delta, (d) => 2 * d));
    expect(two).toBeCloseTo(2 * one, 5);
    // ∂ log N(u; μ, 1)/∂μ = u − μ: the mean of standard normals, times Δμ = 0.7.
    expect(one).toBeCloseTo((0.7 * noise.reduce((s, x) => s + x, 0)) / M, 4);
    // The code's: the samples' own actions (u = atanh a with μ = 0), linear in Δθ too.
    const buffer = { kind: 'buffer', actions: samples.actions, clamp: true } as const;
    const u = preTanhActions(core.policy, samples.actions);
    expect(scoreAlong(core, samples.obs, buffer, delta)).toBeCloseTo((0.7 * u.reduce((s, x) => s + x, 0)) / M, 3);
  });

  it("with the code's estimate (behaviour weights, clamp, Gaussian entropies, ζ = bound): better mixed, worse rejected", () => {
    reset();
    const better = round(constantPolicy(0.7), 11, REGULATED_MIXTURE_DEFAULTS);
    const [decision] = better.decisions;
    console.log(`code's estimate, better referential: Â = ${decision?.advantage.toFixed(3)}, ζ = ${decision?.zeta.toFixed(4)}`);
    expect(decision?.advantage).toBeGreaterThan(1);
    expect(decision?.zeta).toBeGreaterThan(0);
    expect(decision?.zeta).toBeLessThanOrEqual(0.8);
    expect(better.mixed).toBe(1);
    reset();
    const before = core.getActorParams();
    const worse = round(constantPolicy(-0.7), 11, REGULATED_MIXTURE_DEFAULTS);
    expect(worse.decisions[0]?.advantage).toBeLessThan(-1);
    expect(worse.mixed).toBe(0);
    expect(Array.from(core.getActorParams())).toEqual(Array.from(before));
  });
});
