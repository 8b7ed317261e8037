// Where the learners live does not change what they learn: avg-masac (whose communication rounds read and write
// actors through the learner set) writes the same episodes.csv with its learners in two worker threads as in one
// thread, for a fixed seed (wall_time aside). The isac case is in diagnostics.int.test.ts.
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

async function episodes(name: string, learnerWorkers: number): Promise<string[][]> {
  const file = join(out, `${name}.json`);
  writeFileSync(file, JSON.stringify({ name, kind: 'run', algo: 'avg-masac', scenario: 'figure8', seeds: [2], episodes: 2, horizon: 150, evalEvery: 0, algoConfig: { ...SMALL, learnerWorkers } }));
  const r = await execa('node', [CLI, 'run', file, '--out', out], { reject: false, stdin: 'ignore', env: { CI: 'true', CAVLAB_NATIVE: '0' } });
  expect(r.exitCode, r.stderr).toBe(0);
  const [header, ...rows] = readFileSync(join(out, name, 'avg-masac__figure8__seed2', 'episodes.csv'), 'utf8').trimEnd().split('\n').map((l) => l.split(','));
  const wall = (header ?? []).indexOf('wall_time');
  return [header ?? [], ...rows].map((row) => row.filter((_, i) => i !== wall));
}

describe('learner layouts', () => {
  it('avg-masac: learnerWorkers 1 and 2 write identical episodes.csv rows (rounds happened, updates were taken)', async () => {
    const local = await episodes('local', 1);
    const workers = await episodes('workers', 2);
    expect(workers).toEqual(local);
    const header = local[0] ?? [];
    const last = local[local.length - 1] ?? [];
    expect(Number(last[header.indexOf('updates')])).toBeGreaterThan(0);
    expect(Number(last[header.indexOf('rho_total')])).toBeGreaterThan(0);
  }, 180_000);
});
