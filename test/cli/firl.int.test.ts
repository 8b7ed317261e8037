// FIRL through the built CLI against real SUMO on MA-PMBRL's intersection: a short run writes the episodes.csv columns
// Fig. 3 is drawn from (learner speed for the utility, travel distance, collisions) and one comm.csv row per
// consensus round (kind 'actors', 4 B per parameter of each actor received).
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
const out = mkdtempSync(join(tmpdir(), 'cavlab-firl-run-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const ALGO_CONFIG = { actorHidden: [32, 32], criticHidden: [32, 32], batchSize: 64, learningStarts: 64, envStepsPerUpdate: 1, updatesPerRound: 4, range: 100 };

describe('cavlab run firl', () => {
  it('a short intersection8 run with real SUMO: distance, collisions and learner speed per episode, consensus rounds in comm.csv', { timeout: 180_000 }, async () => {
    const file = join(out, 'firl.json');
    writeFileSync(file, JSON.stringify({ name: 'firl', kind: 'run', algo: 'firl', scenario: 'intersection8', seeds: [1], episodes: 1, horizon: 300, evalEvery: 0, algoConfig: ALGO_CONFIG }));
    const r = await execa('node', [CLI, 'run', file, '--out', out], { reject: false, stdin: 'ignore', env: { CI: 'true' } });
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.exitCode).toBe(0);
    const dir = join(out, 'firl', 'firl__intersection8__seed1');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ status: 'finished', config: { algo: 'firl', algoConfig: ALGO_CONFIG } });
    const [episode] = readCsv(join(dir, 'episodes.csv'));
    expect(Number(episode?.distance)).toBeGreaterThan(0);
    expect(Number(episode?.mean_learner_speed)).toBeGreaterThan(0);
    expect(Number(episode?.collisions)).toBeGreaterThanOrEqual(0);
    expect(Number(episode?.updates)).toBeGreaterThan(0);
    const comm = readCsv(join(dir, 'comm.csv'));
    expect(Object.keys(comm[0] ?? {})).toEqual([...COMM_COLUMNS]);
    for (const row of comm) {
      expect(row.kind).toBe('actors');
      expect(Number(row.received) + Number(row.lost)).toBe(Number(row.requested));
      expect(Number(row.bytes)).toBe(Number(row.received) * floatBytes(manifest.policyParameters));
    }
    expect(comm.some((row) => Number(row.received) > 0)).toBe(true);
  });
});
