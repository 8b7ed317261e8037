// What a model-based learner's dynamics model offers (ModelBasedAgents, model-fits.ts): fit, step, a plain-data state.
import type { UniformSource } from '../../nn/random.js';
import type { GaussianModelState, ModelFit } from './gaussian-model.js';
import type { StepModel } from './rollouts.js';
import type { TransitionData } from './transition-data.js';

/** A learner's dynamics model: a single Gaussian MLP (MA-PMBRL) or an ensemble (MBPO). */
export interface WorldModel extends StepModel {
  readonly ready: boolean;
  /** Maximum likelihood on `train`; the loss on `heldOut` is what the metrics report. */
  fit(train: TransitionData, heldOut: TransitionData, rng: UniformSource): ModelFit;
  state(): WorldModelState;
  loadState(state: WorldModelState): void;
  dispose(): void;
}

export interface WorldModelState {
  readonly members: readonly GaussianModelState[];
  /** Members rollouts draw from (MBPO's elites; [0] for a single model). */
  readonly elites: readonly number[];
}

/** Builds slot k's model from its own RNG stream. */
export type WorldModelFactory<M extends WorldModel> = (rng: UniformSource) => M;

