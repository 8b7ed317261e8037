// PPO's pure pieces against hand-computed values: GAE on a 3-step rollout with a truncation and a termination, the
// rollout buffer's bootstrap choices, the clipped surrogate, entropy and value loss, advantage normalisation and
// the minibatch permutation.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PPO_DEFAULTS, resolvePpoConfig } from '../../../src/agents/ppo/config.js';
import { gae } from '../../../src/agents/ppo/gae.js';
import { clippedSurrogateLoss, gaussianEntropy, normalizeAdvantages, valueLoss } from '../../../src/agents/ppo/losses.js';
import { gatherRows, shuffledMinibatches } from '../../../src/agents/ppo/minibatches.js';
import { RolloutBuffer } from '../../../src/agents/ppo/rollout.js';
import { selectBackend } from '../../../src/nn/backend.js';
import { mulberry32 } from '../../../src/nn/random.js';

const f32 = (xs: readonly number[]): Float32Array => Float32Array.from(xs);

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('GAE', () => {
  it('matches a hand computation inside one episode (γ = 0.9, λ = 0.5, cut after step 3)', () => {
    // δ0 = 1 + 0.9·2 − 1 = 1.8, δ1 = 0 + 0.9·3 − 2 = 0.7, δ2 = 2 + 0.9·4 − 3 = 2.6 (bootstrap V(s3) = 4 at the cut).
    // Â2 = 2.6, Â1 = 0.7 + 0.45·2.6 = 1.87, Â0 = 1.8 + 0.45·1.87 = 2.6415.
    const { advantages, returns } = gae({ rewards: f32([1, 0, 2]), values: f32([1, 2, 3]), nextValues: f32([2, 3, 4]), terminated: f32([0, 0, 0]), ends: f32([0, 0, 0]) }, 0.9, 0.5);
    expect([...advantages].map((a) => Number(a.toFixed(5)))).toEqual([2.6415, 1.87, 2.6]);
    expect([...returns].map((a) => Number(a.toFixed(5)))).toEqual([3.6415, 3.87, 5.6]);
  });

  it('stops at an episode end, bootstraps a truncation and not a termination', () => {
    // Step 0 truncated with V(final) = 5: δ0 = 1 + 0.9·5 − 1 = 4.5, no carry from step 1.
    // Step 1 terminated: δ1 = 2 − 2 = 0 (no bootstrap although nextValue = 7).
    const { advantages } = gae({ rewards: f32([1, 2]), values: f32([1, 2]), nextValues: f32([5, 7]), terminated: f32([0, 1]), ends: f32([1, 1]) }, 0.9, 0.5);
    expect([...advantages]).toEqual([4.5, 0]);
  });

  it('the buffer feeds GAE the next row, the final value or the cut value', () => {
    const buffer = new RolloutBuffer(4, 1, 1);
    const row = (value: number, reward: number, end: Parameters<RolloutBuffer['add']>[0]['end']) => buffer.add({ obs: f32([value]), action: f32([0]), preTanh: f32([0]), logProb: -1, reward, value, end });
    row(1, 1, { kind: 'running' });
    row(2, 0, { kind: 'truncated', finalValue: 10 });
    row(3, 1, { kind: 'terminated' });
    row(4, 0, { kind: 'running' });
    expect(buffer.full).toBe(true);
    expect(() => row(5, 0, { kind: 'running' })).toThrow(/full/);
    const batch = buffer.finish(6, 1, 1);
    // γ = λ = 1: Â3 = 0 + 6 − 4 = 2; Â2 = 1 − 3 = −2 (terminal); Â1 = 0 + 10 − 2 = 8 (truncated); Â0 = 1 + 2 − 1 + 8 = 10.
    expect([...batch.advantages]).toEqual([10, 8, -2, 2]);
    expect([...batch.returns]).toEqual([11, 10, 1, 6]);
    buffer.clear();
    expect(buffer.size).toBe(0);
  });
});

describe('PPO losses', () => {
  it('the clipped surrogate takes the pessimistic term (ε = 0.2)', () => {
    // ratios e^{0.5} ≈ 1.6487, 1, e^{−0.5} ≈ 0.6065 with Â = 1, 2, −1:
    // min(1.6487·1, 1.2·1) = 1.2; min(2, 2) = 2; min(−0.6065, −0.8) = −0.8. Loss = −(1.2 + 2 − 0.8)/3 = −0.8.
    const loss = tf.tidy(() => clippedSurrogateLoss(tf.tensor1d([0.5, 0, -0.5]), tf.tensor1d([0, 0, 0]), tf.tensor1d([1, 2, -1]), 0.2).dataSync()[0]);
    expect(loss).toBeCloseTo(-0.8, 6);
    // Inside the clip range the loss is −mean(r·Â): ratio e^{0.1} ≈ 1.10517, Â = 2 → −2.21034.
    const inside = tf.tidy(() => clippedSurrogateLoss(tf.tensor1d([0.1]), tf.tensor1d([0]), tf.tensor1d([2]), 0.2).dataSync()[0]);
    expect(inside).toBeCloseTo(-2 * Math.exp(0.1), 5);
  });

  it('the Gaussian entropy and the value loss match their formulas', () => {
    // σ = 1 and e: H = ½ log(2πe) + (0 or 1); mean over rows = ½ log(2πe) + 0.5.
    const h = tf.tidy(() => gaussianEntropy(tf.tensor2d([[1], [Math.E]])).dataSync()[0]);
    expect(h).toBeCloseTo(0.5 * Math.log(2 * Math.PI * Math.E) + 0.5, 5);
    // c₁ = 0.5: 0.5 · mean(1², 2²) = 1.25.
    const v = tf.tidy(() => valueLoss(tf.tensor1d([1, 0]), tf.tensor1d([0, 2]), 0.5).dataSync()[0]);
    expect(v).toBeCloseTo(1.25, 6);
  });

  it('normalises advantages with the sample std', () => {
    // [1, 3]: mean 2, sample std √2 → ±1/√2.
    const out = normalizeAdvantages(f32([1, 3]));
    expect(out[0]).toBeCloseTo(-Math.SQRT1_2, 5);
    expect(out[1]).toBeCloseTo(Math.SQRT1_2, 5);
    expect([...normalizeAdvantages(f32([4]))]).toEqual([4]);
  });
});

describe('minibatches and config', () => {
  it('cuts a permutation of every row into slices of the minibatch size', () => {
    const batches = shuffledMinibatches(10, 4, mulberry32(1));
    expect(batches.map((b) => b.length)).toEqual([4, 4, 2]);
    expect(batches.flatMap((b) => [...b]).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...gatherRows(f32([0, 1, 10, 11, 20, 21]), 2, Int32Array.from([2, 0]))]).toEqual([20, 21, 0, 1]);
  });

  it('has the paper\'s and PPO\'s defaults and names a bad field', () => {
    expect(PPO_DEFAULTS).toMatchObject({ actorLr: 4e-5, gamma: 0.99, gaeLambda: 0.95, clipRange: 0.2, epochs: 10, minibatchSize: 64, maxGradNorm: 0.5, actorHidden: [256, 256] });
    expect(() => resolvePpoConfig({ clipRange: 0 })).toThrow('PPO clipRange must be a positive number, got 0');
    expect(() => resolvePpoConfig({ gaeLambda: 1.5 })).toThrow('PPO gaeLambda must be in [0, 1], got 1.5');
  });
});
