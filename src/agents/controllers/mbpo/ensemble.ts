// MBPO's probabilistic ensemble (Janner et al. 2019, Sec. 5; Chua et al. 2018): B Gaussian MLPs fitted on the
// same data from different initialisations and mini-batches; the E with the lowest held-out loss are the elites,
// and each rollout row steps through an elite drawn at random.
import { GaussianDynamicsModel } from '../../models/gaussian-model.js';
import type { ModelFit } from '../../models/gaussian-model.js';
import type { GaussianModelConfig } from '../../models/model-config.js';
import type { WorldModel, WorldModelState } from '../../models/model-based-agents.js';
import type { TransitionData } from '../../models/transition-data.js';
import { uniformInt } from '../../../nn/random.js';
import type { UniformSource } from '../../../nn/random.js';
import { CheckpointError } from '../../errors.js';

export class GaussianEnsemble implements WorldModel {
  readonly members: readonly GaussianDynamicsModel[];
  readonly eliteCount: number;
  private eliteIndices: number[] = [];

  constructor(obsDim: number, actionDim: number, config: GaussianModelConfig, size: number, elites: number, rng: UniformSource) {
    if (elites > size) throw new RangeError(`MBPO elites (${elites}) cannot exceed the ensemble size (${size})`);
    this.members = Array.from({ length: size }, () => new GaussianDynamicsModel(obsDim, actionDim, config, rng));
    this.eliteCount = elites;
  }

  get ready(): boolean {
    return this.eliteIndices.length > 0;
  }

  get elites(): readonly number[] {
    return this.eliteIndices;
  }

  /** Fits every member, then keeps the `eliteCount` lowest held-out losses; reports the elites' mean. */
  fit(train: TransitionData, heldOut: TransitionData, rng: UniformSource): ModelFit {
    const fits = this.members.map((m) => m.fit(train, heldOut, rng));
    const score = (f: ModelFit): number => (Number.isFinite(f.heldOutLoss) ? f.heldOutLoss : f.trainLoss);
    this.eliteIndices = fits.map((f, i) => ({ i, s: score(f) })).sort((a, b) => a.s - b.s).slice(0, this.eliteCount).map((e) => e.i).sort((a, b) => a - b);
    const mean = (pick: (f: ModelFit) => number): number => this.eliteIndices.reduce((s, i) => s + pick(fits[i] as ModelFit), 0) / this.eliteIndices.length;
    return { trainLoss: mean((f) => f.trainLoss), heldOutLoss: mean((f) => f.heldOutLoss) };
  }

  /** Each row's next state and reward from a random elite (MBPO's "random-elite" rollouts). */
  step(obs: Float32Array, actions: Float32Array, rng: UniformSource): { nextObs: Float32Array; rewards: Float32Array } {
    const first = this.members[0] as GaussianDynamicsModel;
    const { obsDim, actionDim } = first;
    const n = obs.length / obsDim;
    const pick = Array.from({ length: n }, () => this.eliteIndices[uniformInt(rng, this.eliteIndices.length)] ?? 0);
    const nextObs = new Float32Array(n * obsDim);
    const rewards = new Float32Array(n);
    for (const e of new Set(pick)) {
      const rows = pick.flatMap((p, i) => (p === e ? [i] : []));
      const o = new Float32Array(rows.length * obsDim);
      const a = new Float32Array(rows.length * actionDim);
      rows.forEach((r, k) => {
        o.set(obs.subarray(r * obsDim, (r + 1) * obsDim), k * obsDim);
        a.set(actions.subarray(r * actionDim, (r + 1) * actionDim), k * actionDim);
      });
      const out = (this.members[e] as GaussianDynamicsModel).step(o, a, rng);
      rows.forEach((r, k) => {
        nextObs.set(out.nextObs.subarray(k * obsDim, (k + 1) * obsDim), r * obsDim);
        rewards[r] = out.rewards[k] ?? 0;
      });
    }
    return { nextObs, rewards };
  }

  state(): WorldModelState {
    return { members: this.members.map((m) => m.state()), elites: [...this.eliteIndices] };
  }

  loadState(state: WorldModelState): void {
    if (state.members.length !== this.members.length) throw new CheckpointError('(model)', `ensemble of ${this.members.length} cannot load ${state.members.length} members`);
    state.members.forEach((m, i) => this.members[i]?.loadState(m));
    this.eliteIndices = [...state.elites];
  }

  dispose(): void {
    for (const m of this.members) m.dispose();
  }
}
