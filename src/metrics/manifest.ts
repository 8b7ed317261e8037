// manifest.json of one run (ARCHITECTURE.md, Results): what ran (resolved config, seed, versions, backend) and
// how it ended. Written atomically — a temp file, fsync, rename — so a reader never sees half a manifest.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { open, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { version as tfVersion } from '@tensorflow/tfjs';
import { packageVersion } from '../paths.js';
import { readJsonFile } from '../util/json-file.js';
import { syncDirectory } from './csv.js';
import { ManifestError } from './errors.js';
import { fsStep, isErrno } from './fs-errors.js';
import { isRecord } from '../util/records.js';

export const MANIFEST_FILE = 'manifest.json';
/** `interrupted`: stopped by SIGINT/SIGTERM (or its writer vanished); `--resume` and sweeps continue it. */
export const RUN_STATUSES = ['running', 'finished', 'failed', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export interface RunVersions {
  readonly cavlab: string;
  readonly node: string;
  readonly tfjs: string;
  /** nn compute path in use (src/nn/backend.ts BackendPath: wasm+openblas, wasm, cpu, …). */
  readonly backend: string;
  readonly sumo: string | null;
  /** OpenBLAS threads with backend wasm+openblas (null otherwise; absent in older manifests). */
  readonly blasThreads?: number | null;
}

export interface RunManifest {
  readonly schemaVersion: 1;
  readonly status: RunStatus;
  /** The resolved configuration (every default filled in). */
  readonly config: JsonValue;
  readonly seed: number;
  readonly gitSha: string | null;
  readonly versions: RunVersions;
  /** How SUMO was reached: 'traci' (TCP) or 'libsumo' (in-process, issue 22); absent in older manifests. */
  readonly transport?: string;
  /** Worker threads the learners used (`--workers` or the algoConfig's placement fields; 1 = the run's thread, also for a controller without them); absent in older manifests. */
  readonly workers?: number;
  /** Parameters of one policy network (68,098 for the figure-eight actor), null without a learner. */
  readonly policyParameters: number | null;
  /** ISO 8601. */
  readonly startedAt: string;
  readonly endedAt: string | null;
  /** One line, when status is 'failed' or 'interrupted'. */
  readonly error: string | null;
  /** The scenario as it ran: its folder and its checked scenario.json (absent in manifests of older runs). */
  readonly scenario?: { readonly dir: string; readonly manifest: JsonValue };
  /** Episodes rerun after SUMO died (issue 23, src/runner/retry.ts); absent in older manifests. */
  readonly retries?: readonly RetryEntry[];
}

/** One rerun episode: when SUMO's death was caught, the episode, and why (one line). */
export interface RetryEntry {
  readonly time: string;
  readonly episode: number;
  readonly reason: string;
}

function parseRetries(value: unknown): RetryEntry[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter((r): r is RetryEntry => isRecord(r) && typeof r.time === 'string' && typeof r.episode === 'number' && typeof r.reason === 'string')
    .map(({ time, episode, reason }) => ({ time, episode, reason }));
}

/** Versions of this process: cavlab, Node, tfjs, plus the given backend and SUMO version. */
export function runtimeVersions(backend: string, sumo: string | null = null, blasThreads?: number | null): RunVersions {
  return { cavlab: packageVersion(), node: process.versions.node, tfjs: tfVersion.tfjs, backend, sumo, ...(blasThreads === undefined ? {} : { blasThreads }) };
}

/** Writes `<dir>/manifest.json` atomically (temp file in the same directory, fsync, rename, fsync dir). */
export async function writeManifest(dir: string, manifest: RunManifest): Promise<void> {
  const file = join(dir, MANIFEST_FILE);
  const temp = join(dir, `.${MANIFEST_FILE}.${process.pid}.tmp`);
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  try {
    await fsStep('write', temp, async () => {
      const handle = await open(temp, 'w');
      try {
        await handle.write(text);
        await handle.sync();
      } finally {
        await handle.close();
      }
    });
    await fsStep('replace', file, () => rename(temp, file));
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    // A full disk: the space reserved at the start of the run still takes the manifest (it says why it failed).
    if (!isErrno(error, 'ENOSPC') && !isErrno(error, 'EDQUOT')) throw error;
    if (!(await writeIntoReserve(dir, text))) throw error;
  }
  await fsStep('sync', dir, () => syncDirectory(dir));
}

/** A file of this size is kept beside the manifest while a run writes, for the manifest's last word on a full disk. */
const RESERVE_BYTES = 16 * 1024;
const RESERVE_FILE = `.${MANIFEST_FILE}.reserve`;

/** Allocates the reserve (at the start of a run, when there is space). */
export async function reserveManifestSpace(dir: string): Promise<void> {
  const reserve = join(dir, RESERVE_FILE);
  try {
    await fsStep('write', reserve, () => writeFile(reserve, Buffer.alloc(RESERVE_BYTES)));
  } catch (error) {
    await rm(reserve, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** Removes the reserve (the run is over). */
export async function releaseManifestSpace(dir: string): Promise<void> {
  await rm(join(dir, RESERVE_FILE), { force: true });
}

/** Writes `text` over the reserve's allocated blocks (no new space needed) and renames it into place. */
async function writeIntoReserve(dir: string, text: string): Promise<boolean> {
  const reserve = join(dir, RESERVE_FILE);
  if (Buffer.byteLength(text) > RESERVE_BYTES) return false;
  try {
    const handle = await open(reserve, 'r+');
    try {
      await handle.write(text, 0);
      await handle.truncate(Buffer.byteLength(text));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(reserve, join(dir, MANIFEST_FILE));
    return true;
  } catch {
    return false;
  }
}

/**
 * The same, synchronously, for a process that exits at once (a second Ctrl-C). Never throws: the folder stays
 * consistent either way (the old manifest or the new one).
 */
export function writeManifestSync(dir: string, manifest: RunManifest): void {
  const file = join(dir, MANIFEST_FILE);
  const temp = join(dir, `.${MANIFEST_FILE}.${process.pid}.sync.tmp`);
  try {
    writeFileSync(temp, `${JSON.stringify(manifest, null, 2)}\n`);
    renameSync(temp, file);
  } catch {
    rmSync(temp, { force: true });
  }
}

/** Reads and checks `<dir>/manifest.json`. */
export async function readManifest(dir: string): Promise<RunManifest> {
  const file = join(dir, MANIFEST_FILE);
  return checkManifest(file, await readJsonFile(file, (problem, cause) => new ManifestError(file, problem, { cause })));
}

/** Reads, changes and rewrites the manifest (e.g. status → finished with endedAt). */
export async function updateManifest(dir: string, change: Partial<Omit<RunManifest, 'schemaVersion'>>): Promise<RunManifest> {
  const next: RunManifest = { ...(await readManifest(dir)), ...change };
  await writeManifest(dir, next);
  return next;
}


const nullableString = (v: unknown): v is string | null => v === null || typeof v === 'string';

function checkManifest(file: string, value: unknown): RunManifest {
  if (!isRecord(value)) throw new ManifestError(file, 'is not a JSON object');
  const { status, seed, gitSha, policyParameters, startedAt, endedAt, error, versions } = value;
  const problems: string[] = [];
  if (value.schemaVersion !== 1) problems.push(`schemaVersion ${String(value.schemaVersion)} (expected 1)`);
  if (!isStatus(status)) problems.push(`status ${JSON.stringify(status)}`);
  if (!('config' in value)) problems.push('config missing');
  if (typeof seed !== 'number') problems.push('seed is not a number');
  if (!nullableString(gitSha)) problems.push('gitSha');
  if (!(policyParameters === null || typeof policyParameters === 'number')) problems.push('policyParameters');
  if (typeof startedAt !== 'string') problems.push('startedAt');
  if (!nullableString(endedAt)) problems.push('endedAt');
  if (!nullableString(error)) problems.push('error');
  const transport = value.transport;
  if (transport !== undefined && typeof transport !== 'string') problems.push('transport');
  const workers = value.workers;
  if (workers !== undefined && typeof workers !== 'number') problems.push('workers');
  const parsedVersions = checkVersions(versions);
  if (parsedVersions === null) problems.push('versions');
  if (problems.length > 0 || !isStatus(status) || typeof seed !== 'number' || !nullableString(gitSha) || typeof startedAt !== 'string' ||
    !nullableString(endedAt) || !nullableString(error) || parsedVersions === null || !(policyParameters === null || typeof policyParameters === 'number')) {
    throw new ManifestError(file, `bad fields: ${problems.join(', ')}`);
  }
  // JSON.parse yields only JSON values, so config is one.
  const config = value.config as JsonValue;
  const scenario = isRecord(value.scenario) && typeof value.scenario.dir === 'string' && isRecord(value.scenario.manifest)
    ? { dir: value.scenario.dir, manifest: value.scenario.manifest as JsonValue } : undefined;
  const retries = parseRetries(value.retries);
  return { schemaVersion: 1, status, config, seed, gitSha, versions: parsedVersions, ...(typeof transport === 'string' ? { transport } : {}), ...(typeof workers === 'number' ? { workers } : {}), policyParameters, startedAt, endedAt, error, ...(scenario ? { scenario } : {}), ...(retries ? { retries } : {}) };
}

function isStatus(value: unknown): value is RunStatus {
  return typeof value === 'string' && (RUN_STATUSES as readonly string[]).includes(value);
}

function checkVersions(v: unknown): RunVersions | null {
  if (!isRecord(v)) return null;
  const { cavlab, node, tfjs, backend, sumo, blasThreads } = v;
  if (typeof cavlab !== 'string' || typeof node !== 'string' || typeof tfjs !== 'string' || typeof backend !== 'string' || !nullableString(sumo)) return null;
  const threads = typeof blasThreads === 'number' || blasThreads === null ? { blasThreads } : {};
  return { cavlab, node, tfjs, backend, sumo, ...threads };
}

/** The commit of the cavlab checkout at `root` read from .git (no git process), or null when not a checkout. */
export async function readGitSha(root: string): Promise<string | null> {
  try {
    let gitDir = join(root, '.git');
    // In a worktree or submodule, .git is a file: "gitdir: <path>".
    if (!(await stat(gitDir)).isDirectory()) {
      const pointer = (await readFile(gitDir, 'utf8')).trim();
      if (!pointer.startsWith('gitdir: ')) return null;
      gitDir = resolve(root, pointer.slice(8));
    }
    const head = (await readFile(join(gitDir, 'HEAD'), 'utf8')).trim();
    if (!head.startsWith('ref: ')) return /^[0-9a-f]{40}$/.test(head) ? head : null;
    const ref = head.slice(5);
    const loose = await readFile(join(gitDir, ref), 'utf8').catch(() => null);
    if (loose !== null) return loose.trim();
    // A worktree keeps its refs in the common directory named by "commondir".
    const common = await readFile(join(gitDir, 'commondir'), 'utf8').then((c) => resolve(gitDir, c.trim())).catch(() => gitDir);
    const commonLoose = await readFile(join(common, ref), 'utf8').catch(() => null);
    if (commonLoose !== null) return commonLoose.trim();
    const packed = await readFile(join(common, 'packed-refs'), 'utf8');
    const line = packed.split('\n').find((l) => l.endsWith(` ${ref}`));
    return line?.split(' ')[0] ?? null;
  } catch {
    return null;
  }
}
