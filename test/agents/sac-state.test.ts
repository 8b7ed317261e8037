import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ReplayBuffer } from '../../src/agents/replay.js';
import type { SacConfig } from '../../src/agents/sac/config.js';
import { SacCore } from '../../src/agents/sac/sac.js';
import { selectBackend } from '../../src/nn/backend.js';
import { mulberry32 } from '../../src/nn/random.js';
import { Rng } from '../../src/util/rng.js';

const SMALL: Partial<SacConfig> = { actorHidden: [16, 16], criticHidden: [16, 16], batchSize: 32, actorLr: 3e-3, criticLr: 3e-3, alphaLr: 3e-3, policyDelay: 2 };
const SPACES = { obsDim: 2, actionBounds: { low: [-1], high: [1] } };

function filledBuffer(): ReplayBuffer {
  const rng = mulberry32(11);
  const buffer = new ReplayBuffer({ capacity: 500, obsDim: 2, actionDim: 1 });
  for (let i = 0; i < 500; i++) buffer.add([rng.next(), rng.next()], [2 * rng.next() - 1], -rng.next(), [rng.next(), rng.next()], i % 9 === 0);
  return buffer;
}

function steps(core: SacCore, buffer: ReplayBuffer, sampler: Rng, n: number): void {
  for (let i = 0; i < n; i++) core.update(buffer.sample(32, sampler));
}

describe('SacCore.state / loadState', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('a fresh core loaded from a state continues exactly like the original (weights, Adam, RNG)', async () => {
    const buffer = filledBuffer();
    const a = new SacCore(SPACES, SMALL, new Rng(5, 1));
    const samplerA = new Rng(5, 2);
    steps(a, buffer, samplerA, 25);
    const state = await a.state();
    const b = new SacCore(SPACES, SMALL, new Rng(99, 1));
    await b.loadState(state);
    const samplerB = new Rng(0);
    samplerB.restore(samplerA.state());
    steps(a, buffer, samplerA, 15);
    steps(b, buffer, samplerB, 15);
    const wa = a.weights();
    const wb = b.weights();
    for (const key of ['actor', 'critic1', 'critic2', 'target1', 'target2'] as const) expect(Array.from(wb[key])).toEqual(Array.from(wa[key]));
    expect(wb.logAlpha).toBe(wa.logAlpha);
    expect(wb.updates).toBe(40);
    expect(Array.from(b.act(Float32Array.of(0.3, 0.4), false))).toEqual(Array.from(a.act(Float32Array.of(0.3, 0.4), false)));
    a.dispose();
    b.dispose();
  });

  it('without the optimiser state the continuation differs (the test can fail)', async () => {
    const buffer = filledBuffer();
    const a = new SacCore(SPACES, SMALL, new Rng(5, 1));
    const samplerA = new Rng(5, 2);
    steps(a, buffer, samplerA, 25);
    const state = await a.state();
    const rngB = new Rng(7);
    const b = new SacCore(SPACES, SMALL, rngB);
    b.loadWeights(state.weights);
    rngB.restore(state.rng ?? []);
    const samplerB = new Rng(0);
    samplerB.restore(samplerA.state());
    steps(a, buffer, samplerA, 5);
    steps(b, buffer, samplerB, 5);
    expect(Array.from(b.weights().actor)).not.toEqual(Array.from(a.weights().actor));
    a.dispose();
    b.dispose();
  });

  it('state of an untrained core restores; loading leaks no tensors', async () => {
    const a = new SacCore(SPACES, SMALL, mulberry32(3));
    const fresh = await a.state();
    expect(fresh.actorOptimizer.moments.length).toBe(0);
    expect(fresh.rng).toEqual(expect.any(Array));
    const buffer = filledBuffer();
    steps(a, buffer, new Rng(1), 3);
    const trained = await a.state();
    expect(trained.criticOptimizer.moments.length).toBe(2 * 2 * (3 * 16 + 16 + 16 * 16 + 16 + 16 + 1));
    const before = tf.memory().numTensors;
    await a.loadState(trained);
    await a.loadState(trained);
    expect(tf.memory().numTensors).toBe(before);
    a.dispose();
  });
});
