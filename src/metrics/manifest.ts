// manifest.json of one run (ARCHITECTURE.md, Results): what ran (resolved config, seed, versions, backend) and
// how it ended. Written atomically — a temp file, fsync, rename — so a reader never sees half a manifest.
import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { version as tfVersion } from '@tensorflow/tfjs';
import { packageVersion } from '../paths.js';
import { syncDirectory } from './csv.js';
import { ManifestError } from './errors.js';

export const MANIFEST_FILE = 'manifest.json';
export const RUN_STATUSES = ['running', 'finished', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export interface RunVersions {
  readonly cavlab: string;
  readonly node: string;
  readonly tfjs: string;
  /** nn compute path in use (src/nn/backend.ts BackendPath: wasm+openblas, wasm, cpu, …). */
  readonly backend: string;
  readonly sumo: string | null;
}

export interface RunManifest {
  readonly schemaVersion: 1;
  readonly status: RunStatus;
  /** The resolved configuration (every default filled in). */
  readonly config: JsonValue;
  readonly seed: number;
  readonly gitSha: string | null;
  readonly versions: RunVersions;
  /** Parameters of one policy network (68,098 for the figure-eight actor), null without a learner. */
  readonly policyParameters: number | null;
  /** ISO 8601. */
  readonly startedAt: string;
  readonly endedAt: string | null;
  /** One line, when status is 'failed'. */
  readonly error: string | null;
  /** The scenario as it ran: its folder and its checked scenario.json (absent in manifests of older runs). */
  readonly scenario?: { readonly dir: string; readonly manifest: JsonValue };
}

/** Versions of this process: cavlab, Node, tfjs, plus the given backend and SUMO version. */
export function runtimeVersions(backend: string, sumo: string | null = null): RunVersions {
  return { cavlab: packageVersion(), node: process.versions.node, tfjs: tfVersion.tfjs, backend, sumo };
}

/** Writes `<dir>/manifest.json` atomically (temp file in the same directory, fsync, rename, fsync dir). */
export async function writeManifest(dir: string, manifest: RunManifest): Promise<void> {
  const file = join(dir, MANIFEST_FILE);
  const temp = join(dir, `.${MANIFEST_FILE}.${process.pid}.tmp`);
  const handle = await open(temp, 'w');
  try {
    await handle.write(`${JSON.stringify(manifest, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw new ManifestError(file, 'could not replace the manifest', { cause: error });
  }
  await syncDirectory(dir);
}

/** Reads and checks `<dir>/manifest.json`. */
export async function readManifest(dir: string): Promise<RunManifest> {
  const file = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ManifestError(file, 'cannot be read', { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ManifestError(file, 'is not valid JSON', { cause: error });
  }
  return checkManifest(file, parsed);
}

/** Reads, changes and rewrites the manifest (e.g. status → finished with endedAt). */
export async function updateManifest(dir: string, change: Partial<Omit<RunManifest, 'schemaVersion'>>): Promise<RunManifest> {
  const next: RunManifest = { ...(await readManifest(dir)), ...change };
  await writeManifest(dir, next);
  return next;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
  return { schemaVersion: 1, status, config, seed, gitSha, versions: parsedVersions, policyParameters, startedAt, endedAt, error, ...(scenario ? { scenario } : {}) };
}

function isStatus(value: unknown): value is RunStatus {
  return typeof value === 'string' && (RUN_STATUSES as readonly string[]).includes(value);
}

function checkVersions(v: unknown): RunVersions | null {
  if (!isRecord(v)) return null;
  const { cavlab, node, tfjs, backend, sumo } = v;
  if (typeof cavlab !== 'string' || typeof node !== 'string' || typeof tfjs !== 'string' || typeof backend !== 'string' || !nullableString(sumo)) return null;
  return { cavlab, node, tfjs, backend, sumo };
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
