// Sweep files: validation with one-line errors naming file and JSON path, YAML, budgets, grid expansion and
// run ids (plain runs keep `<algo>__<scenario>__seed<k>`).
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { prepareController } from '../../src/runner/controllers.js';
import { describe, expect, it } from 'vitest';
import { ExperimentFileError } from '../../src/experiments/errors.js';
import { cartesian, expandSweep, gridLabel } from '../../src/experiments/grid.js';
import { parseSweepFile, readExperimentData, resolveExperimentPath } from '../../src/experiments/load.js';
import { runDir } from '../../src/runner/run.js';
import type { RunConfig } from '../../src/runner/config.js';

const FILE = '/x/sweep.json';
const base = { name: 'abl', kind: 'sweep', algo: 'isac', scenario: 'figure8' };

function errorOf(input: unknown): string {
  try {
    parseSweepFile(input, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(ExperimentFileError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('no error');
}

describe('sweep file validation', () => {
  it('accepts a full file and fills defaults', () => {
    const sweep = parseSweepFile({ ...base, grid: { 'algoConfig.tau': [0.001, 0.01], horizon: [100] }, figures: ['rsm-masac/fig10'], budgets: { smoke: { episodes: 1 } } }, FILE);
    expect(sweep.seeds).toEqual([0]);
    expect(sweep.resources).toEqual({ cpusPerTask: 1, memory: '4G', time: '24:00:00' });
  });

  it('names the file and the JSON path of the bad field in one line', () => {
    expect(errorOf({ ...base, grid: { horizon: [100, -3] } })).toBe(`${FILE}: grid.horizon[1]: must be ≥ 1, got -3`);
    expect(errorOf({ ...base, grid: { 'algoConfig.tau': [] } })).toBe(`${FILE}: grid["algoConfig.tau"]: must not be empty, got []`);
    expect(errorOf({ ...base, grid: { speed: [1] } })).toMatch(/^\/x\/sweep\.json: grid\.speed: is not a grid key \(known: algo, scenario, .*algoConfig\.<name>\), got \[1\]$/);
    expect(errorOf({ ...base, episodes: 2.5 })).toBe(`${FILE}: episodes: must be an integer, got 2.5`);
    expect(errorOf({ ...base, seeds: [0, 'one'] })).toBe(`${FILE}: seeds[1]: must be a number, got "one"`);
    expect(errorOf({ ...base, budgets: { smoke: { episodes: 0 } } })).toBe(`${FILE}: budgets.smoke.episodes: must be ≥ 1, got 0`);
    expect(errorOf({ ...base, budgets: { quick: {} } })).toBe(`${FILE}: budgets.quick: is not a field here`);
    expect(errorOf({ ...base, colour: 'red' })).toBe(`${FILE}: colour: is not a field here`);
    expect(errorOf({ ...base, kind: 'grid' })).toBe(`${FILE}: kind: must be "sweep", got "grid"`);
    expect(errorOf({ name: 'x', kind: 'sweep', scenario: 'figure8' })).toBe(`${FILE}: algo: is required (here or as a grid key)`);
    expect(errorOf({ ...base, resources: { memory: 'lots' } })).toBe(`${FILE}: resources.memory: must be like "4G", got "lots"`);
    expect(errorOf({ ...base, figures: ['rsm-masac/fig99'] })).toMatch(/^\/x\/sweep\.json: figures\[0\]: unknown figure "rsm-masac\/fig99" \(known: learning-curve, rsm-masac\/fig5, .*ma-pmbrl\/table3\), got "rsm-masac\/fig99"$/);
  });

  it('counts the further problems', () => {
    expect(errorOf({ ...base, episodes: 0, horizon: 'long' })).toMatch(/\(and 1 more problem\)$/);
  });

  it('reads YAML and JSON files and reports unreadable ones with the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cavlab-sweepfile-'));
    const yaml = join(dir, 'a.yaml');
    writeFileSync(yaml, 'name: a\nkind: sweep\nalgo: idm\nscenario: figure8\ngrid:\n  horizon: [50, 100]\nseeds: [0, 1]\n');
    expect(parseSweepFile(await readExperimentData(yaml), yaml).grid).toEqual({ horizon: [50, 100] });
    expect(resolveExperimentPath(join(dir, 'a'))).toBe(yaml);
    const bad = join(dir, 'b.json');
    writeFileSync(bad, '{"name": ');
    await expect(readExperimentData(bad)).rejects.toThrow(new RegExp(`^${bad}: \\(file\\): is not valid JSON`));
  });

  it('treats a kind "run" experiment as a sweep without grid', () => {
    const sweep = parseSweepFile({ name: 'q', kind: 'run', algo: 'isac', scenario: 'figure8', seeds: [1], episodes: 3 }, FILE);
    expect(sweep.kind).toBe('sweep');
    expect(sweep.grid).toBeUndefined();
  });

  it('every shipped sweep file is valid', async () => {
    const root = resolve('experiments');
    const files = [join(root, 'quickstart-sweep.json')];
    for (const paper of ['rsm-masac', 'pr', 'ma-pmbrl']) for (const f of readdirSync(join(root, paper, 'sweeps'))) files.push(join(root, paper, 'sweeps', f));
    expect(files.length).toBeGreaterThanOrEqual(16);
    for (const file of files) {
      const sweep = parseSweepFile(await readExperimentData(file), file);
      expect(sweep.figures.length, file).toBeGreaterThan(0);
      expect(sweep.budgets?.smoke, file).toBeDefined();
      // Every run of both budgets names a registered controller and hyper-parameters it accepts.
      for (const budget of ['paper', 'smoke'] as const) {
        const plan = await expandSweep(sweep, file, { budget, out: tmpdir() });
        for (const run of plan.runs) expect(() => prepareController(run.config.algo, run.config.algoConfig, run.id), `${file} ${run.id}`).not.toThrow();
      }
    }
  });
});

describe('grid expansion', () => {
  it('takes the cartesian product in file order, the last key fastest', () => {
    expect(cartesian({ a: [1, 2], b: ['x', 'y'] })).toEqual([{ a: 1, b: 'x' }, { a: 1, b: 'y' }, { a: 2, b: 'x' }, { a: 2, b: 'y' }]);
    expect(cartesian({})).toEqual([{}]);
  });

  it('labels grid values readably and folder-safe, leaving algo and scenario to the id', () => {
    expect(gridLabel({ algo: 'isac', 'algoConfig.segments': 4, 'algoConfig.replicas': 3 })).toBe('segments-4_replicas-3');
    expect(gridLabel({ 'algoConfig.tau': 0.001, steps: true, 'algoConfig.actorHidden': [64, 64], 'algoConfig.pgd_solution': 'best avg' })).toBe('tau-0.001_steps-true_actorHidden-64x64_pgd_solution-best-avg');
    expect(gridLabel({ scenario: 'merge' })).toBe('');
  });

  it('plans runs with stable ids, per-run configs and seeds innermost', async () => {
    const sweep = parseSweepFile({
      ...base, algo: undefined, episodes: 50, algoConfig: { gamma: 0.98 }, algoConfigs: { isac: { batchSize: 64 } },
      grid: { algo: ['idm', 'isac'], 'algoConfig.tau': [0.01] }, seeds: [3, 4],
    }, FILE);
    const plan = await expandSweep(sweep, FILE, { budget: 'paper', out: 'res' });
    expect(plan.dir).toBe(resolve('res', 'abl'));
    expect(plan.runs.map((r) => r.id)).toEqual(['idm__figure8__tau-0.01__seed3', 'idm__figure8__tau-0.01__seed4', 'isac__figure8__tau-0.01__seed3', 'isac__figure8__tau-0.01__seed4']);
    const isac = plan.runs[2]?.config;
    expect(isac).toMatchObject({ algo: 'isac', seed: 3, episodes: 50, experiment: 'abl', label: 'tau-0.01', algoConfig: { gamma: 0.98, batchSize: 64, tau: 0.01 } });
    expect(plan.runs[0]?.config.algoConfig).toEqual({ gamma: 0.98, tau: 0.01 });
    expect(plan.runs[2]?.dir).toBe(resolve('res', 'abl', 'isac__figure8__tau-0.01__seed3'));
    expect(plan.runs.map((r) => r.index)).toEqual([0, 1, 2, 3]);
  });

  it('applies a budget: its own results folder, fields, seeds and grid values', async () => {
    const sweep = parseSweepFile({
      ...base, episodes: 200, grid: { 'algoConfig.segments': [1, 2, 4, 8] }, seeds: [0, 1, 2, 3, 4],
      budgets: { smoke: { episodes: 2, horizon: 200, seeds: [0], grid: { 'algoConfig.segments': [1, 4] } } },
    }, FILE);
    const smoke = await expandSweep(sweep, FILE, { budget: 'smoke', out: 'res' });
    expect(smoke.name).toBe('abl-smoke');
    expect(smoke.runs.map((r) => r.id)).toEqual(['isac__figure8__segments-1__seed0', 'isac__figure8__segments-4__seed0']);
    expect(smoke.runs[0]?.config).toMatchObject({ episodes: 2, horizon: 200 });
    const paper = await expandSweep(sweep, FILE, { budget: 'paper', out: 'res' });
    expect(paper.name).toBe('abl');
    expect(paper.runs).toHaveLength(20);
    const none = parseSweepFile(base, FILE);
    await expect(expandSweep(none, FILE, { budget: 'smoke', out: 'res' })).rejects.toThrow(`${FILE}: budgets.smoke: is missing: this experiment has no smoke budget`);
  });

  it('rejects two grid points with the same id', async () => {
    const sweep = parseSweepFile({ ...base, grid: { 'algoConfig.mode': ['a b', 'a-b'] } }, FILE);
    await expect(expandSweep(sweep, FILE, { budget: 'paper', out: 'res' })).rejects.toThrow(/grid: two grid points give the same run id isac__figure8__mode-a-b__seed0/);
  });

  it('keeps the plain run folder name without grid values', () => {
    const config = { experiment: 'e', algo: 'idm', scenario: 'figure8', seed: 2, out: '/r' } as RunConfig;
    expect(runDir(config, 'figure8')).toBe('/r/e/idm__figure8__seed2');
    expect(runDir({ ...config, label: 'tau-0.1' }, 'figure8')).toBe('/r/e/idm__figure8__tau-0.1__seed2');
  });
});
