import { describe, expect, it } from 'vitest';
import type { DigitalMdp } from '../../src/tabular/digital-env.js';
import { PolicyValueCache, boltzmannPolicy, consensusError, greedyPolicy, meanGreedyValue, policyConsensusMse } from '../../src/tabular/metrics.js';
import { optimalPolicy, policyValue } from '../../src/tabular/planning.js';
import { QTables } from '../../src/tabular/q-tables.js';

function tables(values: number[][]): QTables {
  const q = new QTables(values.length, 1, 2);
  values.forEach((row, i) => q.values.set(row, q.offset(i)));
  return q;
}

describe('consensus measures', () => {
  it('is the mean ℓ2 distance to the mean table: agents (0, 0) and (2, 4) are each √5 from (1, 2)', () => {
    const c = consensusError(tables([[0, 0], [2, 4]]));
    expect(c.absolute).toBeCloseTo(Math.sqrt(5), 14);
    expect(c.relative).toBeCloseTo(1, 14);
    expect(consensusError(tables([[3, 1], [3, 1]])).absolute).toBe(0);
  });
  it('Boltzmann policy and its MSE to the average policy (Fig. 2)', () => {
    const q = tables([[0, 0], [Math.log(3), 0]]); // policies (1/2, 1/2) and (3/4, 1/4); mean (5/8, 3/8)
    expect(Array.from(boltzmannPolicy(q, 1, 1))).toEqual([0.75, 0.25].map((x) => expect.closeTo(x, 14)));
    expect(policyConsensusMse(q, 1)).toBeCloseTo((4 * (1 / 8) ** 2) / 4, 14);
  });
});

// Two states, two actions: action 0 stays, action 1 switches. Reward 1 for (s = 1, any a), 0 else.
const mdp: DigitalMdp = {
  states: 2,
  agents: 1,
  actions: 2,
  rewardHalfWidth: 0,
  transitions: Float64Array.from([1, 0, 0, 1, 0, 1, 1, 0]),
  meanRewards: Float64Array.from([0, 0, 1, 1]),
};

describe('exact values on a known model', () => {
  it('evaluates a policy: staying in state 1 is worth 1/(1−γ), switching there from 0 is worth γ/(1−γ)', () => {
    const v = policyValue(mdp, mdp.meanRewards, [1, 0], 0.8);
    expect(new PolicyValueCache(mdp, 0.8).meanValue('r', mdp.meanRewards, Int32Array.from([1, 0]))).toBeCloseTo(4.5, 12);
    expect(v[1]).toBeCloseTo(5, 12);
    expect(v[0]).toBeCloseTo(4, 12);
  });
  it('policy iteration finds "go to 1 and stay"; a greedy agent with that Q scores the optimum', () => {
    const { policy, value } = optimalPolicy(mdp, mdp.meanRewards, 0.8);
    expect(Array.from(policy)).toEqual([1, 0]);
    const agent = new QTables(1, 2, 2);
    agent.values.set([0, 1, 1, 0]);
    expect(Array.from(greedyPolicy(agent, 0))).toEqual([1, 0]);
    const cache = new PolicyValueCache(mdp, 0.8);
    expect(meanGreedyValue(agent, cache, () => mdp.meanRewards, () => 'r')).toBeCloseTo(((value[0] as number) + (value[1] as number)) / 2, 12);
  });
});
