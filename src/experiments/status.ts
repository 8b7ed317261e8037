// What a run folder says about its run, read from the run's own files (no scheduler query): the manifest's
// status, else the error a sweep worker left when the run failed before its manifest existed, else pending.
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { MANIFEST_FILE, readManifest } from '../metrics/manifest.js';
import { lockOwner, ownerAlive } from '../runner/lock.js';
import { SWEEP_STATE_DIR } from './plan-file.js';

/**
 * A sweep worker's record of a run that failed before its manifest was written (e.g. a missing scenario). It lives
 * in the sweep's state folder, `<results>/<experiment>/.sweep/errors/<run id>.txt`, not in the run's folder: a run
 * that fails its checks gets no folder (issue 14, "check, then write").
 */
export function workerErrorFile(runDir: string): string {
  return join(dirname(runDir), SWEEP_STATE_DIR, 'errors', `${basename(runDir)}.txt`);
}

export type SweepRunStatus = 'pending' | 'running' | 'finished' | 'failed' | 'interrupted';

export interface RunState {
  readonly status: SweepRunStatus;
  readonly error: string | null;
}

export async function readRunState(dir: string): Promise<RunState> {
  const workerError = (await readFile(workerErrorFile(dir), 'utf8').catch(() => null))?.trim() ?? null;
  if (existsSync(join(dir, MANIFEST_FILE))) {
    try {
      const manifest = await readManifest(dir);
      // A run refused before its loop (e.g. resume with another config) leaves its manifest as it was.
      if (manifest.status === 'running' && workerError !== null) return { status: 'failed', error: workerError };
      // 'running' is true only while its writer holds the folder's lock; a writer killed outright left it behind.
      if (manifest.status === 'running') {
        const owner = await lockOwner(dir);
        if (owner === null || !ownerAlive(owner)) return { status: 'interrupted', error: `its writer${owner ? ` (pid ${owner.pid})` : ''} stopped without a word; the next sweep or --resume continues it` };
      }
      return { status: manifest.status, error: manifest.error };
    } catch (error) {
      return { status: 'failed', error: error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error) };
    }
  }
  if (workerError !== null) return { status: 'failed', error: workerError };
  return { status: 'pending', error: null };
}

export async function writeWorkerError(dir: string, message: string): Promise<void> {
  const file = workerErrorFile(dir);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${message}\n`);
}

export async function clearWorkerError(dir: string): Promise<void> {
  await rm(workerErrorFile(dir), { force: true });
}

/** Final numbers of a run: the last evaluation (mean over its episodes), else the last training episode. */
export interface FinalMetrics {
  readonly episodes: number;
  readonly epoch: number | null;
  /** Which episodes the final numbers are the mean of: the last evaluation's, or (without any) the last training episode. */
  readonly phase: 'eval' | 'train' | null;
  readonly return: number | null;
  readonly meanSpeed: number | null;
  readonly collisions: number | null;
}

export async function readFinalMetrics(dir: string): Promise<FinalMetrics> {
  const text = await readFile(join(dir, 'episodes.csv'), 'utf8').catch(() => '');
  const [header, ...lines] = text.trimEnd().split('\n').filter((l) => l.length > 0);
  if (header === undefined || lines.length === 0) return { episodes: 0, epoch: null, phase: null, return: null, meanSpeed: null, collisions: null };
  const columns = header.split(',');
  const rows = lines.map((line) => {
    const cells = line.split(',');
    return (name: string): string => cells[columns.indexOf(name)] ?? '';
  });
  const evals = rows.filter((r) => r('phase') === 'eval');
  const pool = evals.length > 0 ? evals : rows;
  const lastEpoch = pool[pool.length - 1]?.('epoch') ?? '';
  const last = pool.filter((r) => r('epoch') === lastEpoch);
  const mean = (name: string): number | null => {
    const values = last.map((r) => Number(r(name))).filter((v) => Number.isFinite(v));
    return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null;
  };
  return { episodes: rows.length, epoch: lastEpoch === '' ? null : Number(lastEpoch), phase: evals.length > 0 ? 'eval' : 'train', return: mean('return'), meanSpeed: mean('mean_speed'), collisions: mean('collisions') };
}
