// A run's checkpoints: `latest` (where a resumed run continues) and `best` (the policy of the best evaluation).
// A checkpoint is a folder: the controller's state and run.json (the last finished episode and its CSV row, so
// a run killed between the checkpoint and the CSV write still gets that row exactly once). Folders are written
// beside the old one and swapped in by rename: a crash leaves the old checkpoint or the new one, never half.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Controller } from '../agents/controller.js';
import type { EpisodeRow } from '../metrics/schemas.js';
import { EPISODE_COLUMNS } from '../metrics/schemas.js';
import { fsStep } from '../metrics/fs-errors.js';
import { ResumeError } from './errors.js';

export interface RunState {
  /** Index of the last finished episode. */
  readonly episode: number;
  /** Its episodes.csv row. */
  readonly row: EpisodeRow;
  /** Best evaluation return so far, and the episode it came from (null before any evaluation). */
  readonly bestReturn: number | null;
  readonly bestEpisode: number | null;
}

const RUN_FILE = 'run.json';
const CONTROLLER_DIR = 'controller';

export function checkpointDir(runDir: string, which: 'latest' | 'best'): string {
  return join(runDir, 'checkpoints', which);
}

async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await fsStep('write', temp, () => writeFile(temp, `${JSON.stringify(value, null, 2)}\n`));
    await fsStep('replace', file, () => rename(temp, file));
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * Writes a full checkpoint (controller + run state) into `target` by building it beside and swapping it in.
 * A failure (disk full) removes the half-built folder; the previous checkpoint stays.
 */
export async function saveCheckpoint(target: string, controller: Controller, state: RunState): Promise<void> {
  const fresh = `${target}.new-${process.pid}`;
  const old = `${target}.old`;
  try {
    await fsStep('write checkpoint', fresh, async () => {
      await rm(fresh, { recursive: true, force: true });
      await mkdir(join(fresh, CONTROLLER_DIR), { recursive: true });
      await controller.save(join(fresh, CONTROLLER_DIR));
    });
    await writeJsonAtomic(join(fresh, RUN_FILE), state);
  } catch (error) {
    await rm(fresh, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
  await fsStep('swap in checkpoint', target, async () => {
    await rm(old, { recursive: true, force: true });
    if (existsSync(target)) await rename(target, old);
    await rename(fresh, target);
    await rm(old, { recursive: true, force: true });
  });
}

/** Updates only the run state of an existing checkpoint (after an evaluation: the controller did not change). */
export async function saveRunState(target: string, state: RunState): Promise<void> {
  await writeJsonAtomic(join(target, RUN_FILE), state);
}

/** The folder holding the checkpoint `target` (or the previous one, if a swap was cut short), or null. */
function findCheckpoint(target: string): string | null {
  for (const dir of [target, `${target}.old`]) if (existsSync(join(dir, RUN_FILE))) return dir;
  return null;
}

/** Restores the controller and returns the run state, or null when there is no checkpoint yet. */
export async function loadCheckpoint(target: string, controller: Controller): Promise<RunState | null> {
  const dir = findCheckpoint(target);
  if (dir === null) return null;
  let state: RunState;
  try {
    state = parseRunState(JSON.parse(await readFile(join(dir, RUN_FILE), 'utf8')));
  } catch (error) {
    throw new ResumeError(`${join(dir, RUN_FILE)}: cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  await controller.load(join(dir, CONTROLLER_DIR));
  return state;
}

/** episodes.csv columns added after checkpoints were first written: older checkpoints (e.g. for `cavlab eval`) lack them. */
const LATER_COLUMNS: ReadonlySet<string> = new Set(['learners', 'critic_loss', 'actor_loss', 'alpha', 'entropy']);

function parseRunState(value: unknown): RunState {
  if (typeof value !== 'object' || value === null) throw new Error('not an object');
  const v = value as Record<string, unknown>;
  const row = v['row'];
  if (typeof v['episode'] !== 'number' || typeof row !== 'object' || row === null) throw new Error('episode or row missing');
  for (const column of EPISODE_COLUMNS) if (!(column in row) && !LATER_COLUMNS.has(column)) throw new Error(`row has no ${column}`);
  const nullableNumber = (x: unknown): number | null => (typeof x === 'number' ? x : null);
  const filled = { ...Object.fromEntries([...LATER_COLUMNS].map((c) => [c, null])), ...row } as EpisodeRow;
  return { episode: v['episode'], row: filled, bestReturn: nullableNumber(v['bestReturn']), bestEpisode: nullableNumber(v['bestEpisode']) };
}
