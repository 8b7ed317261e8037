// The worker threads a model-based controller's learners use (cavlab's placement, not the papers'): its SAC steps
// with learnerWorkers 2 (sac-steps.ts), its model fits with fitWorkers 2 (model-fits.ts) — one set of threads for
// both, started when first needed. Numbers are the same in every layout.
import type { AgentSpaces } from '../controller.js';
import { LearnerWorkers } from '../learner-workers.js';
import type { ModelBasedConfig } from './model-based-config.js';
import { LocalFits, WorkerFits } from './model-fits.js';
import type { ModelFits } from './model-fits.js';
import { LocalSteps, WorkerSteps } from './sac-steps.js';
import type { SacSteps } from './sac-steps.js';

export interface ModelWork {
  readonly fits: ModelFits;
  readonly steps: SacSteps;
  /** The threads themselves (started now if not yet), for a controller's own work in them (MA-PETS's planner). */
  threads(): LearnerWorkers;
  dispose(): void;
}

/**
 * `controller` null: everything in this thread (a learner worker rebuilds the model from the controller's id and
 * `modelConfig`, the controller's own config: default `config`).
 */
export function modelWork(spaces: AgentSpaces, config: ModelBasedConfig, seed: number, controller: string | null, modelConfig: unknown = config): ModelWork {
  const count = Math.max(config.fitWorkers, config.learnerWorkers);
  let workers: LearnerWorkers | null = null;
  const threads = (): LearnerWorkers => (workers ??= new LearnerWorkers(count, spaces, config, seed, { controller, modelConfig }));
  const inWorkers = controller !== null;
  return {
    fits: inWorkers && config.fitWorkers > 1 ? new WorkerFits(threads) : new LocalFits(),
    steps: inWorkers && config.learnerWorkers > 1 ? new WorkerSteps(threads) : new LocalSteps(),
    threads,
    dispose: () => {
      workers?.dispose();
      workers = null;
    },
  };
}
