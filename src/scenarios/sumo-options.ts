// How a scenario is started in SUMO: its files (a .sumocfg, or net + routes + additional) and step length,
// as the options `launch` takes. Every command that runs a scenario goes through here.
import type { SumoRunOptions } from '../sumo/cmdline.js';
import type { ScenarioManifest } from './manifest.js';
import type { KnownFunctions } from './parse-manifest.js';
import { loadManifest, resolveScenario } from './registry.js';
import { resolveSumoFiles } from './sumo-files.js';

/** SUMO's inputs for the manifest in `dir`; the manifest's step length wins over the .sumocfg's. */
export function scenarioSumoOptions(dir: string, manifest: ScenarioManifest): SumoRunOptions {
  const files = resolveSumoFiles(dir, manifest.sumo);
  const inputs: SumoRunOptions = files.config !== null && manifest.sumo.net === null && manifest.sumo.routes.length === 0
    ? { configFile: files.config }
    : {
        ...(files.config !== null ? { configFile: files.config } : {}),
        ...(files.net !== null ? { netFile: files.net } : {}),
        routeFiles: files.routes,
        additionalFiles: files.additional,
      };
  return { ...inputs, stepLength: manifest.stepLength };
}

export interface LoadedScenario {
  readonly dir: string;
  readonly manifest: ScenarioManifest;
  readonly sumo: SumoRunOptions;
}

/** `--scenario` (a registered name or a folder) → its folder, manifest (checked against `known`) and SUMO options. */
export async function loadScenario(scenario: string, known: KnownFunctions): Promise<LoadedScenario> {
  const dir = resolveScenario(scenario);
  const manifest = await loadManifest(dir, known);
  return { dir, manifest, sumo: scenarioSumoOptions(dir, manifest) };
}
