// Node's file-system errors name the syscall but often not the file ("ENOSPC: no space left on device, write"):
// every write into a results folder goes through `fsStep`, which turns them into one FileSystemError line
// naming what cavlab was doing and where.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { CavlabError } from '../errors.js';
import { FileSystemError } from './errors.js';

interface ErrnoLike { readonly code: string; readonly message: string; readonly path?: unknown }

export function isErrno(error: unknown, code?: string): error is ErrnoLike {
  if (typeof error !== 'object' || error === null || !('code' in error) || typeof error.code !== 'string') return false;
  return code === undefined || error.code === code;
}

/** `error` as a FileSystemError naming `operation` and `path` (Node's own path when it gave one). */
export function asFileSystemError(error: unknown, operation: string, path: string): unknown {
  if (error instanceof CavlabError || !isErrno(error) || !/^E[A-Z]+$/.test(error.code)) return error;
  // "ENOSPC: no space left on device, write" → "no space left on device"
  const reason = /^[A-Z]+: ([^,]*)/.exec(error.message)?.[1] ?? '';
  return new FileSystemError(operation, typeof error.path === 'string' ? error.path : path, error.code, reason, { cause: error });
}

/** Runs `step`; a file-system failure becomes a FileSystemError naming `operation` and `path`. */
export async function fsStep<T>(operation: string, path: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw asFileSystemError(error, operation, path);
  }
}

/**
 * `mkdir -p` whose failure names the folder that could not be made and the real reason (Node's recursive mkdir
 * reports ENOENT for a read-only parent): one FileSystemError "cannot create <folder>: EROFS (…)".
 */
export async function makeFolders(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true });
    return;
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw asFileSystemError(error, 'create', path);
  }
  // Again one level at a time, so the first level that fails says why.
  const levels: string[] = [];
  for (let p = resolve(path); !existsSync(p); p = dirname(p)) {
    levels.unshift(p);
    if (dirname(p) === p) break;
  }
  for (const level of levels) await fsStep('create', level, () => mkdir(level).catch((error: unknown) => {
    if (!isErrno(error, 'EEXIST')) throw error;
  }));
}
