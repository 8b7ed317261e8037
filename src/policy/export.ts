// `cavlab export <run>`: the actors of a run's checkpoint as a policy file (policy-file.ts). Reads the checkpoint
// as data (src/agents/checkpoint.ts) and takes the learner pool in it — the state AgentPool writes for every
// SAC-based controller, or PpoPool for the PPO family — so no controller code runs and no network is built.
import { join } from 'node:path';
import { readCheckpoint } from '../agents/checkpoint.js';
import { SAC_DEFAULTS } from '../agents/sac/config.js';
import { spacesOf } from '../env/spaces.js';
import { OBSERVATIONS } from '../env/observations/registry.js';
import type { SavedRun } from '../runner/saved-run.js';
import { NoPolicyError } from './errors.js';
import { encodeFloats, POLICY_FORMAT, POLICY_VERSION } from './policy-file.js';
import type { PolicyFile } from './policy-file.js';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

interface FoundPool {
  readonly ids: readonly (readonly [string, number])[];
  readonly actors: readonly Float32Array[];
}

/** A slot's actor θ: SAC pools keep it at `core.weights.actor`, PPO pools at `learner.actor` (the same squashed-Gaussian head). */
function slotActor(slot: unknown): Float32Array | null {
  if (!isRecord(slot)) return null;
  if (isRecord(slot.core) && isRecord(slot.core.weights) && slot.core.weights.actor instanceof Float32Array) return slot.core.weights.actor;
  if (isRecord(slot.learner) && slot.learner.actor instanceof Float32Array) return slot.learner.actor;
  return null;
}

/**
 * The first learner pool state in a checkpoint tree: `{ slotMap: { ids }, slots: [...] }` with each slot's actor where
 * AgentPool (`core.weights.actor`) or PpoPool (`learner.actor`) writes it.
 */
export function findPool(tree: unknown, depth = 0): FoundPool | null {
  if (depth > 6) return null;
  if (isRecord(tree)) {
    const { slotMap, slots } = tree;
    if (isRecord(slotMap) && Array.isArray(slotMap.ids) && Array.isArray(slots)) {
      const actors = slots.map(slotActor);
      const ids = slotMap.ids.filter((p): p is [string, number] => Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'number');
      if (actors.every((a): a is Float32Array => a !== null)) return { ids, actors };
    }
    for (const value of Object.values(tree)) {
      const found = findPool(value, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

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
