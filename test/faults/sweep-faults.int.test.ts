// A sweep SIGKILLed at a seeded random moment and rerun at once (issue 14): the killed sweep's workers get SIGTERM
// from the kernel (PR_SET_PDEATHSIG), mark their runs interrupted and let go of the folders; the new sweep's
// workers wait for the locks instead of writing beside them. Every row once, no process left.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/util/rng.js';
import type { FaultRow } from './helpers.js';
import { cavlab, checkFolder, faultTable, lastWord, newTag, orphans, sleep, strayTempFiles, waitForRows } from './helpers.js';

const work = mkdtempSync(join(tmpdir(), 'cavlab-faults-sweep-'));
const out = join(work, 'results');
const rng = new Rng(1415);
const EPISODES = 24; // 20 training + 4 evaluation episodes
const table: FaultRow[] = [];

afterAll(() => {
  process.stderr.write(`\n${faultTable('fault table: cavlab sweep', table)}`);
  rmSync(work, { recursive: true, force: true });
});

describe('faults in cavlab sweep', () => {
  it('SIGKILL of a --jobs 2 sweep, rerun at once: one writer per run, every row once, no orphans', async () => {
    const r: FaultRow = { fault: 'SIGKILL of sweep --jobs 2 + immediate rerun', trials: 0, lost: 0, duplicated: 0, orphans: 0, message: '' };
    table.push(r);
    const file = join(work, 'kill.json');
    writeFileSync(file, JSON.stringify({ name: 'kill', kind: 'sweep', algo: 'idm', scenario: 'figure8', episodes: 20, horizon: 60, evalEvery: 5, steps: true, seeds: [0, 1] }));
    const dirs = [0, 1].map((seed) => join(out, 'kill', `idm__figure8__seed${seed}`));
    const tag = newTag();
    const sweep = cavlab(tag, ['sweep', file, '--out', out, '--jobs', '2']);
    for (const dir of dirs) expect(await waitForRows(join(dir, 'episodes.csv'), 1, 90_000)).toBe(true);
    await sleep(Math.floor(rng.next() * 1_000));
    sweep.kill('SIGKILL');
    await sweep;
    const again = await cavlab(tag, ['sweep', file, '--out', out, '--jobs', '2']);
    r.trials++;
    expect(again.exitCode, again.stderr).toBe(0);
    r.message = again.stderr.split('\n').find((l) => /runs: /.test(l)) ?? lastWord(again.stderr);
    for (const dir of dirs) {
      const check = checkFolder(dir, EPISODES);
      r.lost += check.lost + check.stepsLost;
      r.duplicated += check.duplicated;
      expect(check).toMatchObject({ lost: 0, duplicated: 0, stepsLost: 0, status: 'finished', episodes: EPISODES });
      expect(strayTempFiles(dir)).toEqual([]);
    }
    const left = await orphans(tag);
    r.orphans += left.length;
    expect(left).toEqual([]);
  }, 240_000);

  it('SIGTERM of a sweep: exit 143, its running runs interrupted (not failed), the next sweep resumes them', async () => {
    const r: FaultRow = { fault: 'SIGTERM of sweep --jobs 2', trials: 0, lost: 0, duplicated: 0, orphans: 0, message: '' };
    table.push(r);
    const file = join(work, 'term.json');
    writeFileSync(file, JSON.stringify({ name: 'term', kind: 'sweep', algo: 'idm', scenario: 'figure8', episodes: 20, horizon: 60, evalEvery: 5, steps: true, seeds: [0, 1] }));
    const dirs = [0, 1].map((seed) => join(out, 'term', `idm__figure8__seed${seed}`));
    const tag = newTag();
    const sweep = cavlab(tag, ['sweep', file, '--out', out, '--jobs', '2']);
    for (const dir of dirs) expect(await waitForRows(join(dir, 'episodes.csv'), 1, 90_000)).toBe(true);
    sweep.kill('SIGTERM');
    const stopped = await sweep;
    r.trials++;
    r.message = lastWord(stopped.stderr);
    if (stopped.exitCode !== 0) {
      expect(stopped.exitCode).toBe(143);
      expect(r.message).toMatch(/interrupted by SIGTERM \(\d run\(s\) interrupted\); run the sweep again to resume them/);
      for (const dir of dirs) expect(['interrupted', 'finished']).toContain(checkFolder(dir, EPISODES).status);
    }
    r.orphans += (await orphans(tag)).length;
    const again = await cavlab(tag, ['sweep', file, '--out', out, '--jobs', '2']);
    expect(again.exitCode, again.stderr).toBe(0);
    for (const dir of dirs) {
      const check = checkFolder(dir, EPISODES);
      r.lost += check.lost + check.stepsLost;
      r.duplicated += check.duplicated;
      expect(check).toMatchObject({ lost: 0, duplicated: 0, stepsLost: 0, status: 'finished' });
    }
    r.orphans += (await orphans(tag)).length;
    expect(r.orphans).toBe(0);
  }, 240_000);
});
