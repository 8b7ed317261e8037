// Unattended runs (issue 23): SUMO SIGKILLed at a seeded random moment of a 4-episode isac run (small networks,
// short horizon, TCP transport so SUMO is a process of its own). The run reruns that episode from the last
// checkpoint, ends `finished` with one retry in the manifest, and its episodes.csv equals, row for row (wall_time
// aside), that of an undisturbed run with the same seed. A budget of 0 retries fails the run as before.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/util/rng.js';
import { cavlab, newTag, orphans, sleep, tagged, waitForRows } from '../faults/helpers.js';

const work = mkdtempSync(join(tmpdir(), 'cavlab-retry-'));
const SMALL = { actorHidden: [16, 16], criticHidden: [16, 16], batchSize: 32, learningStarts: 32, updateAfter: 64, envStepsPerUpdate: 5 };
const rng = new Rng(2323);

afterAll(() => rmSync(work, { recursive: true, force: true }));

function experiment(name: string): string {
  const file = join(work, `${name}.json`);
  writeFileSync(file, JSON.stringify({ name, kind: 'run', algo: 'isac', scenario: 'figure8', seeds: [3], episodes: 4, horizon: 150, evalEvery: 2, transport: 'traci', algoConfig: SMALL }));
  return file;
}

const folder = (name: string): string => join(work, name, 'isac__figure8__seed3');

function rows(name: string): string[][] {
  const [header, ...lines] = readFileSync(join(folder(name), 'episodes.csv'), 'utf8').trimEnd().split('\n');
  const wall = (header ?? '').split(',').indexOf('wall_time');
  return lines.map((line) => line.split(',').filter((_, i) => i !== wall));
}

interface Manifest { status: string; retries?: { time: string; episode: number; reason: string }[] }
const manifest = (name: string): Manifest => JSON.parse(readFileSync(join(folder(name), 'manifest.json'), 'utf8')) as Manifest;

/** Starts the run and SIGKILLs its SUMO after `rowsBefore` rows plus `ms`; returns the finished process. */
async function runAndKill(name: string, rowsBefore: number, ms: number, extra: string[] = []) {
  const tag = newTag();
  const child = cavlab(tag, ['run', experiment(name), '--out', work, ...extra]);
  expect(await waitForRows(join(folder(name), 'episodes.csv'), rowsBefore, 120_000)).toBe(true);
  await sleep(ms);
  const sumo = tagged(tag).filter((p) => p.comm === 'sumo');
  expect(sumo.length, 'a SUMO to kill').toBe(1);
  for (const p of sumo) process.kill(p.pid, 'SIGKILL');
  const done = await child;
  expect(await orphans(tag)).toEqual([]);
  return done;
}

describe('a run survives SUMO dying mid-episode', () => {
  it('SIGKILL of SUMO: one retry, finished, the same rows as an undisturbed run', async () => {
    const undisturbed = await cavlab(newTag(), ['run', experiment('whole'), '--out', work]);
    expect(undisturbed.exitCode, undisturbed.stderr).toBe(0);
    const rowsBefore = 1 + Math.floor(rng.next() * 3);
    const killed = await runAndKill('killed', rowsBefore, Math.floor(rng.next() * 200));
    expect(killed.exitCode, killed.stderr).toBe(0);
    expect(killed.stderr).toMatch(/SUMO died in episode \d+ \(SUMO was killed by SIGKILL\); rerunning it from the last checkpoint \(retry 1\/2\)/);
    const m = manifest('killed');
    expect(m.status).toBe('finished');
    expect(m.retries).toHaveLength(1);
    expect(m.retries?.[0]?.reason).toMatch(/SIGKILL/);
    expect(m.retries?.[0]?.episode).toBeGreaterThanOrEqual(rowsBefore);
    expect(rows('killed')).toEqual(rows('whole'));
    expect(rows('whole')).toHaveLength(6);
  }, 240_000);

  it('with --retries 0 the run fails as before, with one line', async () => {
    const killed = await runAndKill('no-retries', 1, 0, ['--retries', '0']);
    expect(killed.exitCode).toBe(1);
    expect(killed.stderr).toMatch(/cavlab: SUMO was killed by SIGKILL/);
    const m = manifest('no-retries');
    expect(m.status).toBe('failed');
    expect(m.retries).toEqual([]);
  }, 240_000);
});
