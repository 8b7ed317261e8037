// Checkpoints of the controllers built on an AgentPool: the controller id, its config (a resume must use the same
// hyper-parameters), the pool's state and whatever else the controller keeps (`extra`: RNG words, schedules).
import type { AgentSpaces } from '../controller.js';
import { readCheckpoint, writeCheckpoint } from '../checkpoint.js';
import { CheckpointError } from '../errors.js';
import { AgentPool } from '../pool.js';
import { parsePoolState } from '../pool-state.js';
import type { SacConfig } from '../sac/config.js';

export async function savePoolCheckpoint(dir: string, controller: string, config: SacConfig, pool: AgentPool, extra: Readonly<Record<string, unknown>> = {}): Promise<void> {
  await writeCheckpoint(dir, { controller, config: { ...config }, pool: await pool.state(), extra: { ...extra } });
}

/**
 * A new pool holding the checkpoint's learners, and its `extra`; refuses a checkpoint written by another controller
 * or with another config. The caller replaces its pool only after this succeeds.
 */
export async function loadPoolCheckpoint(dir: string, controller: string, config: SacConfig, spaces: AgentSpaces, seed: number): Promise<{ pool: AgentPool; extra: Readonly<Record<string, unknown>> }> {
  const data = await readCheckpoint(dir);
  if (typeof data !== 'object' || data === null || !('controller' in data) || data.controller !== controller) {
    throw new CheckpointError(dir, `was not written by '${controller}'`);
  }
  const saved = new Map<string, unknown>('config' in data && typeof data.config === 'object' && data.config !== null ? Object.entries(data.config) : []);
  const changed = Object.entries(config)
    // Where the learners run (learnerWorkers) does not change what they learn: a checkpoint moves between layouts.
    .filter(([key]) => key !== 'learnerWorkers')
    .filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(saved.get(key)))
    .map(([key]) => key);
  if (changed.length > 0) throw new CheckpointError(dir, `was written with other hyper-parameters (${changed.join(', ')}); resume with the same config`);
  const pool = new AgentPool(spaces, config, seed);
  try {
    await pool.loadState(parsePoolState('pool' in data ? data.pool : undefined));
  } catch (error) {
    pool.dispose();
    if (error instanceof CheckpointError) throw error;
    throw new CheckpointError(dir, error instanceof Error ? error.message : String(error), { cause: error });
  }
  const extra = 'extra' in data && typeof data.extra === 'object' && data.extra !== null ? Object.fromEntries(Object.entries(data.extra)) : {};
  return { pool, extra };
}
