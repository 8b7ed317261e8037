// Which learner slot (policy, critics, replay) each vehicle id uses. Pure bookkeeping, no tensors.
// - An id seen before keeps its slot: figure-eight ids repeat every episode, and each car keeps learning its policy.
// - A new id takes the lowest slot no agent of the current step holds; none free → a new slot. Merge learners join
//   and leave with fresh ids, so the number of slots stays the largest number of learners present at once.
// Decision: an agent holds its slot while it is in the step's act call; once it is absent (it left the network, or
// the episode ended) its slot is free for a newcomer. A returning id whose slot another present agent holds
// is treated as new (and remapped), so two present agents never share a slot.

import type { AgentSpaces } from './controller.js';
import { PoolError } from './errors.js';

export interface SlotMapState {
  /** [agentId, slot] pairs in insertion order. */
  readonly ids: readonly (readonly [string, number])[];
  readonly slotCount: number;
}

export class SlotMap {
  private readonly slots = new Map<string, number>();
  private count = 0;

  /** Number of slots ever created. */
  get slotCount(): number {
    return this.count;
  }

  /** The slot `agentId` last used, if any. */
  slotOf(agentId: string): number | undefined {
    return this.slots.get(agentId);
  }

  /**
   * Slots for the agents of one step (row i → agentIds[i]). Known ids are placed first so a newcomer never takes
   * the slot of a returning agent; then new ids take the lowest free slots in row order. Ids must be distinct.
   */
  assign(agentIds: readonly string[]): number[] {
    if (new Set(agentIds).size !== agentIds.length) throw new RangeError(`agent ids of one step must be distinct: [${agentIds.join(', ')}]`);
    const out = new Array<number>(agentIds.length).fill(-1);
    const held = new Set<number>();
    agentIds.forEach((id, i) => {
      const known = this.slots.get(id);
      if (known !== undefined && !held.has(known)) {
        held.add(known);
        out[i] = known;
      }
    });
    let next = 0;
    agentIds.forEach((id, i) => {
      if (out[i] !== -1) return;
      while (held.has(next)) next += 1;
      held.add(next);
      this.count = Math.max(this.count, next + 1);
      this.slots.set(id, next);
      out[i] = next;
    });
    return out;
  }

  /**
   * `assign` for one step, with the rows in slot order: a pool acts row by row in that order, so each slot draws from
   * its RNG streams the same way whatever order the agents come in.
   */
  assignStep(agentIds: readonly string[]): { readonly slots: number[]; readonly rows: number[] } {
    const slots = this.assign(agentIds);
    const rows = agentIds.map((_, i) => i).sort((a, b) => (slots[a] ?? 0) - (slots[b] ?? 0));
    return { slots, rows };
  }

  state(): SlotMapState {
    return { ids: [...this.slots.entries()], slotCount: this.count };
  }

  static fromState(state: SlotMapState): SlotMap {
    const map = new SlotMap();
    for (const [id, slot] of state.ids) {
      if (!Number.isInteger(slot) || slot < 0 || slot >= state.slotCount) throw new RangeError(`slot map: '${id}' → slot ${slot} outside [0, ${state.slotCount})`);
      map.slots.set(id, slot);
    }
    map.count = state.slotCount;
    return map;
  }
}

/** A step's act plan: each agent's slot, the rows in slot order, and the zeroed action rows to fill. */
export interface ActPlan {
  readonly assigned: readonly number[];
  readonly rows: readonly number[];
  readonly out: Float32Array;
}

/**
 * The start every pool's act shares: checks that `obs` holds one row per agent, assigns the step's slots (rows in
 * slot order, so each slot draws from its streams alike whatever order the agents come in) and grows `slots` with
 * `create` to cover them.
 */
export function planAct<T>(map: SlotMap, agentIds: readonly string[], obs: Float32Array, spaces: AgentSpaces, slots: T[], create: (index: number) => T): ActPlan {
  const { obsDim } = spaces;
  if (obs.length !== agentIds.length * obsDim) throw new PoolError(`act: ${agentIds.length} agents need ${agentIds.length * obsDim} observation values, got ${obs.length}`);
  const { slots: assigned, rows } = map.assignStep(agentIds);
  while (slots.length < map.slotCount) slots.push(create(slots.length));
  return { assigned, rows, out: new Float32Array(agentIds.length * spaces.actionBounds.low.length) };
}
