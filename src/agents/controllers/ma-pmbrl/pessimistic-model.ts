// One CAV's virtual environment: the MLE Gaussian model T_MLE (Sec. 4.1) and the pessimistic T̃_ϕ that PGD picks
// inside its KL ball (Sec. 4.2); rollouts use T̃_ϕ. Fits warm-start from ϕ_MLE, not from the pessimistic ϕ.
import { GaussianDynamicsModel } from '../../models/gaussian-model.js';
import type { ModelFit } from '../../models/gaussian-model.js';
import type { GaussianModelConfig } from '../../models/model-config.js';
import type { TransitionData } from '../../models/transition-data.js';
import type { WorldModel, WorldModelState } from '../../models/model-based-agents.js';
import type { UniformSource } from '../../../nn/random.js';
import { CheckpointError } from '../../errors.js';

export class PessimisticModel implements WorldModel {
  /** Holds ϕ_MLE after a fit and T̃_ϕ after `pessimise` (pessimism.ts). */
  readonly gaussian: GaussianDynamicsModel;
  private mleParams: Float32Array | null = null;

  constructor(obsDim: number, actionDim: number, config: GaussianModelConfig, rng: UniformSource) {
    this.gaussian = new GaussianDynamicsModel(obsDim, actionDim, config, rng);
  }

  get ready(): boolean {
    return this.gaussian.ready;
  }

  /** ϕ_MLE of the last fit (null before the first). */
  get mle(): Float32Array | null {
    return this.mleParams;
  }

  fit(train: TransitionData, heldOut: TransitionData, rng: UniformSource): ModelFit {
    if (this.mleParams !== null) this.gaussian.setParams(this.mleParams);
    const fit = this.gaussian.fit(train, heldOut, rng);
    this.mleParams = this.gaussian.getParams();
    return fit;
  }

  step(obs: Float32Array, actions: Float32Array, rng: UniformSource): { nextObs: Float32Array; rewards: Float32Array } {
    return this.gaussian.step(obs, actions, rng);
  }

  /** members[0] = the rollout model T̃_ϕ, members[1] = T_MLE (when fitted). */
  state(): WorldModelState {
    const rollout = this.gaussian.state();
    return { members: this.mleParams === null ? [rollout] : [rollout, { ...rollout, params: this.mleParams }], elites: [0] };
  }

  loadState(state: WorldModelState): void {
    const [rollout, mle] = state.members;
    if (rollout === undefined) throw new CheckpointError('(model)', 'an MA-PMBRL model state needs its rollout model');
    this.gaussian.loadState(rollout);
    this.mleParams = mle === undefined ? null : mle.params.slice();
  }

  dispose(): void {
    this.gaussian.dispose();
  }
}
