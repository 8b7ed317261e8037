// --algo and its hyper-parameters → a typed config (checked before anything starts) and a factory for the
// run's controller, once the env knows the spaces.
import type { AgentSpaces, Controller } from '../agents/controller.js';
import { LearnerInitError } from '../agents/errors.js';
import type { LearnerInit } from '../agents/learner-init.js';
import { controllerSpec } from '../agents/controllers/registry.js';
import type { JsonValue } from '../metrics/manifest.js';
import { placed, workersOf } from './placement.js';

export interface PreparedController {
  /** Every hyper-parameter, defaults filled in (recorded in the manifest). */
  readonly resolvedConfig: JsonValue;
  /** Worker threads the controller's learners use (placement.ts workersOf; the manifest's `workers`). */
  readonly workers: number;
  create(spaces: AgentSpaces, seed: number): Controller;
}

/**
 * `workers`: the run's worker threads (placement.ts), given to the controller's placement fields that `raw` leaves
 * unset; the recorded config is the one without it.
 */
export function prepareController(algo: string, raw: Readonly<Record<string, unknown>>, where: string, workers: 1 | 2 = 1): PreparedController {
  const spec = controllerSpec(algo);
  const config = spec.parseConfig(raw, where);
  const running = placed(config, raw, workers);
  return {
    // Configs are plain data (numbers, strings, arrays); a JSON round trip makes that explicit.
    resolvedConfig: JSON.parse(JSON.stringify(config)) as JsonValue,
    workers: workersOf(running),
    create: (spaces, seed) => spec.create(spaces, running, seed),
  };
}

/**
 * `prepared` whose controllers start every learner from `init` (run field `init`). One controller is built and
 * started here, so a controller without SAC learners or networks of other sizes are refused before the run starts.
 */
export function startingFrom(prepared: PreparedController, init: LearnerInit, algo: string, spaces: AgentSpaces, seed: number): PreparedController {
  const create = (s: AgentSpaces, k: number): Controller => {
    const controller = prepared.create(s, k);
    try {
      if (controller.startFrom === undefined) throw new LearnerInitError(`init: ${algo} has no SAC learners to start from ${init.source}`);
      controller.startFrom(init);
    } catch (error) {
      controller.dispose();
      throw error;
    }
    return controller;
  };
  create(spaces, seed).dispose();
  return { resolvedConfig: prepared.resolvedConfig, workers: prepared.workers, create };
}
