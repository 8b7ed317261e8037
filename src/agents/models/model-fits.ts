// Where the learners' world-model fits run (fitWorkers; model-workers.ts): in this thread one after another, or two
// at a time in learner worker threads (learner-workers.ts fitModels). A fit crosses as plain data — the model's state, its data
// and the state of the RNG it draws its mini-batches from — and its model and RNG come back, so both layouts give
// the same models and the same draws afterwards.
import type { LearnerWorkers } from '../learner-workers.js';
import type { Rng } from '../../util/rng.js';
import type { ModelFit } from './gaussian-model.js';
import type { TransitionData } from './transition-data.js';
import type { WorldModel } from './world-model.js';

/** One learner's fit: its model, its data, and its RNG (advanced by the fit). */
export interface FitRequest {
  readonly model: WorldModel;
  readonly train: TransitionData;
  readonly heldOut: TransitionData;
  readonly rng: Rng;
}

export interface ModelFits {
  /** Fits every request's model; each result in request order. */
  fit(requests: readonly FitRequest[]): ModelFit[];
}

/** Fits in this thread, in order. */
export class LocalFits implements ModelFits {
  fit(requests: readonly FitRequest[]): ModelFit[] {
    return requests.map((r) => r.model.fit(r.train, r.heldOut, r.rng));
  }
}

/** Fits in learner worker threads that rebuild the controller's model (controllers/learner-rounds.ts learnerModel). */
export class WorkerFits implements ModelFits {
  constructor(private readonly workers: () => LearnerWorkers) {}

  fit(requests: readonly FitRequest[]): ModelFit[] {
    if (requests.length === 0) return [];
    const replies = this.workers().fitModels(requests.map((r) => ({ model: r.model.state(), train: r.train, heldOut: r.heldOut, rng: r.rng.state() })));
    return replies.map((reply, i) => {
      const request = requests[i] as FitRequest;
      request.model.loadState(reply.model);
      request.rng.restore(reply.rng);
      return reply.fit;
    });
  }
}
