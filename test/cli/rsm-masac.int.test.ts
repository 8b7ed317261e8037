// RSM-MASAC and Avg-MASAC through the built CLI against real SUMO: two short episodes on figure8 and on merge write
// comm.csv rows (one per communication round) and the ρ/ψ columns of episodes.csv. Small networks and an early
// first update (the experiment file's algoConfig) so that rounds happen within 200 steps.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { psiGigabytes } from '../../src/comm/channel.js';
import { COMM_COLUMNS, EPISODE_COLUMNS } from '../../src/metrics/schemas.js';

const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'cavlab-rsm-run-'));
const SMALL = { actorHidden: [16, 16], criticHidden: [16, 16], batchSize: 32, learningStarts: 32, updateAfter: 64, envStepsPerUpdate: 5, updatesPerRound: 2 };

afterAll(() => rmSync(out, { recursive: true, force: true }));

function experiment(algo: string, algoConfig: Record<string, unknown>): string {
  const file = join(out, `${algo}.json`);
  writeFileSync(file, JSON.stringify({ name: `${algo}-short`, kind: 'run', algo, scenario: 'figure8', seeds: [2], episodes: 2, horizon: 200, evalEvery: 0, algoConfig }));
  return file;
}

/** A result CSV as records: numbers, except the text columns. */
function readCsv(file: string): Record<string, string | number>[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const columns = (header ?? '').split(',');
  const text = new Set(['phase', 'agent', 'kind']);
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i], text.has(columns[i] ?? '') ? v : Number(v)])));
}

function readComm(file: string): Record<string, string | number>[] {
  expect(readFileSync(file, 'utf8').split('\n')[0]?.split(',')).toEqual([...COMM_COLUMNS]);
  return readCsv(file);
}

describe('cavlab run rsm-masac / avg-masac', () => {
  it('rsm-masac: 2 short episodes on figure8 and merge write comm.csv rows and the ρ and ψ columns', async () => {
    const file = experiment('rsm-masac', { ...SMALL, advantageSamples: 20 });
    for (const scenario of ['figure8', 'merge']) {
      const r = await execa('node', [CLI, 'run', file, '--scenario', scenario, '--out', out], { reject: false, stdin: 'ignore', env: { CI: 'true' } });
      expect(r.exitCode, r.stderr).toBe(0);
      const dir = join(out, 'rsm-masac-short', `rsm-masac__${scenario}__seed2`);
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      expect(manifest).toMatchObject({ status: 'finished', config: { algo: 'rsm-masac', algoConfig: { segments: 4, replicas: 3, updatesPerRound: 2, prr: 1 } } });
      const parameters = manifest.policyParameters as number;
      expect(parameters).toBe((6 + 1) * 16 + 17 * 16 + 17 * 2);
      const rows = readCsv(join(dir, 'episodes.csv'));
      expect(Object.keys(rows[0] ?? {})).toEqual([...EPISODE_COLUMNS, 'rho_total', 'rho_ef', 'rho_r', 'psi_gb']);
      const comm = readComm(join(dir, 'comm.csv'));
      expect(comm.length).toBeGreaterThan(0);
      for (const row of rows) {
        const mine = comm.filter((c) => c.episode === row.episode);
        const replicas = mine.reduce((n, c) => n + Number(c.replicas), 0);
        const mixed = mine.reduce((n, c) => n + Number(c.mixed), 0);
        expect(row.rho_total).toBe(replicas);
        expect(row.rho_ef).toBe(mixed);
        if (replicas > 0) expect(row.rho_r).toBeCloseTo(mixed / replicas, 6);
        expect(row.psi_gb).toBeCloseTo(psiGigabytes(replicas, parameters), 9);
      }
      expect(rows.reduce((n, r) => n + Number(r.rho_total), 0), scenario).toBeGreaterThan(0);
      for (const c of comm) {
        expect(c).toMatchObject({ kind: 'segments', phase: 'train', lost: 0, samples: 0 });
        const neighbours = Number(c.neighbours);
        // P_i · κ_i requests of min(4, |Ω_i|) segments × min(3, |Ω_i|) replicas; all arrive at PRR 1.
        expect(c.requested).toBe(Math.min(4, neighbours) * Math.min(3, neighbours));
        expect(c.received).toBe(c.requested);
        expect(c.replicas).toBe(Math.min(3, neighbours));
        expect(c.bytes).toBe(4 * parameters * Number(c.replicas));
      }
      // figure8's learners meet within 90 m on the loop.
      if (scenario === 'figure8') expect(comm.some((c) => Number(c.neighbours) > 0)).toBe(true);
    }
    // The learners in two worker threads, each round run in its learner's worker: the same rows (wall time aside).
    const workers = join(out, 'rsm-masac-workers.json');
    writeFileSync(workers, JSON.stringify({ name: 'rsm-masac-workers', kind: 'run', algo: 'rsm-masac', scenario: 'figure8', seeds: [2], episodes: 2, horizon: 200, evalEvery: 0, algoConfig: { ...SMALL, advantageSamples: 20, learnerWorkers: 2 } }));
    const r = await execa('node', [CLI, 'run', workers, '--out', out], { reject: false, stdin: 'ignore', env: { CI: 'true' } });
    expect(r.exitCode, r.stderr).toBe(0);
    const timeless = (rows: Record<string, string | number>[]) => rows.map(({ wall_time: _wall, ...rest }) => rest);
    const one = join(out, 'rsm-masac-short', 'rsm-masac__figure8__seed2');
    const two = join(out, 'rsm-masac-workers', 'rsm-masac__figure8__seed2');
    expect(timeless(readCsv(join(two, 'episodes.csv')))).toEqual(timeless(readCsv(join(one, 'episodes.csv'))));
    expect(readFileSync(join(two, 'comm.csv'), 'utf8')).toBe(readFileSync(join(one, 'comm.csv'), 'utf8'));
  }, 240_000);

  it('avg-masac on figure8 at PRR 0.5 (whole-message losses) receives about half the actors', async () => {
    const file = experiment('avg-masac', { ...SMALL, prr: 0.5, lossModel: 'message' });
    const r = await execa('node', [CLI, 'run', file, '--out', out], { reject: false, stdin: 'ignore', env: { CI: 'true' } });
    expect(r.exitCode, r.stderr).toBe(0);
    const dir = join(out, 'avg-masac-short', 'avg-masac__figure8__seed2');
    const comm = readComm(join(dir, 'comm.csv'));
    const requested = comm.reduce((n, c) => n + Number(c.requested), 0);
    const received = comm.reduce((n, c) => n + Number(c.received), 0);
    expect(requested).toBeGreaterThan(100);
    expect(received / requested).toBeGreaterThan(0.4);
    expect(received / requested).toBeLessThan(0.6);
    for (const c of comm) expect(c).toMatchObject({ kind: 'actors', lost: Number(c.requested) - Number(c.received), replicas: c.received, mixed: c.received });
    const rows = readCsv(join(dir, 'episodes.csv'));
    for (const row of rows) expect(row.rho_r === 1 || row.rho_total === 0).toBe(true);
  }, 120_000);
});
