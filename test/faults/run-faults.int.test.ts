// Faults injected into `cavlab run` at seeded random moments (issue 14): SUMO SIGKILLed, the run SIGKILLed,
// SIGINT/SIGTERM once and twice, a second writer. After each: the status the README documents, no SUMO left,
// and after `--resume` every (epoch, phase) row of episodes.csv and every (episode, step) of steps.csv once.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/util/rng.js';
import type { FaultRow } from './helpers.js';
import { cavlab, checkFolder, faultTable, lastWord, newTag, orphans, sleep, strayTempFiles, sumoLeft, tagged, waitForRows } from './helpers.js';

const work = mkdtempSync(join(tmpdir(), 'cavlab-faults-run-'));
const out = join(work, 'results');
const rng = new Rng(1414);
/** 20 training episodes with an evaluation after every 5th: 24 episodes of 60 steps, a few seconds in all. */
const EPISODES = 24;
const table: FaultRow[] = [];

function runArgs(name: string, seed: number, ...extra: string[]): string[] {
  return ['run', '--scenario', 'figure8', '--algo', 'idm', '--episodes', '20', '--horizon', '60', '--eval-every', '5', '--steps', '--seed', String(seed), '--out', out, '--name', name, ...extra];
}
const folder = (name: string, seed: number): string => join(out, name, `idm__figure8__seed${seed}`);
/** A moment inside the run: after its first episode, plus up to `ms` (seeded). */
const moment = (ms: number): number => Math.floor(rng.next() * ms);

function row(fault: string): FaultRow {
  const r: FaultRow = { fault, trials: 0, lost: 0, duplicated: 0, orphans: 0, message: '' };
  table.push(r);
  return r;
}

async function resumeAndCheck(r: FaultRow, name: string, seed: number, tag: string): Promise<void> {
  const resumed = await cavlab(tag, runArgs(name, seed, '--resume'));
  expect(resumed.exitCode, resumed.stderr).toBe(0);
  const check = checkFolder(folder(name, seed), EPISODES);
  r.lost += check.lost + check.stepsLost;
  r.duplicated += check.duplicated;
  r.orphans += (await orphans(tag)).length;
  expect(check).toMatchObject({ lost: 0, duplicated: 0, stepsLost: 0, status: 'finished', episodes: EPISODES });
  expect(strayTempFiles(folder(name, seed))).toEqual([]);
}

afterAll(() => {
  process.stderr.write(`\n${faultTable('fault table: cavlab run', table)}`);
  rmSync(work, { recursive: true, force: true });
});

describe('faults in cavlab run', () => {
  it('SUMO SIGKILLed mid-run: the run fails with one line, --resume completes it exactly once', async () => {
    const r = row('SIGKILL of SUMO');
    for (let trial = 0; trial < 2; trial++) {
      const tag = newTag();
      const name = `sumo-kill-${trial}`;
      const child = cavlab(tag, runArgs(name, trial));
      expect(await waitForRows(join(folder(name, trial), 'episodes.csv'), 1, 60_000)).toBe(true);
      await sleep(moment(1_500));
      for (const p of tagged(tag).filter((t) => t.comm === 'sumo')) process.kill(p.pid, 'SIGKILL');
      const killed = await child;
      r.trials++;
      if (killed.exitCode !== 0) {
        expect(killed.exitCode).toBe(1);
        r.message = lastWord(killed.stderr);
        expect(r.message).toMatch(/^cavlab: SUMO was killed by SIGKILL/);
        expect(checkFolder(folder(name, trial), EPISODES).status).toBe('failed');
      }
      await resumeAndCheck(r, name, trial, tag);
    }
  }, 180_000);

  it('the run SIGKILLed: SUMO dies with it, the next writer takes the dead lock over and completes the run once', async () => {
    const r = row('SIGKILL of cavlab run');
    for (let trial = 0; trial < 2; trial++) {
      const tag = newTag();
      const name = `run-kill-${trial}`;
      const child = cavlab(tag, runArgs(name, trial));
      expect(await waitForRows(join(folder(name, trial), 'episodes.csv'), 1, 60_000)).toBe(true);
      await sleep(moment(1_500));
      child.kill('SIGKILL');
      await child;
      r.trials++;
      const left = await sumoLeft(tag);
      r.orphans += left.length;
      expect(left).toEqual([]);
      const resumed = cavlab(tag, runArgs(name, trial, '--resume'));
      const done = await resumed;
      expect(done.exitCode, done.stderr).toBe(0);
      if (existsSync(join(folder(name, trial), 'manifest.json'))) r.message = done.stderr.split('\n').find((l) => /taking over its lock/.test(l)) ?? r.message;
      const check = checkFolder(folder(name, trial), EPISODES);
      r.lost += check.lost + check.stepsLost;
      r.duplicated += check.duplicated;
      expect(check).toMatchObject({ lost: 0, duplicated: 0, stepsLost: 0, status: 'finished' });
      expect(strayTempFiles(folder(name, trial))).toEqual([]);
    }
    expect(r.message).toMatch(/is gone; taking over its lock/);
  }, 180_000);

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} at a random moment: exit ${signal === 'SIGINT' ? 130 : 143}, status interrupted, nothing stray; --resume completes it once`, async () => {
      const r = row(`${signal} (once)`);
      for (let trial = 0; trial < 2; trial++) {
        const tag = newTag();
        const name = `${signal.toLowerCase()}-${trial}`;
        const child = cavlab(tag, runArgs(name, trial));
        expect(await waitForRows(join(folder(name, trial), 'episodes.csv'), 1, 60_000)).toBe(true);
        await sleep(moment(1_500));
        child.kill(signal);
        const stopped = await child;
        r.trials++;
        r.orphans += (await sumoLeft(tag)).length;
        if (stopped.exitCode === 0) continue; // the run had finished already
        if (stopped.exitCode === undefined) {
          // The run had finished and removed its handlers; the signal landed during the process's teardown and ended
          // it as a signal does (the shell sees 130/143 all the same): the folder is the finished run's.
          expect(stopped.signal).toBe(signal);
          expect(checkFolder(folder(name, trial), EPISODES).status).toBe('finished');
          expect(existsSync(join(folder(name, trial), '.lock'))).toBe(false);
          continue;
        }
        expect(stopped.exitCode).toBe(signal === 'SIGINT' ? 130 : 143);
        r.message = lastWord(stopped.stderr);
        expect(r.message).toMatch(new RegExp(`interrupted by ${signal}; finished episodes are kept`));
        // The short run may have written its last episode just before the signals reached it: then it is finished.
      expect(['interrupted', 'finished']).toContain(checkFolder(folder(name, trial), EPISODES).status);
        expect(strayTempFiles(folder(name, trial))).toEqual([]);
        await resumeAndCheck(r, name, trial, tag);
      }
    }, 180_000);
  }

  it('a second SIGINT stops at once and still leaves a consistent, resumable folder', async () => {
    const r = row('SIGINT twice');
    for (let trial = 0; trial < 2; trial++) {
      const tag = newTag();
      const name = `twice-${trial}`;
      const child = cavlab(tag, runArgs(name, trial));
      expect(await waitForRows(join(folder(name, trial), 'episodes.csv'), 1, 60_000)).toBe(true);
      await sleep(moment(1_500));
      child.kill('SIGINT');
      await sleep(moment(30));
      child.kill('SIGINT');
      const stopped = await child;
      r.trials++;
      r.orphans += (await sumoLeft(tag)).length;
      if (stopped.exitCode === 0) continue;
      // A second signal that lands while Node is already tearing down (after its 'exit' event, when no JS runs)
      // kills the process by SIGINT: the shell sees 130 all the same, and the folder must be just as consistent.
      const status = stopped.exitCode ?? (stopped.signal === 'SIGINT' ? 130 : stopped.signal);
      expect(status).toBe(130);
      r.message = stopped.stderr.trim().split('\n').filter((l) => l.startsWith('cavlab: ')).join(' / ');
      // The short run may have written its last episode just before the signals reached it: then it is finished.
      expect(['interrupted', 'finished']).toContain(checkFolder(folder(name, trial), EPISODES).status);
      expect(existsSync(join(folder(name, trial), '.lock'))).toBe(false);
      await resumeAndCheck(r, name, trial, tag);
    }
  }, 180_000);

  it('a second writer of the same folder gets one line and exit 2; the first finishes alone', async () => {
    const r = row('second writer (run --resume while running)');
    const tag = newTag();
    const name = 'two-writers';
    const first = cavlab(tag, runArgs(name, 0));
    expect(await waitForRows(join(folder(name, 0), 'episodes.csv'), 1, 60_000)).toBe(true);
    // Paused so that it is certainly still the folder's writer while the second one tries (the in-process
    // transport can finish all 24 short episodes before a second process has started).
    process.kill(first.pid as number, 'SIGSTOP');
    const second = await cavlab(tag, runArgs(name, 0, '--resume'));
    process.kill(first.pid as number, 'SIGCONT');
    r.trials++;
    expect(second.exitCode).toBe(2);
    r.message = lastWord(second.stderr);
    expect(second.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.message).toMatch(/is being written by pid \d+ on .*; wait for it to end or stop it/);
    expect((await first).exitCode).toBe(0);
    const check = checkFolder(folder(name, 0), EPISODES);
    r.lost += check.lost + check.stepsLost;
    r.duplicated += check.duplicated;
    r.orphans += (await orphans(tag)).length;
    expect(check).toMatchObject({ lost: 0, duplicated: 0, stepsLost: 0, status: 'finished' });
  }, 120_000);
});
