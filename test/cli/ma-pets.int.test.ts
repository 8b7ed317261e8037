// MA-PETS through the built CLI against real SUMO on MA-PMBRL's intersection: two short episodes (the random one, then
// MPC on the fitted ensembles) write the episodes.csv columns Fig. 3 is drawn from and one comm.csv row per CAV and
// exchange (kind 'samples', bytes = samples × (2·obsDim + |A| + 1) × 4 B).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { floatBytes } from '../../src/comm/channel.js';
import { COMM_COLUMNS } from '../../src/metrics/schemas.js';
import { readCsv } from '../helpers/csv.js';

const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'cavlab-ma-pets-run-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const ALGO_CONFIG = { modelHidden: [32, 32], modelFitSteps: 20, modelBatchSize: 128, horizon: 4, population: 12, elites: 2, iterations: 2, range: 100 };

describe('cavlab run ma-pets', () => {
  it('two short intersection8 episodes with real SUMO: distance, collisions and learner speed per episode, sample exchanges in comm.csv', { timeout: 240_000 }, async () => {
    const file = join(out, 'ma-pets.json');
    writeFileSync(file, JSON.stringify({ name: 'ma-pets', kind: 'run', algo: 'ma-pets', scenario: 'intersection8', seeds: [1], episodes: 2, horizon: 150, evalEvery: 0, algoConfig: ALGO_CONFIG }));
    const r = await execa('node', [CLI, 'run', file, '--out', out], { reject: false, stdin: 'ignore', env: { CI: 'true' } });
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.exitCode).toBe(0);
    const dir = join(out, 'ma-pets', 'ma-pets__intersection8__seed1');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ status: 'finished', config: { algo: 'ma-pets', algoConfig: ALGO_CONFIG } });
    const episodes = readCsv(join(dir, 'episodes.csv'));
    expect(episodes).toHaveLength(2);
    for (const episode of episodes) {
      expect(Number(episode.distance)).toBeGreaterThan(0);
      expect(Number(episode.mean_learner_speed)).toBeGreaterThan(0);
      expect(Number(episode.collisions)).toBeGreaterThanOrEqual(0);
      expect(Number.isFinite(Number(episode.model_loss))).toBe(true);
    }
    const comm = readCsv(join(dir, 'comm.csv'));
    expect(Object.keys(comm[0] ?? {})).toEqual([...COMM_COLUMNS]);
    // intersection8: obsDim 8, one action → 18 floats per transition.
    for (const row of comm) {
      expect(row.kind).toBe('samples');
      expect(Number(row.received) + Number(row.lost)).toBe(Number(row.requested));
      expect(Number(row.bytes)).toBe(floatBytes(Number(row.samples) * 18));
    }
    expect(new Set(comm.map((row) => row.episode)).size).toBe(2);
    expect(comm.some((row) => Number(row.samples) > 0)).toBe(true);
  });
});
