import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adjacencyTableOf } from '../../src/tabular/adjacency.js';
import { parseGridExperiment } from '../../src/tabular/experiment.js';
import { GRID_DEFAULTS } from '../../src/tabular/grid-config.js';
import { BLOCKER_HEIGHT, BLOCKER_WIDTH, BlockerEnv, LandmarkEnv, blockerState } from '../../src/tabular/grid-envs.js';
import { runGridSeed } from '../../src/tabular/run-grid.js';
import { Rng } from '../../src/util/rng.js';

const STAY = 0;
const DOWN = 2;

describe("PR Fig. 4's grid environments", () => {
  it('the shipped experiment is the paper\'s: Landmarks |N| = 2, Blocker |N| = 3, Landmarks |N| = 10; γ 0.99, β 0.4, lr 0.5 / 0.3', () => {
    const experiment = parseGridExperiment(JSON.parse(readFileSync('experiments/pr/grid.json', 'utf8')), 'grid.json');
    expect(experiment.config.envs.map((e) => [e.env, e.agents])).toEqual([['landmark', 2], ['blocker', 3], ['landmark', 10]]);
    expect(GRID_DEFAULTS.envs.map((e) => [e.env, e.agents])).toEqual([['landmark', 2], ['blocker', 3], ['landmark', 10]]);
    expect(experiment.config).toMatchObject({ learning: { gamma: 0.99, tau1: 0.65, tau2: 0.35 }, iql: { alpha0: 0.5 }, pr: { alpha0: 0.3, beta0: 0.4, adjacencyLevel: 1, adjacencyWeighting: 'uniform' } });
    expect(experiment.seeds).toHaveLength(5);
    expect(() => parseGridExperiment({ name: 'g', kind: 'tabular-grid', seeds: [0], config: { envs: [{ env: 'maze', agents: 0 }] } }, 'g.json')).toThrow(/envs\[0\]\.env.*envs\[0\]\.agents/);
  });

  it('Landmarks: |N| agents and |N| distinct landmarks on 5 × 5 cells, observations (x, y); on a landmark alone r = 0, sharing a cell costs 1', () => {
    for (const agents of [2, 10]) {
      const env = new LandmarkEnv({ agents, size: 5 }, new Rng(3, 0));
      expect(env.states).toBe(25);
      expect(env.observations[7]).toEqual([2, 1]);
      expect(new Set(env.landmarks).size).toBe(agents);
    }
    const env = new LandmarkEnv({ agents: 2, size: 5 }, new Rng(3, 0));
    const [l0 = 0] = env.landmarks;
    env.state.set([l0, l0]);
    env.step(Int32Array.from([STAY, STAY]));
    expect(Array.from(env.reward)).toEqual([-1, -1]);
    // Adjacency level 1 on (x, y): the cells of the same row and column.
    const table = adjacencyTableOf(env.observations, 1, 'uniform');
    expect(Array.from(table.members[12] ?? []).sort((a, b) => a - b)).toEqual([2, 7, 10, 11, 12, 13, 14, 17, 22]);
  });

  it('Blocker: 4 × 7 field, two blockers above the end zone, +1 to all when an agent gets through (then restart), −1 otherwise', () => {
    const env = new BlockerEnv({ agents: 3 });
    expect([BLOCKER_WIDTH, BLOCKER_HEIGHT, env.states]).toEqual([4, 7, 112]);
    expect(env.observations[blockerState(3, 5, 1, 0)]).toEqual([3, 5, 1, 0]);
    const rng = new Rng(1, 1);
    env.reset(rng);
    for (let t = 0; t < 4; t++) {
      env.step(Int32Array.from([DOWN, DOWN, DOWN]), rng);
      expect(Array.from(env.reward)).toEqual([-1, -1, -1]);
    }
    // Three agents in four columns, two guarded at a time: within a few more pushes one gets through.
    let scored = false;
    for (let t = 0; t < 20 && !scored; t++) {
      env.step(Int32Array.from([DOWN, DOWN, DOWN]), rng);
      scored = env.reward[0] === 1;
    }
    expect(scored).toBe(true);
    expect(Array.from(env.state).map((s) => env.observations[s]?.[1])).toEqual([0, 0, 0]);
  });

  it('runs IQL+PR deterministically for a seed', () => {
    const config = { ...GRID_DEFAULTS, learning: { ...GRID_DEFAULTS.learning, episodes: 3, horizon: 10 } };
    const spec = { env: 'blocker' as const, agents: 3, size: 5 };
    const a: number[] = [];
    const b: number[] = [];
    runGridSeed(config, spec, 'iql-pr', 4, (r) => a.push(Number(r.return)));
    runGridSeed(config, spec, 'iql-pr', 4, (r) => b.push(Number(r.return)));
    expect(a).toEqual(b);
    expect(a).toHaveLength(3);
  });
});
