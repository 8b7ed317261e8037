import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { GaussianDynamicsModel } from '../../../src/agents/models/gaussian-model.js';
import { GAUSSIAN_MODEL_DEFAULTS } from '../../../src/agents/models/model-config.js';
import { splitHeldOut } from '../../../src/agents/models/transition-data.js';
import type { TransitionData } from '../../../src/agents/models/transition-data.js';
import { selectBackend } from '../../../src/nn/backend.js';
import { Rng } from '../../../src/util/rng.js';

// A known linear system: s' = A s + B a + ε_s, r = c·s + ε_r, with a different noise std per target dimension.
const A = [[0.9, 0.1], [-0.2, 0.8]];
const B = [0.5, -0.3];
const C = [1, -0.5];
const NOISE = [0.05, 0.2, 0.1]; // σ of Δs_0, Δs_1, r

/** Noise-free targets (Δs, r) of one (s, a). */
function meanTarget(s: readonly number[], a: number): number[] {
  const next = A.map((row, i) => (row[0] ?? 0) * (s[0] ?? 0) + (row[1] ?? 0) * (s[1] ?? 0) + (B[i] ?? 0) * a);
  return [(next[0] ?? 0) - (s[0] ?? 0), (next[1] ?? 0) - (s[1] ?? 0), (C[0] ?? 0) * (s[0] ?? 0) + (C[1] ?? 0) * (s[1] ?? 0)];
}

function linearData(n: number, rng: Rng): TransitionData {
  const inputs = new Float32Array(n * 3);
  const targets = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const s = [rng.uniform(-1, 1), rng.uniform(-1, 1)];
    const a = rng.uniform(-1, 1);
    inputs.set([s[0] ?? 0, s[1] ?? 0, a], i * 3);
    meanTarget(s, a).forEach((m, d) => (targets[i * 3 + d] = m + (NOISE[d] ?? 0) * rng.normal()));
  }
  return { size: n, obsDim: 2, actionDim: 1, inputs, targets };
}

describe('GaussianDynamicsModel', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('fits a linear system: mean error below 0.03 and predicted σ within 25 % of the injected noise', () => {
    const rng = new Rng(7, 1);
    const model = new GaussianDynamicsModel(2, 1, { ...GAUSSIAN_MODEL_DEFAULTS, hidden: [32, 32], batchSize: 256, fitSteps: 1500, lr: 3e-3 }, rng);
    const { train, heldOut } = splitHeldOut(linearData(4000, rng), 0.1, rng);
    expect(model.ready).toBe(false);
    const fit = model.fit(train, heldOut, rng);
    expect(model.ready).toBe(true);
    // The true model's NLL per dimension, in the standardised units the loss is reported in: log(σ_d / std_d) + ½ log 2πe.
    const std = model.state().standardiser?.targetStd ?? new Float32Array(3);
    const optimum = NOISE.reduce((sum, sigma, d) => sum + Math.log(sigma / (std[d] ?? 1)) + 0.5 * Math.log(2 * Math.PI * Math.E), 0) / 3;
    expect(fit.heldOutLoss).toBeLessThan(optimum + 0.06);
    const probe = linearData(500, new Rng(8, 1));
    const { mean, sigma } = tf.tidy(() => {
      const head = model.head(model.standardInputs(tf.tensor2d(probe.inputs, [probe.size, 3])));
      const rawMean = model.rawTargets(head.mean);
      return { mean: rawMean.dataSync(), sigma: tf.exp(tf.mul(head.logVar, 0.5)).dataSync() };
    });
    const errors = [0, 0, 0];
    const sigmas = [0, 0, 0];
    for (let i = 0; i < probe.size; i++) {
      const s = [probe.inputs[i * 3] ?? 0, probe.inputs[i * 3 + 1] ?? 0];
      const truth = meanTarget(s, probe.inputs[i * 3 + 2] ?? 0);
      for (let d = 0; d < 3; d++) {
        errors[d] = (errors[d] ?? 0) + Math.abs((mean[i * 3 + d] ?? 0) - (truth[d] ?? 0)) / probe.size;
        sigmas[d] = (sigmas[d] ?? 0) + (sigma[i * 3 + d] ?? 0) / probe.size;
      }
    }
    // σ of the standardised targets × the target std = σ in raw units.
        for (let d = 0; d < 3; d++) {
      expect(errors[d]).toBeLessThan(0.03);
      const raw = (sigmas[d] ?? 0) * (std[d] ?? 0);
      expect(raw / (NOISE[d] ?? 1)).toBeGreaterThan(0.75);
      expect(raw / (NOISE[d] ?? 1)).toBeLessThan(1.25);
    }
    model.dispose();
  });

  it('steps as s + Δŝ with the reward last, and keeps its state through state()/loadState()', () => {
    const rng = new Rng(3, 1);
    const config = { ...GAUSSIAN_MODEL_DEFAULTS, hidden: [16], batchSize: 64, fitSteps: 20 };
    const model = new GaussianDynamicsModel(2, 1, config, rng);
    const data = linearData(200, rng);
    model.fit(data, data, rng);
    const copy = new GaussianDynamicsModel(2, 1, config, new Rng(4, 1));
    copy.loadState(model.state());
    const obs = Float32Array.of(0.5, -0.5, 0.1, 0.2);
    const actions = Float32Array.of(0.3, -0.3);
    const a = model.step(obs, actions, new Rng(9, 9));
    const b = copy.step(obs, actions, new Rng(9, 9));
    expect([...a.nextObs]).toEqual([...b.nextObs]);
    expect([...a.rewards]).toEqual([...b.rewards]);
    expect(a.nextObs).toHaveLength(4);
    expect(a.rewards).toHaveLength(2);
    model.dispose();
    copy.dispose();
  });
});
