// experiments/rsm-masac/: every file is a valid `cavlab run` experiment whose algoConfig the controller accepts,
// with the paper's epochs, horizons and seeds (RSM-MASAC Table III, Sec. VI-A).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { controllerSpec } from '../../src/agents/controllers/registry.js';
import { parseRunExperiment } from '../../src/runner/config.js';

const DIR = fileURLToPath(new URL('../../experiments/rsm-masac', import.meta.url));
const files = [
  ...readdirSync(DIR).filter((f) => f.endsWith('.json')),
  ...readdirSync(join(DIR, 'ablations')).filter((f) => f.endsWith('.json')).map((f) => join('ablations', f)),
];
// Figure 8: 310 epochs, the public code's num_episodes (config.ini; Table III says 300); Merge: Table III's 260.
const PAPER = { figure8: { episodes: 310, horizon: 1500 }, 'figure8-all': { episodes: 310, horizon: 1500 }, merge: { episodes: 260, horizon: 750 } } as const;

describe('experiments/rsm-masac', () => {
  const parsed = files.map((file) => ({ file, ...parseRunExperiment(JSON.parse(readFileSync(join(DIR, file), 'utf8')), file) }));

  it('holds figure8 and merge for idm, isac, ippo, avg-masac, rsm-masac, rsm-mappo, merge for avg-mappo, and the ablations', () => {
    for (const scenario of ['figure8', 'merge']) {
      for (const algo of ['idm', 'isac', 'ippo', 'avg-masac', 'rsm-masac', 'rsm-mappo']) expect(files).toContain(`${scenario}-${algo}.json`);
    }
    expect(files).toContain('merge-avg-mappo.json');
    const ablations = parsed.filter((p) => p.file.startsWith('ablations'));
    const values = (key: string) => ablations.map((p) => p.config.algoConfig[key]).filter((v) => v !== undefined).sort((a, b) => Number(a) - Number(b));
    expect(values('segments')).toEqual([1, 4]);
    expect(values('replicas')).toEqual([1, 3, 5]);
    expect(values('updatesPerRound')).toEqual([8, 72, 144]);
    expect(values('tau')).toEqual([1e-5, 1e-4, 1e-3, 1e-2]);
    expect(values('prr')).toEqual([0.5, 0.7, 0.9, 1]);
  });

  it('each parses, its algoConfig is accepted, and it uses the paper\'s horizon, 5 seeds and tests every 10 epochs', () => {
    for (const { file, config, seeds } of parsed) {
      expect(() => controllerSpec(config.algo).parseConfig(config.algoConfig, config.algo), file).not.toThrow();
      const paper = PAPER[config.scenario as keyof typeof PAPER];
      expect(paper, file).toBeDefined();
      expect(config.horizon, file).toBe(paper.horizon);
      expect(config.episodes, file).toBeLessThanOrEqual(paper.episodes);
      if (!file.startsWith('ablations')) expect(config.episodes, file).toBe(paper.episodes);
      expect(seeds, file).toEqual([0, 1, 2, 3, 4]);
      expect(config.evalEvery, file).toBe(10);
    }
  });

  it('no two files write to the same results folder (experiment name × algo × scenario)', () => {
    const folders = parsed.map((p) => `${p.config.experiment}/${p.config.algo}__${p.config.scenario}`);
    expect(new Set(folders).size).toBe(folders.length);
  });
});
