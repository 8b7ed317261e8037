import { describe, expect, it } from 'vitest';
import type { ParticleModel } from '../../../src/agents/controllers/ma-pets/particle-model.js';
import { TrajectorySamplingPlanner } from '../../../src/agents/controllers/ma-pets/planner.js';
import type { UniformSource } from '../../../src/nn/random.js';
import { Rng } from '../../../src/util/rng.js';

/**
 * A known linear model for G problems with E identical members: position x' = x + 0.1·a, reward −(x' − goal)², a small
 * member-dependent noise-free offset so the members differ. Counts its calls (one per horizon step and CEM iteration).
 */
class LinearModel implements ParticleModel {
  readonly obsDim = 1;
  readonly actionDim = 1;
  calls = 0;
  constructor(readonly problems: number, readonly members: number, private readonly goal: number) {}

  step(obs: Float32Array, actions: Float32Array, rowsPerMember: number, rewards: Float32Array, _rng: UniformSource): void {
    this.calls += 1;
    expect(obs.length).toBe(this.problems * this.members * rowsPerMember);
    for (let r = 0; r < obs.length; r++) {
      const member = Math.floor(r / rowsPerMember) % this.members;
      const x = (obs[r] as number) + 0.1 * (actions[r] as number) + 0.001 * member;
      obs[r] = x;
      rewards[r] = -((x - this.goal) ** 2);
    }
  }
}

describe('TrajectorySamplingPlanner', () => {
  const settings = { horizon: 6, population: 60, elites: 6, iterations: 4, alpha: 0.1, epsilon: 0.001, particles: 4 };
  const bounds = { low: [-2], high: [2] };

  it('plans actions whose model return beats random action sequences, in one batched model step per horizon step', () => {
    const model = new LinearModel(2, 2, 1);
    const planner = new TrajectorySamplingPlanner(bounds, settings);
    const starts = Float32Array.from([0, 1.5]); // below the goal → push up; above → push down
    const plan = planner.plan(model, starts, [null, null], new Rng(11));
    expect(model.calls).toBe(settings.horizon * settings.iterations);
    expect(plan.actions[0]).toBeGreaterThan(0.5);
    expect(plan.actions[1]).toBeLessThan(0);
    const rng = new Rng(5);
    const randoms = Float32Array.from({ length: 2 * 100 * settings.horizon }, () => rng.uniform(-2, 2));
    const randomReturns = planner.evaluate(model, starts, randoms, rng);
    const plannedReturns = planner.evaluate(model, starts, plan.solutions, rng);
    for (let g = 0; g < 2; g++) {
      let mean = 0;
      for (let n = 0; n < 100; n++) mean += (randomReturns[g * 100 + n] as number) / 100;
      expect(plannedReturns[g]).toBeGreaterThan(mean);
      expect(plannedReturns[g]).toBeGreaterThan(Math.max(...randomReturns.subarray(g * 100, (g + 1) * 100)) - 0.05);
    }
  });

  it('warm-starts from the previous solution shifted by one step', () => {
    const model = new LinearModel(1, 2, 1);
    const planner = new TrajectorySamplingPlanner(bounds, { ...settings, iterations: 1, alpha: 1 });
    // α = 1 keeps the initial mean: the plan is the shifted warm start with the bounds' centre appended.
    const previous = Float32Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
    const plan = planner.plan(model, Float32Array.from([0]), [previous], new Rng(1));
    expect([...plan.solutions].map((v) => Number(v.toFixed(5)))).toEqual([0.2, 0.3, 0.4, 0.5, 0.6, 0]);
    expect(plan.actions[0]).toBeCloseTo(0.2, 5);
  });

  it('refuses particles that the members cannot share evenly', () => {
    const planner = new TrajectorySamplingPlanner(bounds, { ...settings, particles: 3 });
    expect(() => planner.plan(new LinearModel(1, 2, 1), Float32Array.from([0]), [null], new Rng(1))).toThrow(/multiple/);
  });
});
