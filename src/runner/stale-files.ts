// Temp files a dead writer left in a run folder: a manifest or run.json being replaced, a checkpoint being built
// beside the old one (`latest.new-<pid>`), a lock being created or taken over. Only the lock holder calls this,
// so every such file that is not its own is stale.
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_FILE } from '../metrics/manifest.js';
import { fsStep, isErrno } from '../metrics/fs-errors.js';
import { LOCK_FILE } from './lock.js';

const CHECKPOINTS = 'checkpoints';

async function entries(dir: string): Promise<string[]> {
  return readdir(dir).catch((error: unknown) => {
    if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR')) return [];
    throw error;
  });
}

/** What in `dir` was left by a writer other than this process; returns the removed paths. */
export async function staleFiles(dir: string): Promise<string[]> {
  const own = String(process.pid);
  const stale: string[] = [];
  const notOwn = (name: string, pattern: RegExp): boolean => {
    const match = pattern.exec(name);
    return match !== null && match[1] !== own;
  };
  for (const name of await entries(dir)) {
    if (notOwn(name, new RegExp(`^\\.${MANIFEST_FILE.replace('.', '\\.')}\\.(\\d+)(?:\\.[a-z]+)?\\.tmp$`))) stale.push(join(dir, name));
    if (notOwn(name, new RegExp(`^\\${LOCK_FILE}\\.(?:stale-)?(\\d+)(?:\\.tmp)?$`))) stale.push(join(dir, name));
  }
  const checkpoints = join(dir, CHECKPOINTS);
  const names = await entries(checkpoints);
  for (const name of names) {
    const path = join(checkpoints, name);
    if (notOwn(name, /^[a-z]+\.new-(\d+)$/)) stale.push(path);
    // `<x>.old` is the fallback while `<x>` is being swapped in; once `<x>` exists it is stale.
    const old = /^([a-z]+)\.old$/.exec(name);
    if (old && names.includes(old[1] ?? '')) stale.push(path);
    for (const inner of await entries(path)) if (notOwn(inner, /^run\.json\.(\d+)\.tmp$/)) stale.push(join(path, inner));
  }
  return stale;
}

/** Removes the stale files of `dir` (see staleFiles) and returns them. */
export async function removeStaleFiles(dir: string): Promise<string[]> {
  const stale = await staleFiles(dir);
  for (const path of stale) if (existsSync(path)) await fsStep('remove', path, () => rm(path, { recursive: true, force: true }));
  return stale;
}
