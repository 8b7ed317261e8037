// The agents' Q-tables Q_i(s, a) in one flat array, and the ε-greedy behaviour policy of Alg. 1 l. 5.
import type { Rng } from '../util/rng.js';

export class QTables {
  /** Q_i(s, a) at [(i·|S| + s)·|A| + a]. */
  readonly values: Float64Array;

  constructor(readonly agents: number, readonly states: number, readonly actions: number, initial = 0) {
    this.values = new Float64Array(agents * states * actions).fill(initial);
  }

  index(agent: number, s: number, a: number): number {
    return (agent * this.states + s) * this.actions + a;
  }

  /** Start of agent i's table in `values`. */
  offset(agent: number): number {
    return agent * this.states * this.actions;
  }

  /** max_{a'} Q_i(s', a'). */
  maxValue(agent: number, s: number): number {
    const base = this.index(agent, s, 0);
    let best = this.values[base] as number;
    for (let a = 1; a < this.actions; a++) best = Math.max(best, this.values[base + a] as number);
    return best;
  }

  /** argmax_a Q_i(s, a); ties broken uniformly with `rng` (only drawn when there is a tie). */
  greedyAction(agent: number, s: number, rng: Rng): number {
    const base = this.index(agent, s, 0);
    const best = this.maxValue(agent, s);
    let ties = 0;
    for (let a = 0; a < this.actions; a++) if (this.values[base + a] === best) ties++;
    let pick = ties === 1 ? 0 : rng.int(ties);
    for (let a = 0; a < this.actions; a++) {
      if (this.values[base + a] === best) {
        if (pick === 0) return a;
        pick--;
      }
    }
    return this.actions - 1; // unreachable: best is one of the values
  }

  /** ε-greedy action of every agent (Alg. 1 l. 5) into `out`. */
  epsilonGreedy(states: Int32Array, epsilon: number, rng: Rng, out: Int32Array): Int32Array {
    for (let i = 0; i < this.agents; i++) {
      const s = states[i] as number;
      out[i] = rng.next() < epsilon ? rng.int(this.actions) : this.greedyAction(i, s, rng);
    }
    return out;
  }
}
