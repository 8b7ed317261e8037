// Run fields `init` and `testOnly` (RSM-MASAC Fig. 13) through the built CLI against real SUMO: a short figure8 ISAC
// run is the trained run; figure8-all (14 learners) starts every learner from its learner 0, a test-only run writes
// only evaluation rows and leaves the networks as loaded; bad input is one line, exit 2, and no run folder.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { readCheckpoint } from '../../src/agents/checkpoint.js';
import { findPool } from '../../src/policy/export.js';
import { CLI } from '../faults/helpers.js';
import { readCsv } from '../helpers/csv.js';

const out = mkdtempSync(join(tmpdir(), 'cavlab-init-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const SMALL = { actorHidden: [32, 32], criticHidden: [32, 32] };

function cavlab(...args: string[]) {
  return execa('node', [CLI, ...args], { reject: false, stdin: 'ignore', env: { CI: 'true' } });
}

async function slotWeights(runDir: string): Promise<Array<Record<string, Float32Array>>> {
  const pool = findPool(await readCheckpoint(join(runDir, 'checkpoints', 'latest', 'controller')));
  expect(pool).not.toBeNull();
  return (pool?.slots ?? []).map((s) => (s as { core: { weights: Record<string, Float32Array> } }).core.weights);
}

describe('cavlab run with init and testOnly', () => {
  it('figure8-all starts its 14 learners from a figure8 run\'s learner 0; test-only runs only the evaluations', { timeout: 240_000 }, async () => {
    const trained = join(out, 'src.json');
    writeFileSync(trained, JSON.stringify({ name: 'src', kind: 'run', algo: 'isac', scenario: 'figure8', seeds: [1], episodes: 1, horizon: 60, evalEvery: 0, algoConfig: SMALL }));
    const a = await cavlab('run', trained, '--out', out);
    expect(a.exitCode, a.stderr).toBe(0);
    const source = join(out, 'src', 'isac__figure8__seed1');
    const [learner0] = await slotWeights(source);

    const test = join(out, 'test.json');
    writeFileSync(test, JSON.stringify({ name: 'fig13', kind: 'run', algo: 'isac', scenario: 'figure8-all', seeds: [2], episodes: 2, horizon: 60, evalEvery: 1, testOnly: true, init: { run: source }, algoConfig: SMALL }));
    const b = await cavlab('run', test, '--out', out);
    expect(b.exitCode, b.stderr).toBe(0);
    const dir = join(out, 'fig13', 'isac__figure8-all__seed2');
    expect(readCsv(join(dir, 'episodes.csv')).map((r) => `${r.phase}${r.epoch}`)).toEqual(['eval1', 'eval2']);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.config).toMatchObject({ testOnly: true, init: { run: source, checkpoint: 'latest', learner: 0 } });
    const slots = await slotWeights(dir);
    expect(slots).toHaveLength(14);
    for (const w of slots) {
      expect(w.actor).toEqual(learner0?.actor);
      expect(w.critic1).toEqual(learner0?.critic1);
      expect(w.target2).toEqual(learner0?.critic2);
    }
  });

  it('bad init input is one line and exit 2, before any run folder exists', { timeout: 120_000 }, async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--algo', 'isac', '--init', join(out, 'nowhere')], /^cavlab: init\.run: .*nowhere is not a run folder/],
      [['--algo', 'idm', '--init', join(out, 'src', 'isac__figure8__seed1')], /^cavlab: init: idm has no SAC learners to start from/],
      [['--algo', 'isac', '--init', join(out, 'src', 'isac__figure8__seed1')], /^cavlab: .*its actor has \d+ parameters, this run's actor \(256×256 actor, 256×256 critics\)/],
      [['--algo', 'isac', '--test-only', '--eval-every', '0'], /^cavlab: command line: testOnly: runs only the evaluation episodes, so evalEvery must be > 0/],
    ];
    for (const [args, message] of cases) {
      const r = await cavlab('run', '--scenario', 'figure8-all', '--episodes', '1', '--horizon', '20', '--name', 'bad', '--out', out, ...args);
      expect(r.exitCode, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
    expect(existsSync(join(out, 'bad'))).toBe(false);
  });
});
