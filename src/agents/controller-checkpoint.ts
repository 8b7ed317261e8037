// Checkpoints of every controller: the controller id, its config (a resume must use the same hyper-parameters) and
// the controller's own fields (its learners' state, RNG words, schedules). One place checks all three on load.
import type { Fields } from './pool-state.js';
import { readCheckpoint, writeCheckpoint } from './checkpoint.js';
import { CheckpointError } from './errors.js';

/** Config fields that say where learners run, not what they learn: a checkpoint moves between layouts. */
export const PLACEMENT_FIELDS: ReadonlySet<string> = new Set(['learnerWorkers', 'fitWorkers']);

export async function writeControllerCheckpoint(dir: string, controller: string, config: object, fields: Readonly<Record<string, unknown>>): Promise<void> {
  await writeCheckpoint(dir, { controller, config: { ...config }, ...fields });
}

/**
 * The checkpoint's fields; refuses one written by another controller or with another config (placement fields
 * aside). The caller narrows the fields it needs (pool-state.ts helpers) inside `restoring`.
 */
export async function readControllerCheckpoint(dir: string, controller: string, config: object): Promise<Fields> {
  const data = await readCheckpoint(dir);
  const writer = typeof data === 'object' && data !== null && 'controller' in data ? data.controller : undefined;
  if (typeof data !== 'object' || data === null || writer !== controller) {
    throw new CheckpointError(dir, `was not written by '${controller}' (written by '${String(writer)}', not '${controller}')`);
  }
  const saved = new Map<string, unknown>('config' in data && typeof data.config === 'object' && data.config !== null ? Object.entries(data.config) : []);
  const changed = Object.entries(config)
    .filter(([key]) => !PLACEMENT_FIELDS.has(key))
    .filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(saved.get(key)))
    .map(([key]) => key);
  if (changed.length > 0) throw new CheckpointError(dir, `was written with other hyper-parameters (${changed.join(', ')}); resume with the same config`);
  return { ...data };
}

/** Runs `restore`; a failure that is not already a CheckpointError becomes one naming `dir` (with the cause). */
export async function restoring<T>(dir: string, restore: () => Promise<T>): Promise<T> {
  try {
    return await restore();
  } catch (error) {
    if (error instanceof CheckpointError) throw error;
    throw new CheckpointError(dir, error instanceof Error ? error.message : String(error), { cause: error });
  }
}
