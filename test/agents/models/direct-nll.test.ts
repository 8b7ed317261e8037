import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { DirectNllGradients } from '../../../src/agents/models/direct-nll.js';
import { GaussianDynamicsModel, gaussianNll } from '../../../src/agents/models/gaussian-model.js';
import { GAUSSIAN_MODEL_DEFAULTS } from '../../../src/agents/models/model-config.js';
import { selectBackend } from '../../../src/nn/backend.js';
import { viewsOf } from '../../../src/nn/direct-mlp.js';
import { loadNativeBlas } from '../../../src/nn/native-blas.js';
import { Rng } from '../../../src/util/rng.js';
import { maxAbs } from '../../helpers/arrays.js';

// Narrow log-variance bounds so that the random head's raw outputs fall on both soft clamps and between them.
const CONFIG = { ...GAUSSIAN_MODEL_DEFAULTS, hidden: [16, 12], minLogVar: -0.3, maxLogVar: 0.2 };
const OBS = 3;
const ACT = 2;
const ROWS = 40;

describe.skipIf(!loadNativeBlas().ok)('Gaussian model NLL gradient without the tfjs engine (wasm+openblas)', () => {
  beforeAll(async () => {
    expect((await selectBackend('wasm', { native: true })).path).toBe('wasm+openblas');
  });
  afterAll(async () => {
    await selectBackend('wasm');
  });

  it('gives the loss and every variable gradient of gaussianNll under tf.variableGrads', () => {
    const rng = new Rng(5, 1);
    const model = new GaussianDynamicsModel(OBS, ACT, CONFIG, rng);
    const x = Float32Array.from({ length: ROWS * (OBS + ACT) }, () => rng.uniform(-3, 3));
    const y = Float32Array.from({ length: ROWS * (OBS + 1) }, () => rng.normal() * 2);
    const { value, grads } = tf.variableGrads(
      () => gaussianNll(model.head(tf.tensor2d(x, [ROWS, OBS + ACT]), { input: false, weights: true }), tf.tensor2d(y, [ROWS, OBS + 1])),
      model.net.variables,
    );
    const reference = model.net.variables.map((v) => (grads[v.name] as tf.Tensor).dataSync());
    const referenceLoss = value.dataSync()[0] ?? Number.NaN;
    tf.dispose([value, grads]);

    // The raw log-variances reach both clamps (else the test would not exercise their derivatives).
    const raw = tf.tidy(() => tf.split(model.net.apply(tf.tensor2d(x, [ROWS, OBS + ACT])), 2, 1)[1]?.dataSync() ?? new Float32Array());
    expect(Math.min(...raw)).toBeLessThan(CONFIG.minLogVar);
    expect(Math.max(...raw)).toBeGreaterThan(CONFIG.maxLogVar);

    const blas = loadNativeBlas();
    if (!blas.ok) throw new Error(blas.reason);
    const direct = new DirectNllGradients(blas.blas, model.net.sizes, ROWS, CONFIG);
    const loss = direct.compute(x, y, ROWS, viewsOf(model.net));
    expect(loss).toBeCloseTo(referenceLoss, 5);
    direct.grads.flat.forEach((g, i) => {
      const r = reference[i] as Float32Array;
      expect(g.length).toBe(r.length);
      const scale = maxAbs(r);
      expect(scale).toBeGreaterThan(0);
      expect(maxAbs(g.map((v, j) => v - (r[j] ?? 0))) / scale, `variable ${i}`).toBeLessThan(1e-4);
    });
    model.dispose();
  });

  it('fits with either gradient to the same loss within rounding (direct path on, then off)', async () => {
    const fitOnce = (fitSteps: number): number => {
      const rng = new Rng(9, 1);
      const model = new GaussianDynamicsModel(OBS, ACT, { ...GAUSSIAN_MODEL_DEFAULTS, hidden: [32, 32], batchSize: 64, fitSteps }, rng);
      const inputs = Float32Array.from({ length: 300 * (OBS + ACT) }, () => rng.uniform(-1, 1));
      // Targets that depend on the inputs: Δs_d = sin(3 x_d), r = x_0 x_1, plus noise.
      const targets = new Float32Array(300 * (OBS + 1));
      for (let i = 0; i < 300; i++) {
        for (let d = 0; d < OBS; d++) targets[i * (OBS + 1) + d] = Math.sin(3 * (inputs[i * (OBS + ACT) + d] ?? 0)) + 0.1 * rng.normal();
        targets[i * (OBS + 1) + OBS] = (inputs[i * (OBS + ACT)] ?? 0) * (inputs[i * (OBS + ACT) + 1] ?? 0) + 0.1 * rng.normal();
      }
      const data = { size: 300, obsDim: OBS, actionDim: ACT, inputs, targets };
      const fit = model.fit(data, data, rng);
      model.dispose();
      return fit.heldOutLoss;
    };
    const untrained = fitOnce(0);
    const direct = fitOnce(60);
    expect(direct).toBeLessThan(untrained - 0.1);
    await selectBackend('wasm', { native: false });
    const tfjs = fitOnce(60);
    expect(Math.abs(direct - tfjs)).toBeLessThan(1e-3);
  });
});
