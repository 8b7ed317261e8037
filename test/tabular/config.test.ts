import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DIGITAL_DEFAULTS, resolveDigitalConfig } from '../../src/tabular/config.js';
import { TabularConfigError } from '../../src/tabular/errors.js';
import { parseDigitalExperiment } from '../../src/tabular/experiment.js';
import { digitalRuns } from '../../src/tabular/run-digital.js';

describe('Digital config', () => {
  it('defaults to the paper’s settings (Sec. V-A)', () => {
    const c = resolveDigitalConfig(undefined);
    expect(c.env).toEqual({ states: 20, agents: 20, actions: 2, meanRewardMax: 4, rewardHalfWidth: 0.5 });
    expect([c.learning.gamma, c.learning.tau1, c.learning.tau2]).toEqual([0.8, 0.65, 0.35]);
    expect([c.iql.alpha0, c.pr.alpha0, c.pr.beta0]).toEqual([0.5, 0.3, 0.3]);
  });

  it('fills partial sections from the defaults', () => {
    const c = resolveDigitalConfig({ pr: { kappa: 1 }, learning: { episodes: 10 } });
    expect(c.pr).toEqual({ ...DIGITAL_DEFAULTS.pr, kappa: 1 });
    expect(c.learning.episodes).toBe(10);
    expect(c.learning.gamma).toBe(0.8);
  });

  it('reports every problem at once, naming field and value', () => {
    let error: unknown;
    try {
      resolveDigitalConfig({ pr: { kappa: 1.5, stateEncoding: 'gray' }, learning: { tau2: 0.7, episodes: 0 }, extra: 1 }, 'x.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TabularConfigError);
    const problems = (error as TabularConfigError).problems.map((p) => p.field);
    expect(problems).toEqual(expect.arrayContaining(['config.extra', 'config.pr.kappa', 'config.pr.stateEncoding', 'config.learning.episodes', 'config.learning.tau2']));
    expect((error as TabularConfigError).message).toMatch(/^x\.json: .*config\.pr\.kappa = 1\.5/);
    expect((error as TabularConfigError).exitCode).toBe(2);
  });

  it('runs IQL, IQL+PR at κ, then the rest of the κ sweep once each', () => {
    expect(digitalRuns({ ...DIGITAL_DEFAULTS, kappaSweep: [0, 0.5, 1, 1] })).toEqual([
      { algorithm: 'iql' },
      { algorithm: 'iql-pr', kappa: 0.5 },
      { algorithm: 'iql-pr', kappa: 0 },
      { algorithm: 'iql-pr', kappa: 1 },
    ]);
  });
});

describe('experiments/pr/digital.json', () => {
  it('parses, and spells out the defaults', () => {
    const file = new URL('../../experiments/pr/digital.json', import.meta.url);
    const experiment = parseDigitalExperiment(JSON.parse(readFileSync(file, 'utf8')), file.pathname);
    expect(experiment.kind).toBe('tabular-digital');
    expect(experiment.seeds).toEqual([0, 1, 2, 3, 4]);
    expect({ ...experiment.config, metrics: DIGITAL_DEFAULTS.metrics }).toEqual(DIGITAL_DEFAULTS);
  });
  it('rejects a wrong kind, missing seeds and bad config together', () => {
    expect(() => parseDigitalExperiment({ name: 'n', kind: 'sumo', config: { iql: { alpha0: 0 } } }, 'e.json')).toThrow(/kind.*seeds.*config\.iql\.alpha0|kind.*config\.iql\.alpha0.*seeds/);
  });
});
