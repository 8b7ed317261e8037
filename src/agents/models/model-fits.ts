// Where the learners' world-model fits run (fitWorkers): in this thread one after another, or two at a time in
// learner worker threads (learner-workers.ts fitModels). A fit crosses as plain data — the model's state, its data
// and the state of the RNG it draws its mini-batches from — and its model and RNG come back, so both layouts give
// the same models and the same draws afterwards.
import type { AgentSpaces } from '../controller.js';
import { LearnerWorkers } from '../learner-workers.js';
import type { Rng } from '../../util/rng.js';
import type { ModelFit } from './gaussian-model.js';
import type { ModelBasedConfig } from './model-based-config.js';
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
  dispose(): void;
}

/** Fits in this thread, in order. */
export class LocalFits implements ModelFits {
  fit(requests: readonly FitRequest[]): ModelFit[] {
    return requests.map((r) => r.model.fit(r.train, r.heldOut, r.rng));
  }

  dispose(): void {}
}

/** Fits in `count` worker threads that rebuild `controller`'s model (controllers/learner-rounds.ts learnerModel). */
export class WorkerFits implements ModelFits {
  private workers: LearnerWorkers | null = null;

  constructor(private readonly count: number, private readonly spaces: AgentSpaces, private readonly config: ModelBasedConfig, private readonly seed: number, private readonly controller: string) {}

  fit(requests: readonly FitRequest[]): ModelFit[] {
    if (requests.length === 0) return [];
    this.workers ??= new LearnerWorkers(this.count, this.spaces, this.config, this.seed, this.controller);
    const replies = this.workers.fitModels(requests.map((r) => ({ model: r.model.state(), train: r.train, heldOut: r.heldOut, rng: r.rng.state() })));
    return replies.map((reply, i) => {
      const request = requests[i] as FitRequest;
      request.model.loadState(reply.model);
      request.rng.restore(reply.rng);
      return reply.fit;
    });
  }

  dispose(): void {
    this.workers?.dispose();
    this.workers = null;
  }
}

/** The fits a model-based controller's config asks for; `controller` null: always in this thread. */
export function modelFits(spaces: AgentSpaces, config: ModelBasedConfig, seed: number, controller: string | null): ModelFits {
  return controller !== null && config.fitWorkers > 1 ? new WorkerFits(config.fitWorkers, spaces, config, seed, controller) : new LocalFits();
}
