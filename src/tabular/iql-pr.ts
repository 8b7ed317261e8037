// IQL with Policy Reciprocity (Alg. 1): eq. 5 = local autonomy + β_t (Q*_i − Q_i), with Q*_i of eq. 6 built from
// the neighbours' tables at (s, a) and their adjacency values Q♯ (eq. 4).
import type { IqlPrConfig, TabularLearningConfig } from './config.js';
import type { AdjacencyTable } from './adjacency.js';
import { buildAdjacencyTable } from './adjacency.js';
import { TabularInputError } from './errors.js';
import type { TabularLearner, TabularTransition } from './iql.js';
import { localAutonomy } from './iql.js';
import { QTables } from './q-tables.js';
import { VisitCounts, visitStepSize } from './step-sizes.js';

/**
 * Eq. 6: Q*_i(s, a) = κ/|N_i| Σ_{j∈N_i} Q_j(s, a) + (1−κ)/|N_i| Σ_{j∈N_i} Q♯_j(s, a). `tables` holds all agents'
 * Q-tables laid out as QTables.values; `neighbours` is N_i. κ = 1 is the plain neighbour average.
 */
export function reciprocityTarget(
  tables: ArrayLike<number>,
  states: number,
  actions: number,
  neighbours: ArrayLike<number>,
  adjacency: AdjacencyTable,
  s: number,
  a: number,
  kappa: number,
): number {
  const members = adjacency.members[s];
  const weights = adjacency.weights[s];
  if (members === undefined || weights === undefined) throw new TabularInputError(`state ${s} is outside the adjacency table`);
  let same = 0;
  let adjacent = 0;
  for (let n = 0; n < neighbours.length; n++) {
    const offset = (neighbours[n] as number) * states * actions;
    same += tables[offset + s * actions + a] as number;
    // Q♯_j(s, a) of eq. 4, inlined (adjacencyValue) because this is the inner loop of every PR step. κ = 1 needs
    // no Q♯ at all (Corollary 1's case); skipping it keeps that case exact.
    if (kappa !== 1) {
      let sharp = 0;
      for (let k = 0; k < members.length; k++) sharp += (weights[k] as number) * (tables[offset + (members[k] as number) * actions + a] as number);
      adjacent += sharp;
    }
  }
  const size = neighbours.length;
  return (kappa / size) * same + ((1 - kappa) / size) * adjacent;
}

/** Eq. 5 as a whole: the local autonomy value plus the reciprocity potential β_t (Q*_i − Q_i). */
export function reciprocityUpdate(localValue: number, beta: number, qStar: number, q: number): number {
  return localValue + beta * (qStar - q);
}

/** N_i of every agent on the complete graph (Assumption 3 / Remark 2: every agent reaches every other). */
export function completeNeighbourhoods(agents: number, includeSelf: boolean): Int32Array[] {
  return Array.from({ length: agents }, (_, i) => {
    const out: number[] = [];
    for (let j = 0; j < agents; j++) if (includeSelf || j !== i) out.push(j);
    return Int32Array.from(out);
  });
}

export class IqlPrLearner implements TabularLearner {
  readonly q: QTables;
  readonly adjacency: AdjacencyTable;
  readonly neighbours: readonly Int32Array[];
  private readonly visits: VisitCounts;
  /** The tables Q*_i is computed from: refreshed every E steps (Alg. 1 l. 3). */
  private readonly shared: Float64Array;
  private steps = 0;
  /** With N_i the same for every agent, Q*_i(s, a) is the same too: computed once per step and (s, a). */
  private readonly sameNeighbourhoods: boolean;
  private readonly qStarCache: Float64Array;
  private readonly qStarStamp: Float64Array;

  /** `adjacency`: S♯ of every state when the environment defines its observations (grid-envs.ts); else from pr.stateEncoding. */
  constructor(agents: number, states: number, actions: number, private readonly learning: TabularLearningConfig, private readonly pr: IqlPrConfig, adjacency?: AdjacencyTable) {
    this.q = new QTables(agents, states, actions, learning.initialQ);
    this.visits = new VisitCounts(this.q.values.length);
    this.shared = new Float64Array(this.q.values.length);
    this.adjacency = adjacency ?? buildAdjacencyTable(states, pr.stateEncoding, pr.adjacencyLevel, pr.adjacencyWeighting);
    this.neighbours = completeNeighbourhoods(agents, pr.includeSelf);
    this.sameNeighbourhoods = pr.includeSelf;
    this.qStarCache = new Float64Array(states * actions);
    this.qStarStamp = new Float64Array(states * actions).fill(-1);
  }

  private qStar(agent: number, s: number, a: number): number {
    const { q, pr } = this;
    const neighbours = this.neighbours[agent] as Int32Array;
    if (!this.sameNeighbourhoods) return reciprocityTarget(this.shared, q.states, q.actions, neighbours, this.adjacency, s, a, pr.kappa);
    // The snapshot changes only at a refresh, so the cached value is valid for the whole interval.
    const sa = s * q.actions + a;
    const epoch = Math.floor((this.steps - 1) / pr.reciprocityInterval);
    if (this.qStarStamp[sa] !== epoch) {
      this.qStarCache[sa] = reciprocityTarget(this.shared, q.states, q.actions, neighbours, this.adjacency, s, a, pr.kappa);
      this.qStarStamp[sa] = epoch;
    }
    return this.qStarCache[sa] as number;
  }

  update(step: TabularTransition): void {
    const { q, learning, pr } = this;
    // Alg. 1 l. 3: Q* reads a snapshot taken before this step's updates, so the agents' order does not matter.
    if (this.steps % pr.reciprocityInterval === 0) this.shared.set(q.values);
    this.steps++;
    for (let i = 0; i < q.agents; i++) {
      const s = step.states[i] as number;
      const a = step.actions[i] as number;
      const index = q.index(i, s, a);
      const k = this.visits.visit(index);
      const alpha = visitStepSize(pr.alpha0, k, learning.tau1); // eq. 8
      const beta = visitStepSize(pr.beta0, k, learning.tau2); // eq. 8
      const current = q.values[index] as number;
      const local = localAutonomy(current, alpha, step.rewards[i] as number, learning.gamma, q.maxValue(i, step.nextStates[i] as number));
      const neighbours = this.neighbours[i] as Int32Array;
      // N_i may be empty (one agent without self): no reciprocity then.
      const qStar = neighbours.length === 0 ? current : this.qStar(i, s, a);
      q.values[index] = reciprocityUpdate(local, beta, qStar, current); // eq. 5
    }
  }
}
