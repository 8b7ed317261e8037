import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SacCore } from '../../src/agents/sac/sac.js';
import { selectBackend } from '../../src/nn/backend.js';
import { BatchedPolicy } from '../../src/nn/batched-policy.js';
import { loadNativeBlas } from '../../src/nn/native-blas.js';
import { fillGaussian, mulberry32 } from '../../src/nn/random.js';

const SPACES = { obsDim: 5, actionBounds: { low: [-3, 0], high: [1, 2] } };
const CONFIG = { actorHidden: [16, 12] };

describe('BatchedPolicy', () => {
  const learners = 3;
  const rows = 2;
  let cores: SacCore[] = [];
  beforeAll(async () => {
    await selectBackend('wasm');
    cores = Array.from({ length: learners }, (_, i) => new SacCore(SPACES, CONFIG, mulberry32(40 + i)));
  });
  afterAll(() => {
    for (const core of cores) core.dispose();
  });

  const engines = loadNativeBlas().ok ? [false, true] : [false];
  for (const native of engines) {
    it(`gives each learner's own actions, deterministic and sampled (${native ? 'openblas' : 'js'})`, () => {
      const sizes = [SPACES.obsDim, ...CONFIG.actorHidden, 4];
      const policy = new BatchedPolicy(sizes, learners, SPACES.actionBounds, { native });
      expect(policy.engine).toBe(native ? 'openblas' : 'js');
      cores.forEach((core, k) => core.getActorParams(policy.paramsOf(k)));
      const rng = mulberry32(3);
      const obs = Float32Array.from({ length: learners * rows * SPACES.obsDim }, () => rng.next() * 4 - 2);
      const noise = fillGaussian(rng, new Float32Array(learners * rows * 2));
      const deterministic = policy.act(obs, null, rows);
      const sampled = policy.act(obs, noise, rows);
      cores.forEach((core, k) => {
        const mine = obs.subarray(k * rows * SPACES.obsDim, (k + 1) * rows * SPACES.obsDim);
        const expectedMode = core.act(mine, true);
        const expectedSample = tf.tidy(() => {
          const head = core.actor.apply(tf.tensor2d(mine, [rows, SPACES.obsDim]));
          return Array.from(core.policy.sampleAction(head, tf.tensor2d(noise.subarray(k * rows * 2, (k + 1) * rows * 2), [rows, 2])).dataSync());
        });
        expectedMode.forEach((a, i) => expect(deterministic[k * rows * 2 + i]).toBeCloseTo(a, 5));
        expectedSample.forEach((a, i) => expect(sampled[k * rows * 2 + i]).toBeCloseTo(a, 5));
      });
    });
  }

  it('refuses wrong sizes by name', () => {
    const policy = new BatchedPolicy([5, 8, 4], 2, SPACES.actionBounds);
    expect(() => policy.act(new Float32Array(7), null)).toThrow(/observations/);
    expect(() => policy.setParams(0, new Float32Array(3))).toThrow(/parameters/);
    expect(() => policy.paramsOf(2)).toThrow(RangeError);
    expect(() => new BatchedPolicy([5, 8, 3], 2, SPACES.actionBounds)).toThrow(/head width/);
  });
});
