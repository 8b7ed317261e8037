// PETS's model-predictive control (Chua et al. 2018, Alg. 1 and Sec. 4): at every step, CEM searches action
// sequences of length H; a candidate's value is the mean over P particles of the model's summed predicted rewards,
// each particle propagated through one ensemble member for the whole horizon (TS-∞); the first action of the final
// mean is executed, and the rest of it (shifted by one step) starts the next step's search. All CAVs plan together:
// one CEM iteration evaluates every CAV's whole population × particles with ONE model step per horizon step.
import { cemMaximise } from './cem.js';
import type { CemSettings } from './cem.js';
import type { ParticleModel } from './particle-model.js';
import { PlannerError } from '../../errors.js';
import type { UniformSource } from '../../../nn/random.js';

export interface PlannerSettings extends CemSettings {
  /** H, planning horizon in env steps (PETS: plan_hor). */
  readonly horizon: number;
  /** P, particles per candidate (PETS: npart); a multiple of the ensemble's members. */
  readonly particles: number;
}

/** PETS's return for a candidate whose particles diverged (its cost of NaN becomes 1e6). */
export const DIVERGED_RETURN = -1e6;

export interface Plan {
  /** First actions a_t, one per problem [G·|A|]. */
  readonly actions: Float32Array;
  /** The optimised sequences [G·H·|A|] (warm starts for the next step). */
  readonly solutions: Float32Array;
}

export class TrajectorySamplingPlanner {
  readonly actionDim: number;
  private readonly low: Float32Array;
  private readonly high: Float32Array;

  constructor(bounds: { readonly low: readonly number[]; readonly high: readonly number[] }, readonly settings: PlannerSettings) {
    this.actionDim = bounds.low.length;
    // The bounds of one action, tiled over the horizon.
    this.low = Float32Array.from({ length: settings.horizon * this.actionDim }, (_, i) => bounds.low[i % this.actionDim] ?? 0);
    this.high = Float32Array.from({ length: settings.horizon * this.actionDim }, (_, i) => bounds.high[i % this.actionDim] ?? 0);
  }

  /** Length of one candidate: H·|A|. */
  get dim(): number {
    return this.settings.horizon * this.actionDim;
  }

  /**
   * Plans for the model's G problems from `starts` [G·obsDim]. `previous[g]` is problem g's last solution (warm
   * start, shifted by one step) or null (the centre of the bounds, as PETS's first step).
   */
  plan(model: ParticleModel, starts: Float32Array, previous: readonly (Float32Array | null)[], rng: UniformSource): Plan {
    const G = model.problems;
    const D = this.dim;
    const A = this.actionDim;
    const mean = new Float32Array(G * D);
    const variance = new Float32Array(G * D);
    for (let g = 0; g < G; g++) {
      const prev = previous[g] ?? null;
      for (let d = 0; d < D; d++) {
        const centre = ((this.low[d] as number) + (this.high[d] as number)) / 2;
        mean[g * D + d] = prev !== null && d + A < D ? (prev[d + A] as number) : centre;
        // PETS's initial variance: ((ub − lb) / 4)², every step.
        variance[g * D + d] = (((this.high[d] as number) - (this.low[d] as number)) / 4) ** 2;
      }
    }
    const solutions = cemMaximise({ problems: G, dim: D, low: this.low, high: this.high }, this.settings, mean, variance, (c) => this.evaluate(model, starts, c, rng), rng);
    const actions = new Float32Array(G * A);
    for (let g = 0; g < G; g++) actions.set(solutions.subarray(g * D, g * D + A), g * A);
    return { actions, solutions };
  }

  /**
   * Expected return of every candidate [G·N·H·|A|] (N = candidates per problem): the mean over its P particles of
   * Σ_{τ<H} r̂_τ. Particle j of a candidate belongs to member j mod E for the whole horizon (each member carries
   * P/E particles; all start at s_t, so which particles a member gets is only a relabelling).
   */
  evaluate(model: ParticleModel, starts: Float32Array, candidates: Float32Array, rng: UniformSource): Float32Array {
    const { horizon: H, particles: P } = this.settings;
    const { obsDim, problems: G, members: E } = model;
    const A = this.actionDim;
    const D = H * A;
    if (P % E !== 0) throw new PlannerError(`particles (${P}) must be a multiple of the ensemble members (${E})`);
    if (starts.length !== G * obsDim) throw new PlannerError(`expected ${G} start states of width ${obsDim}, got ${starts.length} values`);
    const N = candidates.length / (G * D);
    if (!Number.isInteger(N) || N < 1) throw new PlannerError(`candidates (${candidates.length} values) are not a whole population of ${G} × H·|A| = ${D}`);
    const perMember = N * (P / E);
    const rows = G * E * perMember;
    const obs = new Float32Array(rows * obsDim);
    const actions = new Float32Array(rows * A);
    const rewards = new Float32Array(rows);
    const totals = new Float64Array(rows);
    // Row (g, e, n, j): problem g, member e, candidate n, its j-th particle of member e.
    const candidateOf = (row: number): number => {
      const g = Math.floor(row / (E * perMember));
      const n = Math.floor((row % perMember) / (P / E));
      return g * N + n;
    };
    for (let row = 0; row < rows; row++) obs.set(starts.subarray(Math.floor(row / (E * perMember)) * obsDim, (Math.floor(row / (E * perMember)) + 1) * obsDim), row * obsDim);
    for (let t = 0; t < H; t++) {
      for (let row = 0; row < rows; row++) actions.set(candidates.subarray(candidateOf(row) * D + t * A, candidateOf(row) * D + (t + 1) * A), row * A);
      model.step(obs, actions, perMember, rewards, rng);
      for (let row = 0; row < rows; row++) totals[row] = (totals[row] as number) + (rewards[row] as number);
    }
    const returns = new Float32Array(G * N);
    for (let row = 0; row < rows; row++) {
      const c = candidateOf(row);
      returns[c] = (returns[c] as number) + (totals[row] as number) / P;
    }
    for (let c = 0; c < returns.length; c++) if (!Number.isFinite(returns[c] as number)) returns[c] = DIVERGED_RETURN;
    return returns;
  }
}
