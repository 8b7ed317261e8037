// `cavlab export <run>`: the actors of a run's checkpoint as a policy file (policy-file.ts). Reads the checkpoint
// as data (src/agents/checkpoint.ts) and takes the learner pool in it — the state AgentPool writes for every
// SAC-based controller, or PpoPool for the PPO family — so no controller code runs and no network is built.
import { join } from 'node:path';
import { readCheckpoint } from '../agents/checkpoint.js';
import { SAC_DEFAULTS } from '../agents/sac/config.js';
import { spacesOf } from '../env/spaces.js';
import { OBSERVATIONS } from '../env/observations/registry.js';
import type { SavedRun } from '../runner/saved-run.js';
import { findPool } from '../agents/saved-pool.js';
import { NoPolicyError } from './errors.js';

export { findPool };
import { encodeFloats, POLICY_FORMAT, POLICY_VERSION } from './policy-file.js';
import type { PolicyFile } from './policy-file.js';
import { isRecord } from '../util/records.js';

const ACTION_UNITS: Readonly<Record<string, string>> = { acceleration: 'm/s²', targetSpeed: 'm/s' };

/** The policy file of a run's checkpoint folder (`checkpoints/best` or `latest`). */
export async function exportPolicy(run: SavedRun, checkpoint: { readonly name: string; readonly dir: string; readonly episode: number | null }): Promise<PolicyFile> {
  const tree = await readCheckpoint(join(checkpoint.dir, 'controller'));
  const pool = findPool(tree);
  if (pool === null || pool.actors.length === 0) {
    throw new NoPolicyError(`${run.dir}: ${run.algo} has no learned policy to export${run.algo === 'idm' ? ' (SUMO drives every vehicle)' : ' (no learner acted before the checkpoint)'}`);
  }
  const { manifest } = run.scenario;
  const spaces = spacesOf(manifest);
  const config = isRecord(tree) && isRecord(tree.config) ? tree.config : {};
  const hidden = Array.isArray(config.actorHidden) && config.actorHidden.every((h) => typeof h === 'number') ? config.actorHidden : [...SAC_DEFAULTS.actorHidden];
  const sizes = [spaces.obsDim, ...hidden, 2 * spaces.actionBounds.low.length];
  let count = 0;
  for (let l = 0; l + 1 < sizes.length; l++) count += ((sizes[l] ?? 0) + 1) * (sizes[l + 1] ?? 0);
  const wrong = pool.actors.find((a) => a.length !== count);
  if (wrong) throw new NoPolicyError(`${checkpoint.dir}: an actor has ${wrong.length} parameters, the layer widths [${sizes.join(', ')}] need ${count}`);
  const spec = OBSERVATIONS.get(manifest.observation.id);
  return {
    format: POLICY_FORMAT, version: POLICY_VERSION,
    source: { run: run.dir, checkpoint: checkpoint.name, episode: checkpoint.episode, algo: run.algo, seed: run.seed, scenario: manifest.name },
    observation: { id: manifest.observation.id, params: { ...(spec?.defaults ?? {}), ...manifest.observation.params }, size: spaces.obsDim, description: spec?.description ?? '' },
    action: { kind: manifest.action.kind, unit: ACTION_UNITS[manifest.action.kind] ?? '', low: spaces.actionBounds.low, high: spaces.actionBounds.high },
    network: { sizes },
    agents: Object.fromEntries(pool.ids),
    policies: pool.actors.map(encodeFloats),
  };
}
