// `cavlab scenario init <dir> --sumocfg <file>`: a scenario.json with generic defaults for any SUMO map, and
// the list of what it chose and why (printed by the CLI, one line each).
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, isAbsolute, relative, resolve } from 'node:path';
import { ScenarioInvalidError } from './errors.js';
import type { ScenarioManifest } from './manifest.js';
import { MANIFEST_DEFAULTS, SCENARIO_FILE, SCHEMA_VERSION, SPEED_MODE_ALL_CHECKS } from './manifest.js';
import { parseNet } from './net.js';
import { readSumoConfig } from './sumo-files.js';

/** What init says of the observation it picks (env's leader-follower; passed in so scenarios/ stays below env/). */
export interface InitObservation {
  /** Vector length (obsDim). */
  readonly size: number;
  /** m; gaps are divided by it and clipped to [0, 1]. */
  readonly maxGap: number;
}

export interface InitOptions {
  /** The leader-follower observation's size and gap normaliser, for the printed choices. */
  readonly observation: InitObservation;
  /** Replace an existing scenario.json. */
  readonly force?: boolean;
  readonly name?: string;
  /** Where a relative --sumocfg is looked up second (default: the process's working directory). */
  readonly cwd?: string;
}

/** One decision `scenario init` took: the manifest field, its value, and one line of why. */
export interface InitChoice {
  readonly field: string;
  readonly value: string;
  readonly why: string;
}

/** Speed limit (m/s) when the net cannot tell: 50 km/h. */
const FALLBACK_SPEED_LIMIT = 13.89;
/** SUMO's own step length (s) when a .sumocfg sets none (sumo --help: "--step-length TIME … default 1"). */
export const SUMO_DEFAULT_STEP_LENGTH = 1;
/** Steps per episode of a plugged-in map. */
const INIT_HORIZON = 1000;
/** Learners of a plugged-in map: a seeded fraction of the entering vehicles, capped. */
const INIT_LEARNERS = { fraction: 0.2, count: 10, seed: 0 } as const;
/** Acceleration bounds (m/s²) of a plugged-in map's learners. */
const INIT_ACCELERATION = { low: -3, high: 3 } as const;

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
    horizon: INIT_HORIZON,
    warmupSteps: MANIFEST_DEFAULTS.warmupSteps,
    learners: { kind: 'entering', count: INIT_LEARNERS.count, fraction: INIT_LEARNERS.fraction, seed: INIT_LEARNERS.seed, vehType: null, idPattern: null },
    action: { kind: 'acceleration', ...INIT_ACCELERATION },
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

/**
 * The .sumocfg `--sumocfg` names. A relative path is looked up in the scenario folder first (the README's
 * `scenario init maps/town --sumocfg town.sumocfg`), then from `cwd`; the folder wins when both exist.
 */
export function resolveSumocfg(dir: string, sumocfg: string, cwd: string = process.cwd()): { readonly path: string; readonly where: string } | null {
  if (isAbsolute(sumocfg)) return existsSync(sumocfg) ? { path: sumocfg, where: 'absolute path' } : null;
  const inFolder = resolve(dir, sumocfg);
  if (existsSync(inFolder)) return { path: inFolder, where: 'found in the scenario folder (it wins over the current directory)' };
  const fromCwd = resolve(cwd, sumocfg);
  if (existsSync(fromCwd)) return { path: fromCwd, where: 'not in the scenario folder; found from the current directory' };
  return null;
}

/** What init chose and why, one line per decision (the CLI prints these). */
export function describeChoices(manifest: ScenarioManifest, config: { path: string; where: string }, sources: { stepLength: 'sumocfg' | 'sumo-default'; speedLimit: 'net' | 'fallback' }, observation: InitObservation): InitChoice[] {
  const { learners, action, stepLength, horizon, speedLimit } = manifest;
  const pct = learners.kind === 'entering' ? `${Math.round(learners.fraction * 100)} %` : '';
  return [
    { field: 'sumo.config', value: config.path, why: config.where },
    {
      field: 'stepLength', value: `${stepLength} s`,
      why: sources.stepLength === 'sumocfg' ? 'the .sumocfg\'s step-length' : `the .sumocfg sets no step-length, so SUMO's own default (${SUMO_DEFAULT_STEP_LENGTH} s), as \`trace record <sumocfg>\` runs it; change stepLength here (it wins over the .sumocfg)`,
    },
    {
      field: 'horizon', value: `${horizon} steps (${Number((horizon * stepLength).toFixed(3))} s)`,
      why: 'generic episode length, long enough to cross a small map; set it to your map\'s trip time',
    },
    {
      field: 'learners', value: learners.kind === 'entering' ? `${pct} of the vehicles entering, at most ${String(learners.count)} per episode, seed ${learners.seed}` : learners.kind,
      why: 'an unknown map has no CAV type: a seeded share of the traffic learns (set learners.vehType or ids to choose); the count varies per episode (episodes.csv column learners)',
    },
    {
      field: 'action', value: `${action.kind} in [${action.low}, ${action.high}] m/s²`,
      why: 'acceleration as in the papers (RSM-MASAC, Flow); ±3 m/s² are the bounds of the bundled figure8 scenario',
    },
    {
      field: 'observation', value: `leader-follower, obsDim ${observation.size}: [own speed, leader speed, leader gap, follower speed, follower gap]`,
      why: `needs only SUMO's leader and follower, so it works on any map; speeds / speedLimit, gaps / ${observation.maxGap} m clipped to [0, 1]`,
    },
    { field: 'reward', value: 'mean-speed', why: 'mean speed of all vehicles / speedLimit, shared by every learner (RSM-MASAC\'s reward)' },
    {
      field: 'speedLimit', value: `${speedLimit} m/s`,
      why: sources.speedLimit === 'net' ? 'the fastest lane of the net; normalises speeds in observation and reward' : 'the net gives no lane speed: 50 km/h',
    },
    {
      field: 'learnerSpeedMode', value: String(manifest.learnerSpeedMode),
      why: 'all SUMO safety checks (safe speed, accel/decel limits, right of way, red lights): an unknown map has junctions and signals learners must respect',
    },
    { field: 'communicationRange', value: `${manifest.communicationRange} m`, why: 'V2V range of the papers\' scenarios' },
    { field: 'collision', value: manifest.collision, why: 'a collision ends the episode, as in RSM-MASAC' },
  ];
}

/** Writes `<dir>/scenario.json` for the map of `sumocfg`; returns the manifest, the file written and the choices. */
export async function initScenario(dir: string, sumocfg: string, options: InitOptions): Promise<{ manifest: ScenarioManifest; file: string; choices: InitChoice[] }> {
  const target = resolve(dir);
  const file = resolve(target, SCENARIO_FILE);
  const fail = (path: string, message: string): never => {
    throw new ScenarioInvalidError([{ file: path, field: '', message }]);
  };
  const config = resolveSumocfg(target, sumocfg, options.cwd);
  if (config === null) {
    return fail(sumocfg, isAbsolute(sumocfg) ? 'does not exist' : `does not exist in ${target} nor in ${resolve(options.cwd ?? process.cwd())}`);
  }
  if (existsSync(file) && !options.force) fail(file, 'already exists (pass --force to replace it)');
  const { net, stepLength } = readSumoConfig(config.path);
  if (net === null) fail(config.path, 'names no net-file');
  const netSpeed = net && existsSync(net) ? maxLaneSpeed(await readFile(net, 'utf8')) : undefined;
  const manifest = defaultManifest(
    options.name ?? basename(target), relative(target, config.path) || basename(config.path), netSpeed ?? FALLBACK_SPEED_LIMIT,
    stepLength ?? SUMO_DEFAULT_STEP_LENGTH,
  );
  await mkdir(target, { recursive: true });
  await writeFile(file, `${JSON.stringify(manifest, null, 2)}\n`);
  const choices = describeChoices(manifest, config, { stepLength: stepLength === null ? 'sumo-default' : 'sumocfg', speedLimit: netSpeed === undefined ? 'fallback' : 'net' }, options.observation);
  return { manifest, file, choices };
}
