// The PPO learner: the paper's 68,098-parameter actor, one update that raises the clipped surrogate on its own batch,
// a short learning run on a 1-D toy task (no SUMO), and RSM-MAPPO's policy-advantage estimate.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { ppoPolicyAdvantage, rolloutSamples } from '../../../src/agents/ppo/advantage.js';
import { clippedSurrogateLoss } from '../../../src/agents/ppo/losses.js';
import { PpoLearner } from '../../../src/agents/ppo/ppo.js';
import { RolloutBuffer } from '../../../src/agents/ppo/rollout.js';
import type { RolloutBatch } from '../../../src/agents/ppo/rollout.js';
import { Mlp } from '../../../src/nn/mlp.js';
import { selectBackend } from '../../../src/nn/backend.js';
import { mulberry32 } from '../../../src/nn/random.js';
import { setFlatParams } from '../../../src/nn/flat-params.js';

// Toy task: observe a target t ∈ [−1, 1], act a ∈ [−1, 1], reward −(a − t)², one step per episode (a true terminal).
// A uniformly random action scores E[−(a − t)²] = −2/3.
const SPACES = { obsDim: 1, actionBounds: { low: [-1], high: [1] } };
const SMALL = { actorHidden: [32, 32], valueHidden: [32, 32], actorLr: 3e-3, valueLr: 3e-3, rolloutLength: 256, minibatchSize: 64, epochs: 10 };

function collect(learner: PpoLearner, env: () => number, rows: number): RolloutBatch {
  const buffer = new RolloutBuffer(rows, 1, 1);
  const obs = Float32Array.from({ length: rows }, env);
  const acted = learner.act(obs, false);
  for (let i = 0; i < rows; i++) {
    const a = acted.actions[i] ?? 0;
    buffer.add({ obs: obs.subarray(i, i + 1), action: acted.actions.subarray(i, i + 1), preTanh: acted.preTanh.subarray(i, i + 1), logProb: acted.logProbs[i] ?? 0, reward: -((a - (obs[i] ?? 0)) ** 2), value: acted.values[i] ?? 0, end: { kind: 'terminated' } });
  }
  return buffer.finish(0, 0.99, 0.95);
}

function meanDeterministicReward(learner: PpoLearner): number {
  const grid = Float32Array.from({ length: 41 }, (_, k) => -1 + k / 20);
  const { actions } = learner.act(grid, true);
  return grid.reduce((s, t, i) => s - ((actions[i] ?? 0) - t) ** 2, 0) / grid.length;
}

/** L^CLIP of the learner's current policy on `batch` (raw advantages). */
function surrogate(learner: PpoLearner, batch: RolloutBatch): number {
  return tf.tidy(() => {
    const { mean, std } = learner.policy.distribution(learner.actor.apply(tf.tensor2d(batch.obs, [batch.size, 1])));
    const logProb = learner.policy.logProbPreTanh(mean, std, tf.tensor2d(batch.preTanh, [batch.size, 1]));
    return clippedSurrogateLoss(logProb, tf.tensor1d(batch.logProbs), tf.tensor1d(batch.advantages), 0.2).dataSync()[0] ?? Number.NaN;
  });
}

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('PpoLearner', () => {
  it('has the paper\'s 68,098-parameter policy network (6 → 256 → 256 → 2)', () => {
    const learner = new PpoLearner({ obsDim: 6, actionBounds: { low: [-1.5], high: [1.5] } }, {}, mulberry32(0));
    expect(learner.actorParameterCount).toBe(68_098);
    const acted = learner.act(new Float32Array(12), false);
    expect(acted.actions.every((a) => a >= -1.5 && a <= 1.5)).toBe(true);
    expect(acted.logProbs.length).toBe(2);
    learner.dispose();
  });

  it('one update lowers the clipped surrogate loss on its own rollout', () => {
    const learner = new PpoLearner(SPACES, { ...SMALL, epochs: 4, entropyCoef: 0 }, mulberry32(3));
    const env = mulberry32(4);
    const batch = collect(learner, () => env.next() * 2 - 1, 256);
    // Before any step the ratio is 1, so L^CLIP = −mean Â.
    const before = surrogate(learner, batch);
    const mean = batch.advantages.reduce((s, a) => s + a, 0) / batch.size;
    expect(before).toBeCloseTo(-mean, 4);
    const losses = learner.update(batch);
    expect(losses.steps).toBe(4 * 4);
    expect(surrogate(learner, batch)).toBeLessThan(before - 0.01);
    learner.dispose();
  });

  it('learns the 1-D toy task well beyond a random policy (fixed seed)', () => {
    const learner = new PpoLearner(SPACES, SMALL, mulberry32(7));
    const env = mulberry32(8);
    const start = meanDeterministicReward(learner);
    for (let k = 0; k < 25; k++) learner.update(collect(learner, () => env.next() * 2 - 1, 256));
    const end = meanDeterministicReward(learner);
    // Random: −0.667; the initial mean action −0.25 (seed 7); learned ≈ −0.003. Threshold: |a − t| ≲ 0.2 on average.
    expect(end).toBeGreaterThan(-0.05);
    expect(end).toBeGreaterThan(start);
    learner.dispose();
  });
});

describe('PpoLearner state', () => {
  it('a restored learner continues exactly as the original (weights, Adam moments, RNG)', () => {
    const a = new PpoLearner(SPACES, SMALL, mulberry32(21));
    const env = mulberry32(22);
    a.update(collect(a, () => env.next() * 2 - 1, 128));
    const saved = a.state();
    const b = new PpoLearner(SPACES, SMALL, mulberry32(99));
    b.loadState(saved);
    expect(b.updateCount).toBe(1);
    const envA = mulberry32(23);
    const envB = mulberry32(23);
    a.update(collect(a, () => envA.next() * 2 - 1, 128));
    b.update(collect(b, () => envB.next() * 2 - 1, 128));
    expect(b.getActorParams()).toEqual(a.getActorParams());
    expect(b.state().value).toEqual(a.state().value);
    a.dispose();
    b.dispose();
  });
});

describe('RSM-MAPPO policy advantage', () => {
  it('is 0 for the learner\'s own policy and positive for a policy that favours the advantageous actions', () => {
    const learner = new PpoLearner(SPACES, SMALL, mulberry32(11));
    const env = mulberry32(12);
    const batch = collect(learner, () => env.next() * 2 - 1, 256);
    const samples = rolloutSamples(batch, 50, mulberry32(13));
    const scratch = Mlp.create(learner.actor.sizes, mulberry32(0));
    setFlatParams(scratch.variables, learner.getActorParams());
    // π̃ = π: every importance weight (π̃ − π)/π_b is 0.
    expect(ppoPolicyAdvantage(learner, scratch, samples).advantage).toBe(0);
    // A few PPO updates on this data move π towards its positive-advantage actions; that policy as π̃ must score > 0.
    const improved = new PpoLearner(SPACES, SMALL, mulberry32(11));
    improved.setActorParams(learner.getActorParams());
    for (let k = 0; k < 3; k++) improved.update(batch);
    const estimate = ppoPolicyAdvantage(learner, improved.actor, samples, { importanceWeights: 'current', clampLogProbs: false, epsilonEstimate: 'max' });
    expect(estimate.advantage).toBeGreaterThan(0);
    expect(estimate.epsilon).toBeGreaterThanOrEqual(estimate.advantage);
    scratch.dispose();
    improved.dispose();
    learner.dispose();
  });
});
