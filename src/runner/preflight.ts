// Everything about a run that can be wrong is checked before its folder is created (issue 14, "check, then
// write"): the config and the controller's hyper-parameters, the scenario manifest and every SUMO input file, the
// net the env reads, and the SUMO binary and its version. A failure here leaves nothing on disk.
import type { JsonValue } from '../metrics/manifest.js';
import { MultiAgentEnv } from '../env/multi-agent-env.js';
import { knownFunctions } from '../env/functions.js';
import { resolveSumoFiles } from '../scenarios/sumo-files.js';
import { loadScenario } from '../scenarios/sumo-options.js';
import type { LoadedScenario } from '../scenarios/sumo-options.js';
import { selectBackend } from '../nn/backend.js';
import { findSumo, sumoVersion } from '../sumo/binary.js';
import type { SumoVersion } from '../sumo/binary.js';
import { SumoNotFoundError } from '../sumo/errors.js';
import { checkSumoInputs } from '../sumo/process.js';
import type { RunConfig } from './config.js';
import { prepareController, startingFrom } from './controllers.js';
import { readLearnerInit } from './learner-init.js';
import type { PreparedController } from './controllers.js';
import { runDir } from './run-path.js';
import { resolveWorkers } from './placement.js';

/** Oldest SUMO cavlab speaks TraCI with (API 20, src/traci/client.ts). */
const MIN_SUMO = { major: 1, minor: 15 } as const;

export interface CheckedRun {
  readonly scenario: LoadedScenario;
  readonly prepared: PreparedController;
  /** The env (SUMO starts at its first reset). */
  readonly env: MultiAgentEnv;
  readonly sumo: SumoVersion;
  /** The run's folder (inside the results root, src/runner/run-path.ts). */
  readonly dir: string;
}

/** `sumoBinary`: SUMO binary instead of $SUMO_HOME/bin or PATH (not part of the config: it does not change the results). */
export async function checkRun(config: RunConfig, sumoBinary?: string): Promise<CheckedRun> {
  const scenario = await loadScenario(config.scenario, knownFunctions());
  // The hyper-parameters are checked first; the placement once the backend is known (below).
  prepareController(config.algo, config.algoConfig, config.algo);
  const init = config.init === undefined ? null : await readLearnerInit(config.init);
  const dir = runDir(config, scenario.manifest.name);
  // The .sumocfg's own net and route files too (SUMO would only say "Quitting"; the env reads the net itself).
  const files = resolveSumoFiles(scenario.dir, scenario.manifest.sumo);
  checkSumoInputs({ ...scenario.sumo, ...(files.net !== null ? { netFile: files.net } : {}), routeFiles: files.routes, additionalFiles: files.additional });
  const binary = findSumo({ ...(config.gui ? { gui: true } : {}), ...(sumoBinary ? { binary: sumoBinary } : {}) });
  const sumo = await sumoVersion(binary);
  if (sumo.major < MIN_SUMO.major || (sumo.major === MIN_SUMO.major && sumo.minor < MIN_SUMO.minor)) {
    throw new SumoNotFoundError(`${binary} is SUMO ${sumo.version}; cavlab needs SUMO ${MIN_SUMO.major}.${MIN_SUMO.minor} or newer`);
  }
  // Every input checked: the backend now (the run selects it again, at no cost), which 'auto' workers depend on.
  const workers = resolveWorkers(config.workers, (await selectBackend(config.backend)).name);
  const controller = prepareController(config.algo, config.algoConfig, config.algo, workers);
  const env = await MultiAgentEnv.create(scenario, {
    gui: config.gui, transport: config.transport, ...(config.horizon !== null ? { horizon: config.horizon } : {}), ...(sumoBinary ? { sumoBinary } : {}),
  });
  let prepared = controller;
  try {
    if (init !== null) {
      prepared = startingFrom(controller, init, config.algo, env.spaces, config.seed);
    }
  } catch (error) {
    await env.close().catch(() => undefined);
    throw error;
  }
  return { scenario, prepared, env, sumo, dir };
}

/** The config as the manifest stores it (what must match for a resume). */
export function recordedConfig(config: RunConfig, algoConfig: JsonValue): JsonValue {
  // Transport, workers and retries are left out: they do not change the results, so a run may resume with others.
  const { gui: _gui, out: _out, transport: _transport, workers: _workers, retries: _retries, ...rest } = config;
  return { ...rest, algoConfig } as unknown as JsonValue;
}
