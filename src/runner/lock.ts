// One writer per run folder: `<run>/.lock` names its owner (pid, host, process start time). It is created with
// link(2) from a complete temp file, so it exists whole or not at all and two processes can never both create
// it. A lock whose owner is dead (same host, no such process, or the pid now belongs to another process) is
// taken over and said so; a live owner's lock is refused (or waited for, up to `waitMs`).
import { randomUUID } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { asFileSystemError, fsStep, isErrno } from '../metrics/fs-errors.js';
import { RunLockedError } from './errors.js';

export const LOCK_FILE = '.lock';
/** Between looks at a live owner's lock while waiting for it. */
const WAIT_POLL_MS = 200;

export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** Start time of the owner process (Linux /proc/<pid>/stat field 22, clock ticks since boot); guards against pid reuse. */
  readonly started: number | null;
  readonly token: string;
  /** ISO 8601. */
  readonly since: string;
}

export interface LockOptions {
  /** Wait this long for a live owner to let go (a sweep worker whose predecessor is still stopping); default 0. */
  readonly waitMs?: number;
  /** Told when a dead owner's lock is taken over. */
  readonly onTakeover?: (message: string) => void;
}

/** Start time of process `pid` from /proc (Linux), or null where there is no /proc. */
export function processStartTime(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) may hold spaces and parentheses: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const value = Number(fields[19]);
    return Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}

/** Whether the lock's owner still runs. Another host's owner cannot be checked and counts as alive. */
export function ownerAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if (isErrno(error, 'ESRCH')) return false;
  }
  // A pid the kernel gave to another process since: its start time differs.
  const started = processStartTime(owner.pid);
  return owner.started === null || started === null || started === owner.started;
}

function parseOwner(text: string): LockOwner | null {
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== 'object' || v === null) return null;
    const o = v as Record<string, unknown>;
    if (typeof o['pid'] !== 'number' || typeof o['host'] !== 'string' || typeof o['token'] !== 'string') return null;
    return { pid: o['pid'], host: o['host'], started: typeof o['started'] === 'number' ? o['started'] : null, token: o['token'], since: typeof o['since'] === 'string' ? o['since'] : '?' };
  } catch {
    return null;
  }
}

async function readOwner(file: string): Promise<LockOwner | null | 'gone'> {
  try {
    return parseOwner(await readFile(file, 'utf8'));
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return 'gone';
    throw error;
  }
}

/** The owner of run folder `dir`'s lock, or null when it is unlocked (or its lock unreadable). */
export async function lockOwner(dir: string): Promise<LockOwner | null> {
  const owner = await readOwner(join(dir, LOCK_FILE)).catch(() => null);
  return owner === 'gone' ? null : owner;
}

export class RunLock {
  private held = true;

  private constructor(readonly file: string, readonly owner: LockOwner) {}

  /** Takes the lock of run folder `dir` (which must exist) or throws RunLockedError naming its live owner. */
  static async acquire(dir: string, options: LockOptions = {}): Promise<RunLock> {
    const file = join(dir, LOCK_FILE);
    const owner: LockOwner = { pid: process.pid, host: hostname(), started: processStartTime(process.pid), token: randomUUID(), since: new Date().toISOString() };
    const temp = join(dir, `${LOCK_FILE}.${process.pid}.tmp`);
    const deadline = Date.now() + (options.waitMs ?? 0);
    await fsStep('write', temp, () => writeFile(temp, `${JSON.stringify(owner)}\n`));
    try {
      for (;;) {
        try {
          await link(temp, file);
          return new RunLock(file, owner);
        } catch (error) {
          if (!isErrno(error, 'EEXIST')) throw error;
        }
        const holder = await readOwner(file);
        if (holder === 'gone') continue;
        if (holder !== null && ownerAlive(holder)) {
          if (Date.now() < deadline) {
            await new Promise((done) => setTimeout(done, WAIT_POLL_MS));
            continue;
          }
          throw new RunLockedError(dir, holder);
        }
        await takeOver(file, holder);
        options.onTakeover?.(holder === null
          ? `${file}: unreadable lock removed`
          : `${dir}: its writer (pid ${holder.pid} on ${holder.host}, since ${holder.since}) is gone; taking over its lock`);
      }
    } catch (error) {
      throw asFileSystemError(error, 'lock', file);
    } finally {
      await unlink(temp).catch(() => undefined);
    }
  }

  /** Releases the lock if this process still owns it. */
  async release(): Promise<void> {
    if (!this.held) return;
    const holder = await readOwner(this.file).catch(() => null);
    // Held until the file is gone: a second signal meanwhile still removes it (releaseSync).
    if (holder !== null && holder !== 'gone' && holder.token === this.owner.token) await unlink(this.file).catch(() => undefined);
    this.held = false;
  }

  /** The same, synchronously (for a second Ctrl-C, which exits at once). */
  releaseSync(): void {
    if (!this.held) return;
    this.held = false;
    try {
      if (parseOwner(readFileSync(this.file, 'utf8'))?.token === this.owner.token) unlinkSync(this.file);
    } catch {
      // already gone
    }
  }
}

/**
 * Removes a dead owner's lock. Two processes may race here: each moves the lock aside first and puts it back if
 * what it moved was not the dead lock it read (the other one's fresh lock), so only dead locks are removed.
 */
async function takeOver(file: string, dead: LockOwner | null): Promise<void> {
  const aside = `${file}.stale-${process.pid}`;
  try {
    await rename(file, aside);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return;
    throw error;
  }
  const moved = await readOwner(aside);
  const same = moved !== 'gone' && (moved === null ? dead === null : moved.token === dead?.token);
  if (!same) await link(aside, file).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}
