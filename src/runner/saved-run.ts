// A finished (or interrupted) run read back from its folder for `cavlab eval` and `cavlab export`: the manifest's
// recorded config, the scenario as it ran (the manifest's stored copy; runs from before it was stored reload
// theirs by name), and where its checkpoints are.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MANIFEST_FILE, readManifest } from '../metrics/manifest.js';
import { BACKEND_CHOICES } from '../nn/backend.js';
import type { BackendChoice } from '../nn/backend.js';
import type { RunManifest } from '../metrics/manifest.js';
import { NoPolicyError } from './errors.js';
import { knownFunctions } from '../env/functions.js';
import { parseManifest } from '../scenarios/parse-manifest.js';
import { loadScenario, scenarioSumoOptions } from '../scenarios/sumo-options.js';
import type { LoadedScenario } from '../scenarios/sumo-options.js';
import { checkpointDir } from './checkpoint.js';

export { CHECKPOINTS } from './run-fields.js';
export type { CheckpointName } from './run-fields.js';
import { CHECKPOINTS } from './run-fields.js';
import type { CheckpointName } from './run-fields.js';
import { isRecord } from '../util/records.js';

export interface SavedRun {
  readonly dir: string;
  readonly manifest: RunManifest;
  readonly algo: string;
  readonly seed: number;
  readonly horizon: number | null;
  readonly algoConfig: Readonly<Record<string, unknown>>;
  /** The nn backend the run asked for (auto when the manifest does not say). */
  readonly backend: BackendChoice;
  readonly scenario: LoadedScenario;
}


export async function openSavedRun(runDir: string): Promise<SavedRun> {
  const dir = resolve(runDir);
  if (!existsSync(join(dir, MANIFEST_FILE))) throw new NoPolicyError(`${dir} is not a run folder (no ${MANIFEST_FILE}); give results/<experiment>/<run>`);
  const manifest = await readManifest(dir);
  const config = manifest.config;
  if (!isRecord(config) || typeof config.algo !== 'string' || typeof config.scenario !== 'string') {
    throw new NoPolicyError(`${join(dir, MANIFEST_FILE)}: config has no algo or scenario`);
  }
  return {
    dir, manifest, algo: config.algo, seed: manifest.seed,
    horizon: typeof config.horizon === 'number' ? config.horizon : null,
    algoConfig: isRecord(config.algoConfig) ? config.algoConfig : {},
    backend: BACKEND_CHOICES.find((b) => b === config.backend) ?? 'auto',
    scenario: await scenarioOf(manifest, config.scenario),
  };
}

/** The stored scenario when the manifest has a valid one whose folder still exists; else the scenario by name. */
async function scenarioOf(manifest: RunManifest, name: string): Promise<LoadedScenario> {
  const stored = manifest.scenario;
  if (stored && existsSync(stored.dir)) {
    const parsed = parseManifest(stored.manifest, join(stored.dir, 'scenario.json'), knownFunctions());
    if (parsed.manifest) return { dir: stored.dir, manifest: parsed.manifest, sumo: scenarioSumoOptions(stored.dir, parsed.manifest) };
  }
  return loadScenario(name, knownFunctions());
}

/** The folder of `<run>/checkpoints/<which>` when it holds a checkpoint, else a one-line error naming what exists. */
export function savedCheckpoint(run: SavedRun, which: CheckpointName): string {
  const dir = checkpointDir(run.dir, which);
  // A swap cut short leaves the previous checkpoint under .old (src/runner/checkpoint.ts).
  for (const candidate of [dir, `${dir}.old`]) if (existsSync(join(candidate, 'run.json'))) return candidate;
  const other = CHECKPOINTS.find((c) => c !== which && existsSync(join(checkpointDir(run.dir, c), 'run.json')));
  throw new NoPolicyError(`${run.dir} has no ${which} checkpoint${other ? ` (it has ${other}: --checkpoint ${other})` : which === 'best' ? ' (no evaluation has finished yet)' : ''}`);
}
