// SVMIX through the built CLI against real SUMO on MA-PMBRL's intersection: a short run writes the episodes.csv columns
// Fig. 3 is drawn from (learner speed for the utility, travel distance, collisions) plus SVMIX's own (utility,
// travel_distance, epsilon), and the mixer's TD loss once learning has started.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsv } from '../helpers/csv.js';

const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'cavlab-svmix-run-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const ALGO_CONFIG = { qHidden: [32, 32], batchSize: 32, learningStarts: 64, epsilonDecaySteps: 100, range: 100 };

describe('cavlab run svmix', () => {
  it('a short intersection8 run with real SUMO: utility, travel distance, collisions and learner speed per episode', { timeout: 180_000 }, async () => {
    const file = join(out, 'svmix.json');
    writeFileSync(file, JSON.stringify({ name: 'svmix', kind: 'run', algo: 'svmix', scenario: 'intersection8', seeds: [1], episodes: 1, horizon: 300, evalEvery: 0, algoConfig: ALGO_CONFIG }));
    const r = await execa('node', [CLI, 'run', file, '--out', out], { reject: false, stdin: 'ignore', env: { CI: 'true' } });
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.exitCode).toBe(0);
    const dir = join(out, 'svmix', 'svmix__intersection8__seed1');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ status: 'finished', config: { algo: 'svmix', algoConfig: ALGO_CONFIG } });
    // The executed network: 8 → 32 → 32 → 11 levels.
    expect(manifest.policyParameters).toBe((8 + 1) * 32 + (32 + 1) * 32 + (32 + 1) * 11);
    const [episode] = readCsv(join(dir, 'episodes.csv'));
    expect(Number(episode?.distance)).toBeGreaterThan(0);
    expect(Number(episode?.mean_learner_speed)).toBeGreaterThan(0);
    expect(Number(episode?.collisions)).toBeGreaterThanOrEqual(0);
    expect(Number(episode?.travel_distance)).toBeGreaterThan(0);
    expect(Number(episode?.utility)).toBeGreaterThan(0);
    // ε fell from 1 once learning started (64 steps in, decaying over 100).
    expect(Number(episode?.epsilon)).toBeLessThan(1);
    expect(Number(episode?.updates)).toBeGreaterThan(0);
    expect(Number(episode?.critic_loss)).toBeGreaterThanOrEqual(0);
  });
});
