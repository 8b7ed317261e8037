// The SAC vs SAC+PR comparison (docs/reproduction/policy-reciprocity.md, cavlab's own extension) compares like with
// like: the shipped run files and sweep give the isac baseline exactly the SAC settings of the PR runs, so a run pair
// differs only by PR's critic target.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { controllerSpec } from '../../src/agents/controllers/registry.js';
import { SAC_FIELDS } from '../../src/agents/sac/config.js';
import { expandSweep } from '../../src/experiments/grid.js';
import { parseSweepFile } from '../../src/experiments/load.js';
import { parseRunExperiment } from '../../src/runner/config.js';
import type { RunConfig } from '../../src/runner/config.js';

const DIR = 'experiments/pr';

/** The SAC core's fields of a run's resolved controller config. */
function sacPart(config: RunConfig): Record<string, unknown> {
  const fields = controllerSpec(config.algo).parseConfig(config.algoConfig, config.algo) as Record<string, unknown>;
  return Object.fromEntries(Object.keys(SAC_FIELDS).map((k) => [k, fields[k]]));
}

function runFile(name: string): RunConfig {
  return parseRunExperiment(JSON.parse(readFileSync(join(DIR, name), 'utf8')), name).config;
}

describe('experiments/pr: SAC vs SAC+PR', () => {
  for (const scenario of ['figure8', 'intersection8']) {
    it(`${scenario}: the isac baseline and the PR run share every SAC setting, the budget and the seeds`, () => {
      const sac = runFile(`${scenario}-sac.json`);
      const pr = runFile(`${scenario}-sac-pr.json`);
      expect([sac.algo, pr.algo]).toEqual(['isac', 'policy-reciprocity']);
      expect(sacPart(sac)).toEqual(sacPart(pr));
      for (const key of ['scenario', 'episodes', 'horizon', 'evalEvery', 'evalEpisodes'] as const) expect(sac[key]).toEqual(pr[key]);
    });
  }

  it('sweeps/sac-pr.json: every isac run has the SAC settings of the PR run of its scenario and seed', async () => {
    const path = join(DIR, 'sweeps', 'sac-pr.json');
    const plan = await expandSweep(parseSweepFile(JSON.parse(readFileSync(path, 'utf8')), path), path, { budget: 'paper', out: tmpdir() });
    const pr = new Map(plan.runs.filter((r) => r.config.algo === 'policy-reciprocity').map((r) => [`${r.config.scenario}/${r.config.seed}`, r.config]));
    const baselines = plan.runs.filter((r) => r.config.algo === 'isac');
    expect(baselines.length).toBe(pr.size);
    for (const run of baselines) {
      const twin = pr.get(`${run.config.scenario}/${run.config.seed}`);
      expect(twin).toBeDefined();
      if (twin !== undefined) expect(sacPart(run.config)).toEqual(sacPart(twin));
    }
  });
});
