// MA-PMBRL and MBPO through the built CLI on the real intersection8 scenario: short episodes with small networks
// (experiment algoConfig) complete and write episodes.csv (with the controllers' columns) and comm.csv.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { MA_PMBRL_COLUMNS } from '../../src/agents/controllers/ma-pmbrl/controller.js';
import { MBPO_COLUMNS } from '../../src/agents/controllers/mbpo/controller.js';
import { EPISODE_COLUMNS } from '../../src/metrics/schemas.js';

const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'cavlab-model-based-'));
const SMALL = {
  actorHidden: [16], criticHidden: [16], modelHidden: [16], modelFitSteps: 10, modelBatchSize: 64, batchSize: 32,
  learningStarts: 32, rolloutBatch: 8,
};

/** episodes.csv as records of numbers (phase kept as text). */
function readEpisodes(file: string): Record<string, string | number>[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const columns = (header ?? '').split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i], columns[i] === 'phase' ? v : Number(v)])));
}

afterAll(() => rmSync(out, { recursive: true, force: true }));

function experiment(name: string, algo: string, algoConfig: Record<string, unknown>, episodes = 1): string {
  const file = join(out, `${name}.json`);
  writeFileSync(file, JSON.stringify({ name, kind: 'run', algo, scenario: 'intersection8', seeds: [1], episodes, horizon: 100, evalEvery: 0, algoConfig }));
  return file;
}

describe('model-based controllers on intersection8', () => {
  it('runs one short MA-PMBRL episode with the sample exchange recorded in comm.csv', async () => {
    const r = await execa('node', [CLI, 'run', experiment('pmbrl', 'ma-pmbrl', { ...SMALL, pessimismBatch: 32, range: 100 }), '--out', out], { reject: false, stdin: 'ignore', env: { CI: 'true' } });
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.exitCode).toBe(0);
    const dir = join(out, 'pmbrl', 'ma-pmbrl__intersection8__seed1');
    const [row] = readEpisodes(join(dir, 'episodes.csv'));
    expect(Object.keys(row ?? {})).toEqual([...EPISODE_COLUMNS, ...MA_PMBRL_COLUMNS]);
    expect(row).toMatchObject({ steps: 100, phase: 'train' });
    expect(Number(row?.utility)).toBeGreaterThan(0);
    expect(Number(row?.pgd_kl)).toBeLessThanOrEqual(0.1 + 1e-4);
    expect(Number(row?.clique_cover)).toBeGreaterThanOrEqual(1);
    const [header, ...lines] = readFileSync(join(dir, 'comm.csv'), 'utf8').trim().split('\n');
    const columns = (header ?? '').split(',');
    const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [columns[i], v])));
    expect(rows.length).toBeGreaterThan(0);
    for (const c of rows) {
      expect(c.kind).toBe('samples');
      // s, a, r, s' of intersection8: 2·8 + 1 + 1 = 18 floats, 4 bytes each.
      expect(Number(c.bytes)).toBe(Number(c.samples) * 18 * 4);
    }
    expect(rows.reduce((n, c) => n + Number(c.bytes), 0)).toBe(Number(row?.comm_bytes));
  });

  it('runs one short MBPO episode', async () => {
    const r = await execa('node', [CLI, 'run', experiment('mbpo', 'mbpo', SMALL), '--out', out], { reject: false, stdin: 'ignore', env: { CI: 'true' } });
    expect(r.exitCode).toBe(0);
    const dir = join(out, 'mbpo', 'mbpo__intersection8__seed1');
    const [row] = readEpisodes(join(dir, 'episodes.csv'));
    expect(Object.keys(row ?? {})).toEqual([...EPISODE_COLUMNS, ...MBPO_COLUMNS]);
    expect(row).toMatchObject({ steps: 100 });
    expect(Number.isFinite(Number(row?.model_loss))).toBe(true);
  });

  it('fitWorkers 2 and learnerWorkers 2 (model fits, then also SAC steps in two worker threads) write the same rows as one thread (MA-PMBRL fits at episode ends, MBPO inside its steps)', { timeout: 240_000 }, async () => {
    // Two episodes: the random one ends with the first fits, the second learns on the fitted models (and MBPO refits
    // every 30 of its steps).
    const configs: [string, Record<string, unknown>][] = [['ma-pmbrl', { ...SMALL, pessimismBatch: 32, range: 100 }], ['mbpo', { ...SMALL, modelRefitEvery: 30 }]];
    for (const [algo, config] of configs) {
      const rows = [];
      for (const [fitWorkers, learnerWorkers] of [[1, 1], [2, 1], [2, 2]]) {
        const name = `${algo}-fits-${fitWorkers}-steps-${learnerWorkers}`;
        const r = await execa('node', [CLI, 'run', experiment(name, algo, { ...config, fitWorkers, learnerWorkers }, 2), '--out', out], { reject: false, stdin: 'ignore', env: { CI: 'true' } });
        expect(r.exitCode, r.stderr).toBe(0);
        rows.push(readEpisodes(join(out, name, `${algo}__intersection8__seed1`, 'episodes.csv')).map(({ wall_time: _wall, ...rest }) => rest));
      }
      expect(rows[0]?.length).toBe(2);
      expect(Number.isFinite(Number(rows[0]?.[1]?.model_loss)), algo).toBe(true);
      expect(rows[1], algo).toEqual(rows[0]);
      expect(rows[2], algo).toEqual(rows[0]);
    }
  });
});
