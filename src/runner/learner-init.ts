// Run field `init`: the networks every learner of a new run starts from, read from a trained run's checkpoint
// (RSM-MASAC Fig. 13: the policy trained on figure8, fine-tuned or only tested in figure8-all). The checkpoint is read
// as data like `cavlab export` reads it; a folder, checkpoint or learner that is not there is one line naming it.
import { join } from 'node:path';
import { readCheckpoint } from '../agents/checkpoint.js';
import { LearnerInitError } from '../agents/errors.js';
import { LEARNER_INIT_NETWORKS } from '../agents/learner-init.js';
import type { LearnerInit } from '../agents/learner-init.js';
import { CavlabError } from '../errors.js';
import { findPool } from '../agents/saved-pool.js';
import type { RunInit } from './run-fields.js';
import { openSavedRun, savedCheckpoint } from './saved-run.js';
import { isRecord } from '../util/records.js';


/** `init.learner`'s actor and critics in checkpoint `init.checkpoint` of run `init.run`. */
export async function readLearnerInit(init: RunInit): Promise<LearnerInit> {
  let dir: string;
  let algo: string;
  let tree: unknown;
  try {
    const run = await openSavedRun(init.run);
    algo = run.algo;
    dir = savedCheckpoint(run, init.checkpoint);
    tree = await readCheckpoint(join(dir, 'controller'));
  } catch (error) {
    if (error instanceof CavlabError) throw new LearnerInitError(`init.run: ${error.message}`, { cause: error });
    throw error;
  }
  const pool = findPool(tree);
  if (pool === null || pool.slots.length === 0) throw new LearnerInitError(`init.run: ${dir} (${algo}) has no learners to start from`);
  const slot = pool.slots[init.learner];
  if (slot === undefined) throw new LearnerInitError(`init.learner: ${dir} has learners 0–${pool.slots.length - 1}, got ${init.learner}`);
  const weights = isRecord(slot) && isRecord(slot.core) && isRecord(slot.core.weights) ? slot.core.weights : null;
  const source = `${dir} learner ${init.learner}`;
  const networks = LEARNER_INIT_NETWORKS.map((net) => weights?.[net]);
  const [actor, critic1, critic2] = networks;
  if (!(actor instanceof Float32Array && critic1 instanceof Float32Array && critic2 instanceof Float32Array)) {
    throw new LearnerInitError(`init.run: ${dir} (${algo}) has no SAC actor and critics to start from (init needs a SAC-based run)`);
  }
  return { source, actor, critic1, critic2 };
}
