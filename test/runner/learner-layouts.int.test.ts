// Where the learners live does not change what they learn: a run writes the same episodes.csv (wall_time aside) with
// its learners' work in two worker threads as in one thread, for a fixed seed — avg-masac (its communication rounds
// read and write actors through the learner set; the layout set in its algoConfig), rsm-mappo (PPO updates and mixing
// rounds) and ma-pets (the planner's stacked passes and the ensemble fits), these two through `--workers`. The isac
// case is in diagnostics.int.test.ts and cli/run.int.test.ts, mbpo and ma-pmbrl in cli/model-based.int.test.ts.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'cavlab-layouts-'));
const SMALL = { actorHidden: [16, 16], criticHidden: [16, 16], batchSize: 32, learningStarts: 32, updateAfter: 64, envStepsPerUpdate: 5, updatesPerRound: 2 };

afterAll(() => rmSync(out, { recursive: true, force: true }));

interface Layout {
  readonly algo: string;
  readonly scenario: string;
  readonly horizon: number;
  readonly algoConfig: Readonly<Record<string, unknown>>;
  readonly args?: readonly string[];
}

async function episodes(name: string, layout: Layout): Promise<string[][]> {
  const file = join(out, `${name}.json`);
  writeFileSync(file, JSON.stringify({ name, kind: 'run', algo: layout.algo, scenario: layout.scenario, seeds: [2], episodes: 2, horizon: layout.horizon, evalEvery: 0, algoConfig: layout.algoConfig }));
  const r = await execa('node', [CLI, 'run', file, '--out', out, ...(layout.args ?? [])], { reject: false, stdin: 'ignore', env: { CI: 'true', CAVLAB_NATIVE: '0' } });
  expect(r.exitCode, r.stderr).toBe(0);
  const [header, ...rows] = readFileSync(join(out, name, `${layout.algo}__${layout.scenario}__seed2`, 'episodes.csv'), 'utf8').trimEnd().split('\n').map((l) => l.split(','));
  const wall = (header ?? []).indexOf('wall_time');
  return [header ?? [], ...rows].map((row) => row.filter((_, i) => i !== wall));
}

function column(rows: string[][], name: string): number {
  const header = rows[0] ?? [];
  return Number((rows[rows.length - 1] ?? [])[header.indexOf(name)]);
}

describe('learner layouts', () => {
  it('avg-masac: learnerWorkers 1 and 2 write identical episodes.csv rows (rounds happened, updates were taken)', async () => {
    const local = await episodes('local', { algo: 'avg-masac', scenario: 'figure8', horizon: 150, algoConfig: { ...SMALL, learnerWorkers: 1 } });
    const workers = await episodes('workers', { algo: 'avg-masac', scenario: 'figure8', horizon: 150, algoConfig: { ...SMALL, learnerWorkers: 2 } });
    expect(workers).toEqual(local);
    expect(column(local, 'updates')).toBeGreaterThan(0);
    expect(column(local, 'rho_total')).toBeGreaterThan(0);
  }, 180_000);

  it('rsm-mappo and ma-pets: --workers 1 and 2 write identical episodes.csv rows', async () => {
    const layouts: Layout[] = [
      { algo: 'rsm-mappo', scenario: 'figure8', horizon: 150, algoConfig: { actorHidden: [16], valueHidden: [16], rolloutLength: 50, epochs: 2, minibatchSize: 25, updatesPerRound: 1, advantageSamples: 10 } },
      { algo: 'ma-pets', scenario: 'intersection8', horizon: 60, algoConfig: { modelHidden: [16], modelFitSteps: 10, modelBatchSize: 32, ensembleSize: 2, particles: 2, horizon: 3, population: 8, elites: 2, iterations: 2, range: 100 } },
    ];
    for (const layout of layouts) {
      const one = await episodes(`${layout.algo}-one`, { ...layout, args: ['--workers', '1'] });
      const two = await episodes(`${layout.algo}-two`, { ...layout, args: ['--workers', '2'] });
      expect(two, layout.algo).toEqual(one);
      expect(one.length, layout.algo).toBe(3);
      // rsm-mappo updated its learners; ma-pets planned its second episode on the ensembles fitted after the first.
      if (layout.algo === 'rsm-mappo') expect(column(one, 'updates')).toBeGreaterThan(0);
      else expect(Number.isFinite(column(one, 'model_loss'))).toBe(true);
      const manifest = JSON.parse(readFileSync(join(out, `${layout.algo}-two`, `${layout.algo}__${layout.scenario}__seed2`, 'manifest.json'), 'utf8')) as { workers: number };
      expect(manifest.workers, layout.algo).toBe(2);
    }
  }, 240_000);
});
