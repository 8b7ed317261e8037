import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { controllerSpec } from '../../../src/agents/controllers/registry.js';
import { parseRunExperiment } from '../../../src/runner/config.js';

const DIR = 'experiments/ma-pmbrl';

describe('experiments/ma-pmbrl', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));

  it('has one run file per configuration of Figs. 3, 4, 5 (Table 3, Fig. 6) and 7', () => {
    expect(files.sort()).toEqual([
      'fig3-idm.json', 'fig3-isac.json', 'fig3-ma-pmbrl.json', 'fig3-mbpo.json', 'fig4-avg.json', 'fig4-best.json', 'fig4-final.json',
      'fig5-d0.json', 'fig5-d100.json', 'fig5-d150.json', 'fig5-d200.json', 'fig5-d50.json', 'fig7-L13.json', 'fig7-L18.json', 'fig7-L3.json', 'fig7-L8.json',
    ]);
  });

  for (const file of files) {
    it(`${file} parses, with the paper's K = 20 episodes of H = 1500 on intersection8 and a valid algoConfig`, () => {
      const { config } = parseRunExperiment(JSON.parse(readFileSync(join(DIR, file), 'utf8')), file);
      expect(config).toMatchObject({ scenario: 'intersection8', episodes: 20, horizon: 1500 });
      expect(() => controllerSpec(config.algo).parseConfig(config.algoConfig, config.algo)).not.toThrow();
    });
  }
});
