// Bookkeeping of communication rounds shared by the policy-exchanging controllers: when each learner is due
// (every U local policy updates, Alg. 1 l. 22), who its neighbours are (the step's neighbour graph, restricted to the learners),
// and the per-episode counts behind ρ_total, ρ_ef, ρ_r and ψ (Sec. VI-B).
import { psiGigabytes } from '../../comm/channel.js';
import { restrictGraph } from '../../comm/neighbours.js';
import type { RangeGraph } from '../../comm/range-graph.js';
import type { StepContext } from '../controller.js';

/** What a round schedule reads of a set of learners (AgentPool, PpoPool): slots by agent and each slot's update count. */
export interface ScheduledLearners {
  readonly slotCount: number;
  slotOf(agentId: string): number | undefined;
  slot(index: number): { readonly updates: number };
}

/** A learner whose round is due: the agent in the network and its pool slot. */
export interface DueAgent {
  readonly agent: string;
  readonly slot: number;
}

/**
 * "if k mod U = 0 then CommMix" per learner, with k its policy updates (Alg. 1 l. 14–24). As the public code counts
 * (`iterations % comm_interval == 0`, iterations from 0): the first round follows the first policy update, then one
 * every U — rounds after policy updates 1, U + 1, 2U + 1, …
 */
export class RoundSchedule {
  /** Policy updates of each slot at its last round (unset: 1 − U, so the first update makes a round due). */
  private last: number[] = [];

  constructor(private readonly updatesPerRound: number, private readonly policyDelay: number) {}

  private lastOf(slot: number): number {
    return this.last[slot] ?? 1 - this.updatesPerRound;
  }

  /**
   * Policy updates of a slot after `updates` of its updates: one at every update where updates mod e = 0 (SAC's policy
   * delay e; 1 for learners whose every update moves the policy, as PPO's).
   */
  policyUpdates(updates: number): number {
    return Math.ceil(updates / this.policyDelay);
  }

  /**
   * The agents among `present` (in the network now) whose learner made ≥ U policy updates since its last round,
   * in slot order. Learners absent from the network keep their round due until their slot is back.
   */
  due(pool: ScheduledLearners, present: Iterable<string>): DueAgent[] {
    const out: DueAgent[] = [];
    const seen = new Set<number>();
    for (const agent of present) {
      const slot = pool.slotOf(agent);
      // An agent that has not acted yet may still map to a slot it held in an earlier episode: one agent per slot.
      if (slot === undefined || slot >= pool.slotCount || seen.has(slot)) continue;
      seen.add(slot);
      const k = this.policyUpdates(pool.slot(slot).updates);
      if (k > 0 && k - this.lastOf(slot) >= this.updatesPerRound) out.push({ agent, slot });
    }
    return out.sort((a, b) => a.slot - b.slot);
  }

  /** The round of `slot` happened now. */
  done(pool: ScheduledLearners, slot: number): void {
    this.last[slot] = this.policyUpdates(pool.slot(slot).updates);
  }

  /** Per slot, dense (slots without a round yet get 1 − U), for checkpoints. */
  state(): number[] {
    return Array.from(this.last, (_, slot) => this.lastOf(slot));
  }

  restore(state: readonly number[]): void {
    this.last = [...state];
  }
}

/** Ω_i for every learner in the network: the step's neighbour graph restricted to the agents with a pool slot. */
export function learnerGraph(pool: Pick<ScheduledLearners, 'slotOf'>, ctx: StepContext, range: number | null): RangeGraph {
  return restrictGraph(ctx.neighbours.graph(range), [...ctx.positions.keys()].filter((id) => pool.slotOf(id) !== undefined));
}

/** Columns the policy-exchanging controllers add to episodes.csv (Sec. VI-B). */
export const MIXING_METRIC_COLUMNS = ['rho_total', 'rho_ef', 'rho_r', 'psi_gb'] as const;

/** ρ_total and ρ_ef of the running episode. */
export class MixingCounters {
  private total = 0;
  private effective = 0;

  add(replicas: number, mixed: number): void {
    this.total += replicas;
    this.effective += mixed;
  }

  /**
   * The episode's ρ_total (reconstructed referential policies), ρ_ef (of them mixed in), ρ_r = ρ_ef/ρ_total (0 without
   * any) and ψ = ρ_total · 32 · |θ| / (8 · 1024³) GB; then the counts start again.
   */
  take(policyParameters: number): Record<(typeof MIXING_METRIC_COLUMNS)[number], number> {
    const out = {
      rho_total: this.total,
      rho_ef: this.effective,
      rho_r: this.total > 0 ? this.effective / this.total : 0,
      psi_gb: psiGigabytes(this.total, policyParameters),
    };
    this.total = 0;
    this.effective = 0;
    return out;
  }
}
