// One writer per run folder (src/runner/lock.ts), the temp files a dead writer leaves (stale-files.ts) and the
// one path rule (run-path.ts): pure file-system behaviour, no SUMO.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE, lockOwner, ownerAlive, processStartTime, RunLock } from '../../src/runner/lock.js';
import { RunLockedError, RunPathError } from '../../src/runner/errors.js';
import { runDir } from '../../src/runner/run-path.js';
import { removeStaleFiles } from '../../src/runner/stale-files.js';
import type { RunConfig } from '../../src/runner/config.js';

const work = mkdtempSync(join(tmpdir(), 'cavlab-lock-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A pid no process has (beyond the kernel's default pid_max of 2^22). */
const DEAD_PID = 2 ** 22 + 11;

describe('run folder lock', () => {
  it('is exclusive: a second taker gets RunLockedError naming the owner; release frees it', async () => {
    const dir = join(work, 'a');
    mkdirSync(dir);
    const first = await RunLock.acquire(dir);
    expect((await lockOwner(dir))?.pid).toBe(process.pid);
    const second = RunLock.acquire(dir);
    await expect(second).rejects.toBeInstanceOf(RunLockedError);
    await expect(RunLock.acquire(dir)).rejects.toThrow(new RegExp(`${dir} is being written by pid ${process.pid} on ${hostname()}`));
    await first.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const again = await RunLock.acquire(dir);
    again.releaseSync();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('a release under way still leaves the lock to releaseSync (a second Ctrl-C exits in the middle of it)', async () => {
    const dir = join(work, 'mid');
    mkdirSync(dir);
    const lock = await RunLock.acquire(dir);
    const releasing = lock.release();
    // What the hard-stop hook does when the signal lands before the async release has removed the file.
    lock.releaseSync();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    await releasing;
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('takes over the lock of a dead owner (or of a reused pid) and says so', async () => {
    const dir = join(work, 'b');
    mkdirSync(dir);
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: DEAD_PID, host: hostname(), started: 1, token: 'old', since: '2026-01-01T00:00:00Z' }));
    const notices: string[] = [];
    const lock = await RunLock.acquire(dir, { onTakeover: (m) => notices.push(m) });
    expect(notices).toEqual([`${dir}: its writer (pid ${DEAD_PID} on ${hostname()}, since 2026-01-01T00:00:00Z) is gone; taking over its lock`]);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    await lock.release();
    // This very pid but another start time: the pid was reused, the owner is gone.
    expect(ownerAlive({ pid: process.pid, host: hostname(), started: (processStartTime(process.pid) ?? 0) + 1, token: 't', since: '' })).toBe(processStartTime(process.pid) === null);
    expect(ownerAlive({ pid: DEAD_PID, host: 'another-host', started: null, token: 't', since: '' })).toBe(true);
  });

  it('waits for a live owner when asked to', async () => {
    const dir = join(work, 'c');
    mkdirSync(dir);
    const first = await RunLock.acquire(dir);
    setTimeout(() => void first.release(), 300);
    const second = await RunLock.acquire(dir, { waitMs: 5_000 });
    expect((await lockOwner(dir))?.token).toBe(second.owner.token);
    await second.release();
  });
});

describe('stale files', () => {
  it('removes what other writers left, keeps its own and a checkpoint fallback still needed', async () => {
    const dir = join(work, 'stale');
    const ck = join(dir, 'checkpoints');
    mkdirSync(join(ck, 'latest'), { recursive: true });
    mkdirSync(join(ck, 'latest.new-999999'), { recursive: true });
    mkdirSync(join(ck, 'best.old'), { recursive: true });
    mkdirSync(join(ck, 'latest.old'), { recursive: true });
    for (const f of ['.manifest.json.999999.tmp', `.manifest.json.${process.pid}.tmp`, '.lock.999999.tmp', '.lock.stale-999999', 'episodes.csv']) writeFileSync(join(dir, f), '');
    writeFileSync(join(ck, 'latest', 'run.json.999999.tmp'), '');
    const removed = (await removeStaleFiles(dir)).map((p) => p.slice(dir.length + 1)).sort();
    expect(removed).toEqual(['.lock.999999.tmp', '.lock.stale-999999', '.manifest.json.999999.tmp', 'checkpoints/latest.new-999999', 'checkpoints/latest.old', 'checkpoints/latest/run.json.999999.tmp']);
    expect(existsSync(join(dir, `.manifest.json.${process.pid}.tmp`))).toBe(true);
    expect(existsSync(join(ck, 'best.old'))).toBe(true); // 'best' itself is missing: the fallback stays
  });
});

describe('path rule', () => {
  const config = { experiment: 'e', algo: 'idm', seed: 0, out: '/r/results' } as RunConfig;
  it('keeps every run folder inside the results root', () => {
    expect(runDir(config, 'figure8')).toBe('/r/results/e/idm__figure8__seed0');
    for (const experiment of ['../../x', '/abs/x', '.hidden', 'a/b', 'x\ny', '']) expect(() => runDir({ ...config, experiment }, 'figure8')).toThrow(RunPathError);
    expect(() => runDir(config, 'x/../../../y')).toThrow(/scenario name \(scenario\.json "name"\) "x\/\.\.\/\.\.\/\.\.\/y" cannot name a results folder/);
    expect(() => runDir({ ...config, algo: '../idm' }, 'figure8')).toThrow(/algorithm "\.\.\/idm"/);
    expect(() => runDir({ ...config, label: 'a/..' }, 'figure8')).toThrow(/grid label/);
  });
});
