// Per-episode measures of the Digital runs: consensus of the Q-tables (Theorem 2), the Boltzmann policy
// distribution of Fig. 2, and the exact value of each agent's greedy policy under the team reward. Pure math.
import type { DigitalMdp } from './digital-env.js';
import { policyValue } from './planning.js';
import type { QTables } from './q-tables.js';

/** Q̄(s, a) = (1/N) Σ_i Q_i(s, a) (Theorem 2), indexed [s·|A| + a]. */
export function meanTable(q: QTables): Float64Array {
  const size = q.states * q.actions;
  const out = new Float64Array(size);
  for (let i = 0; i < q.agents; i++) {
    const offset = q.offset(i);
    for (let k = 0; k < size; k++) out[k] = (out[k] as number) + (q.values[offset + k] as number) / q.agents;
  }
  return out;
}

/**
 * Consensus error: (1/N) Σ_i ‖Q_i − Q̄‖_2 over all (s, a) (issue 7: "mean distance of each agent's Q-table to the
 * agents' mean"); `relative` divides by ‖Q̄‖_2 so runs with growing Q-values compare (0 when Q̄ = 0).
 */
export function consensusError(q: QTables): { absolute: number; relative: number } {
  const mean = meanTable(q);
  const size = mean.length;
  let total = 0;
  for (let i = 0; i < q.agents; i++) {
    const offset = q.offset(i);
    let sq = 0;
    for (let k = 0; k < size; k++) sq += ((q.values[offset + k] as number) - (mean[k] as number)) ** 2;
    total += Math.sqrt(sq);
  }
  const absolute = total / q.agents;
  let norm = 0;
  for (let k = 0; k < size; k++) norm += (mean[k] as number) ** 2;
  norm = Math.sqrt(norm);
  return { absolute, relative: norm === 0 ? 0 : absolute / norm };
}

/** Boltzmann policy π_i(a|s) = exp(Q_i(s, a)/T) / Σ_b exp(Q_i(s, b)/T) (Fig. 2, [41]), indexed [s·|A| + a]. */
export function boltzmannPolicy(q: QTables, agent: number, temperature: number): Float64Array {
  const out = new Float64Array(q.states * q.actions);
  for (let s = 0; s < q.states; s++) {
    const base = q.index(agent, s, 0);
    let top = -Infinity;
    for (let a = 0; a < q.actions; a++) top = Math.max(top, q.values[base + a] as number);
    let z = 0;
    for (let a = 0; a < q.actions; a++) {
      const e = Math.exp(((q.values[base + a] as number) - top) / temperature);
      out[s * q.actions + a] = e;
      z += e;
    }
    for (let a = 0; a < q.actions; a++) out[s * q.actions + a] = (out[s * q.actions + a] as number) / z;
  }
  return out;
}

/** Every agent's Boltzmann policy and the average policy π̄ = (1/N) Σ_i π_i that Fig. 2 compares them to. */
export function policyDistributions(q: QTables, temperature: number): { agents: Float64Array[]; mean: Float64Array } {
  const agents = Array.from({ length: q.agents }, (_, i) => boltzmannPolicy(q, i, temperature));
  const mean = new Float64Array(q.states * q.actions);
  for (const policy of agents) for (let k = 0; k < mean.length; k++) mean[k] = (mean[k] as number) + (policy[k] as number) / q.agents;
  return { agents, mean };
}

/** Fig. 2-bottom: mean squared error between each agent's policy distribution and the average policy. */
export function policyConsensusMse(q: QTables, temperature: number): number {
  const { agents, mean } = policyDistributions(q, temperature);
  let sq = 0;
  for (const policy of agents) for (let k = 0; k < mean.length; k++) sq += ((policy[k] as number) - (mean[k] as number)) ** 2;
  return sq / (q.agents * mean.length);
}

/** Agent i's greedy policy argmax_a Q_i(s, a); ties go to the lowest action so evaluation needs no RNG. */
export function greedyPolicy(q: QTables, agent: number): Int32Array {
  const out = new Int32Array(q.states);
  for (let s = 0; s < q.states; s++) {
    const base = q.index(agent, s, 0);
    let best = 0;
    for (let a = 1; a < q.actions; a++) if ((q.values[base + a] as number) > (q.values[base + best] as number)) best = a;
    out[s] = best;
  }
  return out;
}

/** mean_s V^π(s) of deterministic policies, memoised per (reward, π): greedy policies repeat from episode to episode. */
export class PolicyValueCache {
  private readonly values = new Map<string, number>();
  constructor(private readonly mdp: DigitalMdp, private readonly gamma: number) {}

  /** `rewardId` names `reward` (e.g. 'team' or 'own-3'); the same id must always mean the same reward. */
  meanValue(rewardId: string, reward: ArrayLike<number>, policy: Int32Array): number {
    const key = `${rewardId}:${policy.join('')}`;
    let value = this.values.get(key);
    if (value === undefined) {
      const v = policyValue(this.mdp, reward, policy, this.gamma);
      value = v.reduce((sum, x) => sum + x, 0) / v.length;
      this.values.set(key, value);
    }
    return value;
  }
}

/**
 * (1/N) Σ_i (1/|S|) Σ_s V^{π_i}(s): the exact discounted value of each agent's greedy policy under the reward
 * `rewardOf(i)` (the team reward for all, or each agent's own), indexed [s·|A| + a]; `rewardIdOf(i)` names it
 * for the cache.
 */
export function meanGreedyValue(
  q: QTables,
  cache: PolicyValueCache,
  rewardOf: (agent: number) => ArrayLike<number>,
  rewardIdOf: (agent: number) => string,
): number {
  let total = 0;
  for (let i = 0; i < q.agents; i++) total += cache.meanValue(rewardIdOf(i), rewardOf(i), greedyPolicy(q, i));
  return total / q.agents;
}
