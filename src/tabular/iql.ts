// Independent Q-learning [23] with the visit-count step sizes of eq. 8: the "local autonomy" part of eq. 5 alone.
import type { TabularLearningConfig } from './config.js';
import { QTables } from './q-tables.js';
import { VisitCounts, visitStepSize } from './step-sizes.js';

/**
 * Local autonomy term of eq. 5: (1 − α_t) Q_i(s, a) + α_t [r_i + γ max_{a'} Q_i(s', a')]. Eq. 1 is the same
 * update written as Q + α(target − Q); eq. 5's form is used by both learners so IQL+PR with β = 0 is IQL bit for bit.
 */
export function localAutonomy(q: number, alpha: number, reward: number, gamma: number, maxNext: number): number {
  return (1 - alpha) * q + alpha * (reward + gamma * maxNext);
}

/** One synchronous step of all agents: s_i, a_i, r_i, s'_i. */
export interface TabularTransition {
  readonly states: Int32Array;
  readonly actions: Int32Array;
  readonly rewards: Float64Array;
  readonly nextStates: Int32Array;
}

/** A tabular multi-agent learner as the Digital runner drives it. */
export interface TabularLearner {
  readonly q: QTables;
  update(step: TabularTransition): void;
}

export class IqlLearner implements TabularLearner {
  readonly q: QTables;
  private readonly visits: VisitCounts;

  constructor(agents: number, states: number, actions: number, private readonly learning: TabularLearningConfig, private readonly alpha0: number) {
    this.q = new QTables(agents, states, actions, learning.initialQ);
    this.visits = new VisitCounts(this.q.values.length);
  }

  update(step: TabularTransition): void {
    const { q, learning } = this;
    for (let i = 0; i < q.agents; i++) {
      const index = q.index(i, step.states[i] as number, step.actions[i] as number);
      const k = this.visits.visit(index);
      const alpha = visitStepSize(this.alpha0, k, learning.tau1); // eq. 8
      const maxNext = q.maxValue(i, step.nextStates[i] as number);
      q.values[index] = localAutonomy(q.values[index] as number, alpha, step.rewards[i] as number, learning.gamma, maxNext);
    }
  }
}
