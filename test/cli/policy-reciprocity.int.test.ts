// SAC + PR through the built CLI against real SUMO: two short figure8 episodes with small networks write critic
// exchanges to comm.csv (kind 'critics', 4 B per parameter of each received critic) and PR's episode columns; the
// same run with learnerWorkers 2 writes the same rows.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { COMM_COLUMNS, EPISODE_COLUMNS } from '../../src/metrics/schemas.js';
import { readCsv } from '../helpers/csv.js';

const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'cavlab-pr-run-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Small networks and an early start so updates and critic pulls happen within 300 steps. */
const ALGO_CONFIG = { actorHidden: [32, 32], criticHidden: [32, 32], batchSize: 64, learningStarts: 64, exchangeEvery: 2 };
/** Both twins of a 6 + 1 → 32 → 32 → 1 critic. */
const CRITIC_PARAMETERS = 2 * ((7 + 1) * 32 + 33 * 32 + 33);

describe('cavlab run policy-reciprocity', () => {
  it('2 short figure8 episodes with real SUMO write comm.csv critic rows with bytes = 4 × critic parameters × received; two learner workers write the same', { timeout: 240_000 }, async () => {
    const file = join(out, 'pr.json');
    const experiment = { name: 'pr', kind: 'run', algo: 'policy-reciprocity', scenario: 'figure8', seeds: [4], episodes: 2, horizon: 300, evalEvery: 0, algoConfig: ALGO_CONFIG };
    writeFileSync(file, JSON.stringify(experiment));
    const r = await execa('node', [CLI, 'run', file, '--out', out], { reject: false, stdin: 'ignore', env: { CI: 'true' } });
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.exitCode).toBe(0);
    const dir = join(out, 'pr', 'policy-reciprocity__figure8__seed4');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ status: 'finished', policyParameters: 6 * 32 + 32 + 33 * 32 + 33 * 2, config: { algo: 'policy-reciprocity', algoConfig: { ...ALGO_CONFIG, kappa: 0.5, prr: 1, range: null } } });

    const episodes = readCsv(join(dir, 'episodes.csv'));
    expect(Object.keys(episodes[0] ?? {})).toEqual([...EPISODE_COLUMNS, 'pr_pulls', 'pr_critics', 'pr_shift']);
    expect(episodes.map((e) => e.phase)).toEqual(['train', 'train']);
    for (const e of episodes) {
      expect(e.steps).toBe('300');
      expect(Number(e.updates)).toBeGreaterThan(0);
      expect(Number(e.pr_pulls)).toBeGreaterThan(0);
      expect(Number(e.pr_critics)).toBeGreaterThan(0);
      expect(Number.isFinite(Number(e.pr_shift))).toBe(true);
    }

    const comm = readCsv(join(dir, 'comm.csv'));
    expect(Object.keys(comm[0] ?? {})).toEqual([...COMM_COLUMNS]);
    expect(comm.length).toBe(episodes.reduce((n, e) => n + Number(e.pr_pulls), 0));
    expect(new Set(comm.map((row) => row.episode))).toEqual(new Set(['0', '1']));
    for (const row of comm) {
      expect(row.kind).toBe('critics');
      expect(Number(row.received) + Number(row.lost)).toBe(Number(row.requested));
      expect(Number(row.requested)).toBe(Number(row.neighbours));
      expect(Number(row.bytes)).toBe(4 * CRITIC_PARAMETERS * Number(row.received));
    }
    // On the 30 m-radius figure eight most learners are within 90 m of each other.
    expect(comm.some((row) => Number(row.received) >= 2)).toBe(true);

    // The learners in two worker threads, the reciprocal targets made where each learner lives: the same rows.
    const workers = join(out, 'pr-workers.json');
    writeFileSync(workers, JSON.stringify({ ...experiment, name: 'pr-workers', algoConfig: { ...ALGO_CONFIG, learnerWorkers: 2 } }));
    const w = await execa('node', [CLI, 'run', workers, '--out', out], { reject: false, stdin: 'ignore', env: { CI: 'true' } });
    expect(w.exitCode, w.stderr).toBe(0);
    const twoDir = join(out, 'pr-workers', 'policy-reciprocity__figure8__seed4');
    const timeless = (rows: Record<string, string>[]) => rows.map(({ wall_time: _wall, ...rest }) => rest);
    expect(timeless(readCsv(join(twoDir, 'episodes.csv')))).toEqual(timeless(episodes));
    expect(readFileSync(join(twoDir, 'comm.csv'), 'utf8')).toBe(readFileSync(join(dir, 'comm.csv'), 'utf8'));
  });
});
