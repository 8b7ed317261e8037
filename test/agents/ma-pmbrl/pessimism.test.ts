import { beforeAll, describe, expect, it } from 'vitest';
import { GaussianDynamicsModel } from '../../../src/agents/models/gaussian-model.js';
import { GAUSSIAN_MODEL_DEFAULTS } from '../../../src/agents/models/model-config.js';
import type { TransitionData } from '../../../src/agents/models/transition-data.js';
import { softStateValue } from '../../../src/agents/controllers/ma-pmbrl/model-value.js';
import { pessimise } from '../../../src/agents/controllers/ma-pmbrl/pessimism.js';
import type { PgdConfig } from '../../../src/agents/controllers/ma-pmbrl/pessimism.js';
import { projectOntoBall } from '../../../src/agents/controllers/ma-pmbrl/kl-ball.js';
import { SacCore } from '../../../src/agents/sac/sac.js';
import { selectBackend } from '../../../src/nn/backend.js';
import { Rng } from '../../../src/util/rng.js';

const SPACES = { obsDim: 2, actionBounds: { low: [-1], high: [1] } };
const TOLERANCE = 1e-4;

function data(n: number, rng: Rng): TransitionData {
  const inputs = new Float32Array(n * 3);
  const targets = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const s0 = rng.uniform(-1, 1);
    const s1 = rng.uniform(-1, 1);
    const a = rng.uniform(-1, 1);
    inputs.set([s0, s1, a], i * 3);
    targets.set([0.1 * a + 0.05 * rng.normal(), -0.1 * s0 + 0.05 * rng.normal(), s0 + a + 0.1 * rng.normal()], i * 3);
  }
  return { size: n, obsDim: 2, actionDim: 1, inputs, targets };
}

describe('pessimism by PGD (eqs. 5–7)', () => {
  let model: GaussianDynamicsModel;
  let core: SacCore;
  let batch: { size: number; obs: Float32Array; actions: Float32Array };
  beforeAll(async () => {
    await selectBackend('wasm');
    const rng = new Rng(11, 1);
    model = new GaussianDynamicsModel(2, 1, { ...GAUSSIAN_MODEL_DEFAULTS, hidden: [32, 32], batchSize: 128, fitSteps: 200 }, rng);
    const d = data(1000, rng);
    model.fit(d, d, rng);
    core = new SacCore(SPACES, { actorHidden: [16], criticHidden: [16] }, new Rng(11, 2));
    const obs = Float32Array.from({ length: 128 }, () => rng.uniform(-1, 1));
    batch = { size: 64, obs, actions: core.act(obs, false) };
  });

  const config = (over: Partial<PgdConfig>): PgdConfig => ({ steps: 10, lr: 0.05, radius: 0.1, bisectionSteps: 10, choice: 'best', gamma: 0.98, ...over });

  it('keeps every iterate (and the average) inside the KL ball, and ϕ_best is the lowest-valued iterate', () => {
    const mle = model.getParams();
    const result = pessimise(model, batch, softStateValue(core, 64, new Rng(1, 1)), config({}), new Rng(1, 2));
    expect(result.iterates).toHaveLength(10);
    for (const it of [...result.iterates, result.average]) expect(it.kl).toBeLessThanOrEqual(0.1 + TOLERANCE);
    expect(result.chosen.objective).toBe(Math.min(...result.iterates.map((it) => it.objective)));
    // Pessimism: the kept model values the policy lower than the MLE model does.
    expect(result.chosen.objective).toBeLessThan(result.mle.objective);
    expect([...model.getParams()]).toEqual([...result.chosen.params]);
    model.setParams(mle);
  });

  it('returns the MLE model for ξ = 0', () => {
    const mle = model.getParams();
    const result = pessimise(model, batch, softStateValue(core, 64, new Rng(1, 1)), config({ radius: 0 }), new Rng(1, 2));
    expect([...result.chosen.params]).toEqual([...mle]);
    expect([...model.getParams()]).toEqual([...mle]);
    for (const it of result.iterates) expect(it.kl).toBe(0);
  });

  it("chooses 'final' and 'avg' as asked", () => {
    const mle = model.getParams();
    const final = pessimise(model, batch, softStateValue(core, 64, new Rng(1, 1)), config({ choice: 'final' }), new Rng(1, 2));
    expect(final.chosen).toBe(final.iterates[final.iterates.length - 1]);
    model.setParams(mle);
    const avg = pessimise(model, batch, softStateValue(core, 64, new Rng(1, 1)), config({ choice: 'avg' }), new Rng(1, 2));
    expect(avg.chosen).toBe(avg.average);
    model.setParams(mle);
  });

  it('projects by bisection toward the MLE parameters, keeping the feasible end', () => {
    const mle = Float32Array.of(0, 0);
    const candidate = Float32Array.of(2, 0);
    // A KL that grows as the squared distance from the MLE, here β²: the ball of radius 0.25 ends at β = 0.5.
    const kl = (p: Float32Array) => (p[0] ?? 0) ** 2 / 4;
    const p = projectOntoBall(mle, candidate, 0.25, 20, kl);
    expect(p.kl).toBeLessThanOrEqual(0.25);
    expect(p.beta).toBeCloseTo(0.5, 4);
    expect(projectOntoBall(mle, candidate, 10, 20, kl).beta).toBe(1);
    expect([...projectOntoBall(mle, candidate, 0, 20, kl).params]).toEqual([0, 0]);
  });
});
