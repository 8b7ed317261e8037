// `cavlab scenario init <dir> --sumocfg <file>`: a scenario.json with generic defaults for any SUMO map.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, relative, resolve } from 'node:path';
import { ScenarioInvalidError } from './errors.js';
import type { ScenarioManifest } from './manifest.js';
import { MANIFEST_DEFAULTS, SCENARIO_FILE, SCHEMA_VERSION, SPEED_MODE_ALL_CHECKS } from './manifest.js';
import { parseNet } from './net.js';
import { readSumoConfig } from './sumo-files.js';

export interface InitOptions {
  /** Replace an existing scenario.json. */
  readonly force?: boolean;
  readonly name?: string;
}

/** Speed limit (m/s) when the net cannot tell: 50 km/h. */
const FALLBACK_SPEED_LIMIT = 13.89;

/** Fastest lane of the net (m/s), internal lanes excluded. */
export function maxLaneSpeed(netXml: string): number | undefined {
  const net = parseNet(netXml);
  const speeds = [...net.edges.values()].filter((e) => e.function !== 'internal').flatMap((e) => e.lanes.map((l) => l.speed)).filter((s) => s > 0);
  return speeds.length > 0 ? Math.max(...speeds) : undefined;
}

/**
 * Defaults for a plugged-in map. Decisions: learners are 20 % of entering vehicles, at most 10, seed 0;
 * the generic leader-follower observation and mean-speed reward; acceleration in [−3, 3] m/s²; speed
 * mode 31 (all checks) because unknown maps have signals and right of way that learners must respect.
 */
export function defaultManifest(name: string, config: string, speedLimit: number, stepLength: number): ScenarioManifest {
  return {
    schemaVersion: SCHEMA_VERSION,
    name,
    description: `plugged-in map ${basename(config)}`,
    source: null,
    sumo: { config, net: null, routes: [], additional: [] },
    stepLength,
    horizon: 1000,
    warmupSteps: MANIFEST_DEFAULTS.warmupSteps,
    learners: { kind: 'entering', count: 10, fraction: 0.2, seed: 0, vehType: null, idPattern: null },
    action: { kind: 'acceleration', low: -3, high: 3 },
    observation: { id: 'leader-follower', params: {} },
    reward: { id: 'mean-speed', params: {} },
    communicationRange: MANIFEST_DEFAULTS.communicationRange,
    speedLimit,
    desiredSpeed: null,
    learnerSpeedMode: SPEED_MODE_ALL_CHECKS,
    collision: MANIFEST_DEFAULTS.collision,
    path: null,
  };
}

/** Writes `<dir>/scenario.json` for the map of `sumocfg`; returns the manifest and the file written. */
export async function initScenario(dir: string, sumocfg: string, options: InitOptions = {}): Promise<{ manifest: ScenarioManifest; file: string }> {
  const target = resolve(dir);
  const file = resolve(target, SCENARIO_FILE);
  const config = resolve(sumocfg);
  const fail = (field: string, message: string): never => {
    throw new ScenarioInvalidError([{ file: field === 'sumocfg' ? config : file, field: '', message }]);
  };
  if (!existsSync(config)) fail('sumocfg', 'does not exist');
  if (existsSync(file) && !options.force) fail('scenario', 'already exists (pass --force to replace it)');
  const { net, stepLength } = readSumoConfig(config);
  if (net === null) fail('sumocfg', 'names no net-file');
  const speedLimit = net && existsSync(net) ? maxLaneSpeed(await readFile(net, 'utf8')) ?? FALLBACK_SPEED_LIMIT : FALLBACK_SPEED_LIMIT;
  // Decision: a .sumocfg without step-length runs at 0.1 s like the papers' scenarios, not SUMO's 1 s.
  const manifest = defaultManifest(options.name ?? basename(target), relative(target, config) || basename(config), speedLimit, stepLength ?? MANIFEST_DEFAULTS.stepLength);
  await mkdir(target, { recursive: true });
  await writeFile(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return { manifest, file };
}
