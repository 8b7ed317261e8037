// The Digital environment of Sec. V-A (after Zhang et al. 2018 [34]): |S| = 20 states, N = 20 agents with binary
// actions, a random stochastic transition matrix p^a_{s,s'} (entries U[0, 1], rows normalised), mean rewards
// r_i(s, a) ~ U[0, 4] per agent and observed rewards r_i^t ~ U[r_i(s, a) − 0.5, r_i(s, a) + 0.5].
import type { DigitalEnvConfig } from './config.js';
import { TabularInputError } from './errors.js';
import type { Rng } from '../util/rng.js';

/** The generated model: shared dynamics, per-agent mean rewards. Row-major flat arrays. */
export interface DigitalMdp {
  readonly states: number;
  readonly agents: number;
  readonly actions: number;
  readonly rewardHalfWidth: number;
  /** p^a_{s,s'} at [(s·|A| + a)·|S| + s']. */
  readonly transitions: Float64Array;
  /** r_i(s, a) at [(i·|S| + s)·|A| + a]. */
  readonly meanRewards: Float64Array;
}

/** Draws the model from `rng`: the same seed gives the same environment for every algorithm compared. */
export function createDigitalMdp(config: DigitalEnvConfig, rng: Rng): DigitalMdp {
  const { states, agents, actions } = config;
  const transitions = new Float64Array(states * actions * states);
  for (let row = 0; row < states * actions; row++) {
    let sum = 0;
    for (let next = 0; next < states; next++) {
      const u = rng.next();
      transitions[row * states + next] = u;
      sum += u;
    }
    for (let next = 0; next < states; next++) transitions[row * states + next] = (transitions[row * states + next] as number) / sum;
  }
  const meanRewards = new Float64Array(agents * states * actions);
  for (let k = 0; k < meanRewards.length; k++) meanRewards[k] = rng.uniform(0, config.meanRewardMax);
  return { states, agents, actions, rewardHalfWidth: config.rewardHalfWidth, transitions, meanRewards };
}

/**
 * r̄(s, a) = (1/N) Σ_i r_i(s, a), at [s·|A| + a]: the team reward whose optimal Q every PR agent converges to
 * (Theorem 3 with Q* of [32]); the average return of the learning curves is measured with it.
 */
export function teamMeanReward(mdp: DigitalMdp): Float64Array {
  const { states, agents, actions } = mdp;
  const out = new Float64Array(states * actions);
  for (let i = 0; i < agents; i++) {
    for (let k = 0; k < states * actions; k++) out[k] = (out[k] as number) + (mdp.meanRewards[i * states * actions + k] as number) / agents;
  }
  return out;
}

/**
 * The multi-agent process. Decision (issue 18, policy-reciprocity/README.md "State process"): each agent moves
 * through its own copy of the state chain (same p, its own action and reward). Lemma 1 writes one process {s^t, a^t}
 * "similar to [34]", where one global state moves under the joint action; but Sec. V-A's p^a_{s,s'} has a single
 * binary action index, so the paper gives no rule for how 20 agents' actions would drive one shared state. Per-agent
 * copies keep Q_i(s, a_i) a proper MDP value (Theorem 3's Q* exists and planning.ts can compute it exactly).
 */
export class DigitalEnv {
  readonly mdp: DigitalMdp;
  /** s_i: current state of each agent. */
  readonly state: Int32Array;
  /** r_i^t of the last step. */
  readonly reward: Float64Array;
  /** Cumulative rows of p for sampling s' by inverse CDF. */
  private readonly cdf: Float64Array;

  constructor(mdp: DigitalMdp) {
    this.mdp = mdp;
    this.state = new Int32Array(mdp.agents);
    this.reward = new Float64Array(mdp.agents);
    this.cdf = new Float64Array(mdp.transitions.length);
    for (let row = 0; row < mdp.states * mdp.actions; row++) {
      let acc = 0;
      for (let next = 0; next < mdp.states; next++) {
        acc += mdp.transitions[row * mdp.states + next] as number;
        this.cdf[row * mdp.states + next] = acc;
      }
    }
  }

  /** Start states. Decision: uniform over S, drawn per agent (paper silent). */
  reset(rng: Rng): Int32Array {
    for (let i = 0; i < this.mdp.agents; i++) this.state[i] = rng.int(this.mdp.states);
    return this.state;
  }

  /** Applies a_i for every agent: samples r_i^t, then s'_i ~ p^{a_i}_{s_i,·}; updates `state` and `reward` in place. */
  step(actions: Int32Array, rng: Rng): void {
    const { states, agents, actions: actionCount, rewardHalfWidth, meanRewards } = this.mdp;
    if (actions.length !== agents) throw new TabularInputError(`step needs ${agents} actions, got ${actions.length}`);
    for (let i = 0; i < agents; i++) {
      const s = this.state[i] as number;
      const a = actions[i] as number;
      if (!(a >= 0 && a < actionCount)) throw new TabularInputError(`agent ${i}: action ${a} is outside [0, ${actionCount})`);
      const mean = meanRewards[(i * states + s) * actionCount + a] as number;
      this.reward[i] = rng.uniform(mean - rewardHalfWidth, mean + rewardHalfWidth);
      const row = (s * actionCount + a) * states;
      const u = rng.next();
      let next = 0;
      // The last entry is ~1 up to rounding: fall through to it rather than past it.
      while (next < states - 1 && u >= (this.cdf[row + next] as number)) next++;
      this.state[i] = next;
    }
  }
}
