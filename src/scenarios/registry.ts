// Scenarios under sumo-scenarios/ and `--scenario` resolution (a registered name or a folder path).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve, sep } from 'node:path';
import { PACKAGE_ROOT } from '../paths.js';
import type { ScenarioProblem } from './errors.js';
import { ScenarioInvalidError, ScenarioNotFoundError } from './errors.js';
import type { ScenarioManifest } from './manifest.js';
import { SCENARIO_FILE } from './manifest.js';
import type { KnownFunctions } from './parse-manifest.js';
import { parseManifest } from './parse-manifest.js';

/** The scenarios shipped with cavlab. */
export const SCENARIO_ROOT = join(PACKAGE_ROOT, 'sumo-scenarios');

/** Names of the folders under `root` that hold a scenario.json, sorted. */
export function listScenarios(root: string = SCENARIO_ROOT): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => existsSync(join(root, name, SCENARIO_FILE)))
    .sort();
}

function isScenarioDir(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory() && existsSync(join(path, SCENARIO_FILE));
}

/**
 * The folder of `scenario`: a registered name (no path separator) under `root`, else a folder (or its
 * scenario.json) on disk. Decision: a name wins over a same-named folder in the working directory.
 */
export function resolveScenario(scenario: string, root: string = SCENARIO_ROOT): string {
  const looksLikePath = scenario.includes('/') || scenario.includes(sep) || scenario.startsWith('.');
  if (!looksLikePath && isScenarioDir(join(root, scenario))) return join(root, scenario);
  const path = resolve(scenario);
  if (isScenarioDir(path)) return path;
  if (basename(path) === SCENARIO_FILE && existsSync(path)) return resolve(path, '..');
  throw new ScenarioNotFoundError(scenario, listScenarios(root));
}

/**
 * Reads and checks `<dir>/scenario.json` against the observation and reward ids `known` (the env's
 * knownFunctions()); every problem is reported (as problems, not thrown).
 */
export async function readScenarioManifest(dir: string, known: KnownFunctions): Promise<{ manifest?: ScenarioManifest; problems: ScenarioProblem[] }> {
  const file = join(dir, SCENARIO_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { problems: [{ file, field: '', message: `cannot be read (${error instanceof Error && 'code' in error ? String(error.code) : String(error)})` }] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problems: [{ file, field: '', message: `is not JSON: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  return parseManifest(json, file, known);
}

/** The manifest of a scenario folder, or a ScenarioInvalidError listing every problem. */
export async function loadManifest(dir: string, known: KnownFunctions): Promise<ScenarioManifest> {
  const { manifest, problems } = await readScenarioManifest(dir, known);
  if (!manifest) throw new ScenarioInvalidError(problems);
  return manifest;
}
