// The learner pool inside a controller checkpoint read as data (src/agents/checkpoint.ts): `cavlab export` takes its
// actors, run field `init` (src/runner/learner-init.ts) a slot's actor and critics. No controller code runs.
import { isRecord } from '../util/records.js';

interface FoundPool {
  readonly ids: readonly (readonly [string, number])[];
  readonly actors: readonly Float32Array[];
  /** Each slot's state as stored (SAC pools: `core.weights` holds actor, critics and target critics). */
  readonly slots: readonly unknown[];
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
      if (actors.every((a): a is Float32Array => a !== null)) return { ids, actors, slots };
    }
    for (const value of Object.values(tree)) {
      const found = findPool(value, depth + 1);
      if (found) return found;
    }
  }
  return null;
}
