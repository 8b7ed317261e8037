import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { controllerSpec } from '../../../src/agents/controllers/registry.js';
import { MA_PMBRL_DEFAULTS } from '../../../src/agents/controllers/ma-pmbrl/config.js';
import { expandSweep } from '../../../src/experiments/grid.js';
import { parseSweepFile } from '../../../src/experiments/load.js';
import { parseRunExperiment } from '../../../src/runner/config.js';

const DIR = 'experiments/ma-pmbrl';
/** Table 2's SAC settings (α_temp as the fixed temperature) with Alg. 1's schedule: the SAC baseline of Fig. 3. */
const TABLE2_SAC = { replayCapacity: 20_000, batchSize: 512, actorLr: 1e-4, criticLr: 1e-3, alpha: 1e-3, gamma: 0.98, tau: 0.01, envStepsPerUpdate: 1 };
/** SVMIX's share of Table 2 (critic rate for its Q network and mixer), d = 100 m and Alg. 1's random first episode. */
const TABLE2_SVMIX = { replayCapacity: 20_000, batchSize: 512, lr: 1e-3, gamma: 0.98, tau: 0.01, envStepsPerUpdate: 1, learningStarts: 1500, range: 100, maxAgents: 8 };
/** One random initial episode (Alg. 1) + K = 20. */
const EPISODES = 21;

describe('experiments/ma-pmbrl', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));

  it('has one run file per configuration of Figs. 3, 4, 5 (Table 3, Fig. 6) and 7', () => {
    expect(files.sort()).toEqual([
      'fig3-firl.json', 'fig3-idm.json', 'fig3-isac.json', 'fig3-ma-pets.json', 'fig3-ma-pmbrl.json', 'fig3-mbpo.json', 'fig3-svmix.json', 'fig4-avg.json', 'fig4-best.json', 'fig4-final.json',
      'fig5-d0.json', 'fig5-d100.json', 'fig5-d150.json', 'fig5-d200.json', 'fig5-d50.json', 'fig7-L13.json', 'fig7-L18.json', 'fig7-L3.json', 'fig7-L8.json',
    ]);
  });

  it('MA-PMBRL defaults are Table 2 and Alg. 1: fixed α_temp = 0.001, one update per step, L = 8, random first episode', () => {
    expect(MA_PMBRL_DEFAULTS).toMatchObject({ ...TABLE2_SAC, learningStarts: 0, rolloutLength: 8, rolloutStart: 'current', updatesPerStep: 1, randomEpisodes: 1, modelCapacity: 7000, realRatio: 0.7, pgdLr: 1e-3 });
  });

  for (const file of files) {
    it(`${file}: the paper's H = 1500 on intersection8, d = 100 m unless Fig. 5 varies it, Table 2's SAC for the baseline`, () => {
      const { config } = parseRunExperiment(JSON.parse(readFileSync(join(DIR, file), 'utf8')), file);
      expect(config).toMatchObject({ scenario: 'intersection8', episodes: EPISODES, horizon: 1500 });
      const algoConfig = controllerSpec(config.algo).parseConfig(config.algoConfig, config.algo);
      const fields = algoConfig as Record<string, unknown>;
      if (config.algo === 'ma-pmbrl') {
        const d = /^fig5-d(\d+)/.exec(file)?.[1];
        expect(fields['range']).toBe(d === undefined ? 100 : Number(d));
        const L = /^fig7-L(\d+)/.exec(file)?.[1];
        expect(fields['rolloutLength']).toBe(L === undefined ? 8 : Number(L));
      }
      if (config.algo === 'isac' || config.algo === 'firl') expect(fields).toMatchObject({ ...TABLE2_SAC, learningStarts: 1500 });
      if (config.algo === 'ma-pets') expect(fields).toMatchObject({ range: 100, randomEpisodes: 1, modelHidden: [256, 256, 256], modelBatchSize: 1000, replayCapacity: 20_000 });
      if (config.algo === 'svmix') expect(fields).toMatchObject(TABLE2_SVMIX);
    });
  }

  const sweeps = readdirSync(join(DIR, 'sweeps')).filter((f) => f.endsWith('.json'));
  for (const file of sweeps) {
    it(`sweeps/${file}: every run has the paper's d, L, SAC settings and budget (K + 1 episodes of H = 1500, 5 seeds)`, async () => {
      const path = join(DIR, 'sweeps', file);
      const plan = await expandSweep(parseSweepFile(JSON.parse(readFileSync(path, 'utf8')), path), path, { budget: 'paper', out: tmpdir() });
      expect(plan.runs.length).toBeGreaterThan(0);
      const ranges = new Set<unknown>();
      const lengths = new Set<unknown>();
      for (const run of plan.runs) {
        const { config } = run;
        expect(config).toMatchObject({ scenario: 'intersection8', episodes: EPISODES, horizon: 1500 });
        const fields = controllerSpec(config.algo).parseConfig(config.algoConfig, config.algo) as Record<string, unknown>;
        if (config.algo === 'ma-pmbrl') {
          ranges.add(fields['range']);
          lengths.add(fields['rolloutLength']);
        }
        if (config.algo === 'isac' || config.algo === 'firl') expect(fields).toMatchObject({ ...TABLE2_SAC, learningStarts: 1500 });
        if (config.algo === 'ma-pets') expect(fields['range']).toBe(100);
        if (config.algo === 'svmix') expect(fields).toMatchObject(TABLE2_SVMIX);
      }
      expect(new Set(plan.runs.map((r) => r.config.seed))).toEqual(new Set([0, 1, 2, 3, 4]));
      if (file === 'fig5-range.json') expect([...ranges].sort((a, b) => Number(a) - Number(b))).toEqual([0, 50, 100, 150, 200]);
      else expect([...ranges]).toEqual([100]);
      if (file === 'fig7.json') expect([...lengths]).toEqual([3, 8, 13, 18]);
      else expect([...lengths]).toEqual([8]);
      if (file === 'fig3.json') expect(new Set(plan.runs.map((r) => r.config.algo))).toEqual(new Set(['idm', 'isac', 'mbpo', 'ma-pmbrl', 'firl', 'ma-pets', 'svmix']));
    });
  }
});
