// The dynamics the planner propagates particles through: G problems (one per planning CAV), each with E ensemble
// members. EnsembleParticles runs every member of every CAV's probabilistic ensemble (GaussianEnsemble, the MBPO
// one) in ONE stacked forward pass per step (StackedMlp), and samples each particle's next state and reward from
// its member's Gaussian (PETS's trajectory sampling: the aleatoric noise of the member's output).
import { boundedLogVar } from '../../models/gaussian-model.js';
import type { GaussianDynamicsModel, Standardiser } from '../../models/gaussian-model.js';
import { inputWidth, targetWidth } from '../../models/transition-data.js';
import { gaussian } from '../../../nn/random.js';
import type { UniformSource } from '../../../nn/random.js';
import { LocalNets } from './stacked-nets.js';
import type { StackedNets, StackedNetsFactory } from './stacked-nets.js';
import { PlannerError } from '../../errors.js';

export interface ParticleModel {
  readonly obsDim: number;
  readonly actionDim: number;
  /** G: problems (CAVs) stepped together. */
  readonly problems: number;
  /** E: members per problem; each particle stays with one member over the whole horizon (TS-∞). */
  readonly members: number;
  /**
   * One step of every particle. Rows are ordered [problem][member][row], `rowsPerMember` rows per (problem, member):
   * obs [G·E·R·obsDim] is overwritten with ŝ', actions [G·E·R·|A|], rewards [G·E·R] receives r̂.
   */
  step(obs: Float32Array, actions: Float32Array, rowsPerMember: number, rewards: Float32Array, rng: UniformSource): void;
}

/** The elites of G ensembles (one per CAV, in problem order) as one stacked network. */
export class EnsembleParticles implements ParticleModel {
  readonly obsDim: number;
  readonly actionDim: number;
  readonly problems: number;
  readonly members: number;
  private readonly net: StackedNets;
  private readonly standardisers: readonly Standardiser[];
  private readonly minLogVar: number;
  private readonly maxLogVar: number;

  /**
   * `ensembles[g]` = problem g's fitted members (each ensemble's elites, the same count for every problem); `nets`:
   * where their stacked passes run (stacked-nets.ts).
   */
  constructor(ensembles: readonly (readonly GaussianDynamicsModel[])[], nets: StackedNetsFactory = (sizes, count) => new LocalNets(sizes, count)) {
    const first = ensembles[0]?.[0];
    if (first === undefined) throw new PlannerError('the planner needs at least one fitted ensemble member');
    const members = ensembles[0]?.length ?? 0;
    if (ensembles.some((e) => e.length !== members)) throw new PlannerError(`every CAV's ensemble must offer the same number of members (${ensembles.map((e) => e.length).join(', ')})`);
    this.obsDim = first.obsDim;
    this.actionDim = first.actionDim;
    this.problems = ensembles.length;
    this.members = members;
    this.minLogVar = first.config.minLogVar;
    this.maxLogVar = first.config.maxLogVar;
    this.net = nets(first.net.sizes, this.problems * members);
    const standardisers: Standardiser[] = [];
    ensembles.flat().forEach((model, k) => {
      const { params, standardiser } = model.state();
      if (standardiser === null) throw new PlannerError(`ensemble member ${k} has not been fitted`);
      this.net.setParams(k, params);
      standardisers.push(standardiser);
    });
    this.standardisers = standardisers;
  }

  /** Frees the stacked nets (in the workers too). */
  dispose(): void {
    this.net.dispose();
  }

  step(obs: Float32Array, actions: Float32Array, rowsPerMember: number, rewards: Float32Array, rng: UniformSource): void {
    const { obsDim, actionDim } = this;
    const inW = inputWidth(obsDim, actionDim);
    const outW = targetWidth(obsDim);
    const nets = this.problems * this.members;
    const rows = nets * rowsPerMember;
    const x = this.net.inputs(rows * inW);
    for (let k = 0; k < nets; k++) {
      const s = this.standardisers[k] as Standardiser;
      for (let r = k * rowsPerMember; r < (k + 1) * rowsPerMember; r++) {
        for (let d = 0; d < obsDim; d++) x[r * inW + d] = ((obs[r * obsDim + d] as number) - (s.inputMean[d] as number)) / (s.inputStd[d] as number);
        for (let d = 0; d < actionDim; d++) x[r * inW + obsDim + d] = ((actions[r * actionDim + d] as number) - (s.inputMean[obsDim + d] as number)) / (s.inputStd[obsDim + d] as number);
      }
    }
    const head = this.net.forward(x, rowsPerMember);
    for (let k = 0; k < nets; k++) {
      const s = this.standardisers[k] as Standardiser;
      for (let r = k * rowsPerMember; r < (k + 1) * rowsPerMember; r++) {
        const h = r * 2 * outW;
        for (let d = 0; d < outW; d++) {
          const logVar = boundedLogVar(head[h + outW + d] as number, this.minLogVar, this.maxLogVar);
          const standard = (head[h + d] as number) + Math.exp(0.5 * logVar) * gaussian(rng);
          const e = standard * (s.targetStd[d] as number) + (s.targetMean[d] as number);
          // Targets are (Δs, r): ŝ' = s + Δŝ (transition-data.ts).
          if (d < obsDim) obs[r * obsDim + d] = (obs[r * obsDim + d] as number) + e;
          else rewards[r] = e;
        }
      }
    }
  }
}
