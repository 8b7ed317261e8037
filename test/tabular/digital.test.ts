// The paper's claims on the Digital environment (Sec. V-A, Theorems 2–3), at a fixed seed and a few hundred episodes.
import { beforeAll, describe, expect, it } from 'vitest';
import { DIGITAL_DEFAULTS } from '../../src/tabular/config.js';
import type { DigitalConfig } from '../../src/tabular/config.js';
import { createDigitalMdp, DigitalEnv, teamMeanReward } from '../../src/tabular/digital-env.js';
import { runDigitalSeed } from '../../src/tabular/run-digital.js';
import type { DigitalEpisodeResult } from '../../src/tabular/run-digital.js';
import { Rng } from '../../src/util/rng.js';

describe('Digital environment', () => {
  const mdp = createDigitalMdp(DIGITAL_DEFAULTS.env, new Rng(3));

  it('has 20 states, 20 agents, binary actions, stochastic rows and mean rewards in [0, 4]', () => {
    expect([mdp.states, mdp.agents, mdp.actions]).toEqual([20, 20, 2]);
    for (let row = 0; row < 40; row++) {
      const p = Array.from(mdp.transitions.subarray(row * 20, row * 20 + 20));
      expect(p.every((x) => x > 0 && x < 1)).toBe(true);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
    expect(mdp.meanRewards.length).toBe(20 * 20 * 2);
    expect(Math.min(...mdp.meanRewards)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...mdp.meanRewards)).toBeLessThan(4);
    expect(teamMeanReward(mdp).length).toBe(40);
  });

  it('is the same for the same seed and differs for another', () => {
    expect(Array.from(createDigitalMdp(DIGITAL_DEFAULTS.env, new Rng(3)).transitions)).toEqual(Array.from(mdp.transitions));
    expect(createDigitalMdp(DIGITAL_DEFAULTS.env, new Rng(4)).meanRewards[0]).not.toBe(mdp.meanRewards[0]);
  });

  it('draws rewards within ±0.5 of the mean and next states with the frequencies of p', () => {
    const env = new DigitalEnv(mdp);
    const rng = new Rng(9);
    const counts = new Array<number>(20).fill(0);
    const actions = new Int32Array(20).fill(1);
    const n = 4000;
    let worst = 0;
    for (let k = 0; k < n; k++) {
      env.state.fill(5);
      env.step(actions, rng);
      for (let i = 0; i < 20; i++) {
        worst = Math.max(worst, Math.abs((env.reward[i] as number) - (mdp.meanRewards[(i * 20 + 5) * 2 + 1] as number)));
        counts[env.state[i] as number] = (counts[env.state[i] as number] ?? 0) + 1;
      }
    }
    expect(worst).toBeLessThanOrEqual(0.5);
    expect(worst).toBeGreaterThan(0.45); // the noise really spans ±0.5
    const row = (5 * 2 + 1) * 20;
    counts.forEach((c, next) => expect(Math.abs(c / (n * 20) - (mdp.transitions[row + next] as number))).toBeLessThan(0.01));
  });
});

describe('IQL vs IQL+PR on Digital (seed 2024, 300 episodes)', () => {
  const config: DigitalConfig = { ...DIGITAL_DEFAULTS, learning: { ...DIGITAL_DEFAULTS.learning, episodes: 300 } };
  const collect = (spec: Parameters<typeof runDigitalSeed>[1]) => {
    const rows: DigitalEpisodeResult[] = [];
    runDigitalSeed(config, spec, 2024, (r) => rows.push(r));
    return rows;
  };
  let iql: DigitalEpisodeResult[] = [];
  let pr: DigitalEpisodeResult[] = [];
  beforeAll(() => {
    iql = collect({ algorithm: 'iql' });
    pr = collect({ algorithm: 'iql-pr', kappa: config.pr.kappa });
  });
  const value = (row: DigitalEpisodeResult | undefined, key: keyof DigitalEpisodeResult) => row?.[key] as number;
  const lastMean = (rows: DigitalEpisodeResult[], key: keyof DigitalEpisodeResult, n = 50) => rows.slice(-n).reduce((s, r) => s + (r[key] as number), 0) / n;

  it('IQL+PR reaches consensus: the Q-tables’ consensus error ends well below its start (Theorem 2)', () => {
    // "Start" is after episode 0: with Q_i^0 = 0 the tables agree exactly before any update.
    expect(value(pr.at(-1), 'consensus_q')).toBeLessThan(0.5 * value(pr[0], 'consensus_q'));
    expect(value(pr.at(-1), 'consensus_q_relative')).toBeLessThan(0.1 * value(pr[0], 'consensus_q_relative'));
    expect(value(pr.at(-1), 'policy_mse')).toBeLessThan(0.3 * value(pr[0], 'policy_mse'));
    // IQL has no consensus term: its tables drift apart with the agents' different rewards.
    expect(value(iql.at(-1), 'consensus_q')).toBeGreaterThan(value(iql[0], 'consensus_q'));
    expect(value(pr.at(-1), 'consensus_q')).toBeLessThan(0.3 * value(iql.at(-1), 'consensus_q'));
  });

  it('IQL+PR’s average return under the team reward is not below IQL’s (Fig. 4’s claim, Theorem 3)', () => {
    expect(lastMean(pr, 'return_team')).toBeGreaterThanOrEqual(lastMean(iql, 'return_team'));
    expect(value(pr.at(-1), 'greedy_value_team')).toBeGreaterThanOrEqual(value(iql.at(-1), 'greedy_value_team'));
    expect(value(pr.at(-1), 'greedy_value_team')).toBeLessThanOrEqual(value(pr.at(-1), 'optimal_value_team') + 1e-9);
  });
});
