import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ReplayBuffer } from '../../src/agents/replay.js';
import { SAC_DEFAULTS, resolveSacConfig } from '../../src/agents/sac/config.js';
import type { SacConfig } from '../../src/agents/sac/config.js';
import { SacCore } from '../../src/agents/sac/sac.js';
import { selectBackend } from '../../src/nn/backend.js';
import { mulberry32 } from '../../src/nn/random.js';

// A tiny deterministic 1-D control task: observe a target t ∈ [−1, 1], act a ∈ [−1, 1], reward −(a − t)²,
// one step per episode (terminated). A uniformly random policy scores E[−(a − t)²] = −2/3.
const SMALL: Partial<SacConfig> = {
  actorHidden: [32, 32],
  criticHidden: [32, 32],
  batchSize: 64,
  actorLr: 3e-3,
  criticLr: 3e-3,
  alphaLr: 3e-3,
  learningStarts: 64,
};

function train(seed: number, updates: number): { core: SacCore; losses: number[] } {
  const rng = mulberry32(seed);
  const core = new SacCore({ obsDim: 1, actionBounds: { low: [-1], high: [1] } }, SMALL, rng);
  const buffer = new ReplayBuffer({ capacity: 10_000, obsDim: 1, actionDim: 1 });
  const losses: number[] = [];
  const learningStarts = core.config.learningStarts;
  for (let step = 0; step < learningStarts + updates; step++) {
    const target = 2 * rng.next() - 1;
    const obs = Float32Array.of(target);
    const action = step < learningStarts ? core.randomActions(1) : core.act(obs, false);
    const a = action[0] ?? 0;
    buffer.add(obs, action, -((a - target) ** 2), obs, true);
    if (step >= learningStarts) losses.push(core.update(buffer.sample(core.config.batchSize, rng)).critic);
  }
  return { core, losses };
}

function evaluate(core: SacCore): number {
  const n = 201;
  const targets = Float32Array.from({ length: n }, (_, i) => -1 + (2 * i) / (n - 1));
  const actions = core.act(targets, true);
  return targets.reduce((s, t, i) => s - ((actions[i] ?? 0) - t) ** 2, 0) / n;
}

describe('SacCore', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('learns the 1-D target task to well beyond a random policy (fixed seed)', () => {
    const { core } = train(1, 1000);
    const score = evaluate(core);
    expect(score).toBeGreaterThan(-0.02); // random: −0.667; this seed reaches about −0.001
    core.dispose();
  });

  it('is deterministic given the seed', () => {
    const a = train(3, 60);
    const b = train(3, 60);
    expect(a.losses).toEqual(b.losses);
    const wa = a.core.weights();
    const wb = b.core.weights();
    expect(Array.from(wb.actor)).toEqual(Array.from(wa.actor));
    expect(Array.from(wb.target2)).toEqual(Array.from(wa.target2));
    expect(wb.logAlpha).toBe(wa.logAlpha);
    a.core.dispose();
    b.core.dispose();
  });

  it('leaks no tensors across updates and actions', () => {
    const rng = mulberry32(5);
    const core = new SacCore({ obsDim: 3, actionBounds: { low: [-1, 0], high: [1, 2] } }, SMALL, rng);
    const buffer = new ReplayBuffer({ capacity: 256, obsDim: 3, actionDim: 2 });
    for (let i = 0; i < 256; i++) buffer.add([rng.next(), rng.next(), rng.next()], [0, 1], rng.next(), [rng.next(), 0, 0], i % 7 === 0);
    // Adam creates its moment variables on the first step.
    core.update(buffer.sample(64, rng));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      core.update(buffer.sample(64, rng));
      core.act(new Float32Array(9 * 3), false);
      core.act(new Float32Array(9 * 3), true);
    }
    expect(tf.memory().numTensors).toBe(before);
    core.dispose();
  });

  it('acts for a batch of learners in one call, inside the bounds', () => {
    const rng = mulberry32(6);
    const core = new SacCore({ obsDim: 6, actionBounds: { low: [-3, -1], high: [2, 1] } }, {}, rng);
    const obs = Float32Array.from({ length: 9 * 6 }, () => rng.next());
    for (const deterministic of [false, true]) {
      const actions = core.act(obs, deterministic);
      expect(actions.length).toBe(18);
      actions.forEach((a, i) => {
        expect(a).toBeGreaterThanOrEqual(i % 2 === 0 ? -3 : -1);
        expect(a).toBeLessThanOrEqual(i % 2 === 0 ? 2 : 1);
      });
    }
    expect(() => core.act(new Float32Array(7), true)).toThrow(/multiple of 6/);
    core.dispose();
  });

  it('the figure-eight actor (6 observations, one action) has 68,098 parameters', () => {
    const core = new SacCore({ obsDim: 6, actionBounds: { low: [-3], high: [3] } }, {}, mulberry32(7));
    expect(core.actorParameterCount).toBe(68_098);
    const flat = core.getActorParams();
    expect(flat.length).toBe(68_098);
    core.setActorParams(flat.map((v) => v * 2));
    expect(core.getActorParams()[5]).toBeCloseTo((flat[5] ?? 0) * 2, 6);
    core.dispose();
  });

  it('keeps a fixed α fixed and delays the policy update by e', () => {
    const rng = mulberry32(8);
    const core = new SacCore({ obsDim: 1, actionBounds: { low: [-1], high: [1] } }, { ...SMALL, alpha: 0.2, policyDelay: 2 }, rng);
    const buffer = new ReplayBuffer({ capacity: 64, obsDim: 1, actionDim: 1 });
    for (let i = 0; i < 64; i++) buffer.add([rng.next()], [rng.next()], -rng.next(), [rng.next()], true);
    const first = core.update(buffer.sample(16, rng));
    const second = core.update(buffer.sample(16, rng));
    expect(first.actor).not.toBeNull();
    expect(first.alpha).toBeNull();
    expect(second.actor).toBeNull();
    expect(second.alphaValue).toBeCloseTo(0.2, 6);
    core.dispose();
  });

  it('trains on pure wasm when the native addon is off, and both paths take the same steps', async () => {
    const run = (): number[] => {
      const rng = mulberry32(9);
      const core = new SacCore({ obsDim: 2, actionBounds: { low: [-1], high: [1] } }, SMALL, rng);
      const buffer = new ReplayBuffer({ capacity: 128, obsDim: 2, actionDim: 1 });
      for (let i = 0; i < 128; i++) buffer.add([rng.next(), rng.next()], [2 * rng.next() - 1], -rng.next(), [rng.next(), rng.next()], i % 5 === 0);
      // Losses, not weights: Adam's first steps are ±lr wherever a gradient is near 0, so rounding-level
      // differences in the products can flip single weights by 2·lr.
      const losses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const l = core.update(buffer.sample(64, rng));
        losses.push(l.critic, l.actor ?? Number.NaN);
      }
      core.dispose();
      return losses;
    };
    try {
      const plain = await selectBackend('wasm', { native: false });
      expect(plain.path).toBe('wasm');
      const pure = run();
      const accelerated = await selectBackend('wasm', { native: true });
      if (accelerated.path !== 'wasm+openblas') return; // addon not built here: the pure path is what ran
      const native = run();
      expect(pure.every(Number.isFinite)).toBe(true);
      pure.forEach((x, i) => expect(Math.abs((native[i] ?? Number.NaN) - x)).toBeLessThan(1e-3 * Math.max(1, Math.abs(x))));
    } finally {
      await selectBackend('wasm');
    }
  });

  it('defaults are RSM-MASAC Table IV and the public code; bad values are refused by name', () => {
    expect(SAC_DEFAULTS).toMatchObject({ replayCapacity: 1e5, batchSize: 256, actorLr: 4e-5, criticLr: 3e-4, alphaLr: 3e-4, gamma: 0.99, tau: 1e-3, initialAlpha: 0.01, envStepsPerUpdate: 10, alpha: 'auto', targetEntropy: null });
    expect(() => resolveSacConfig({ batchSize: 0 })).toThrow(/batchSize/);
    expect(() => resolveSacConfig({ gamma: 1.5 })).toThrow(/gamma/);
    expect(() => resolveSacConfig({ alpha: -1 })).toThrow(/alpha/);
  });
});
