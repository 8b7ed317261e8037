// `cavlab scenario validate <dir>`: the manifest parses, its files exist, SUMO loads the net and routes, the
// reference path is connected, and learners appear within warm-up + horizon. Returns every problem found.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { findSumo } from '../sumo/binary.js';
import { stderrTail, sumoToolEnv } from './build.js';
import type { ScenarioProblem } from './errors.js';
import { candidateMatcher } from './learners.js';
import type { ScenarioManifest } from './manifest.js';
import { SCENARIO_FILE } from './manifest.js';
import { parseNet, pathIndex } from './net.js';
import type { KnownFunctions } from './parse-manifest.js';
import { readScenarioManifest } from './registry.js';
import type { ResolvedSumoFiles } from './sumo-files.js';
import { resolveSumoFiles } from './sumo-files.js';

/** SUMO gets this long to simulate warm-up + horizon (ms). */
const SUMO_TIMEOUT = 120_000;

export interface ValidateOptions {
  readonly sumoBinary?: string;
  readonly env?: NodeJS.ProcessEnv;
}

export interface ValidationReport {
  readonly problems: readonly ScenarioProblem[];
  readonly manifest?: ScenarioManifest;
  /** Vehicles that departed within warm-up + horizon. */
  readonly departed: number;
  /** Of those, the ones the learner selection admits. */
  readonly learnerCandidates: number;
  /** Length (m) of the reference path in the net, internal lanes included. */
  readonly pathLength: number | null;
}

/** A vehicle that departed, from SUMO's tripinfo output. */
export interface Departure {
  readonly id: string;
  readonly vType: string;
  /** s */
  readonly depart: number;
}

/** Reads `<tripinfo id=… depart=… vType=…>` entries (unfinished trips included when SUMO writes them). */
export function parseTripinfo(xml: string): Departure[] {
  const out: Departure[] = [];
  for (const m of xml.matchAll(/<tripinfo\s([^>]*)>/g)) {
    const attrs = new Map([...(m[1] ?? '').matchAll(/([\w.-]+)="([^"]*)"/g)].map((a) => [a[1] ?? '', a[2] ?? '']));
    const depart = Number(attrs.get('depart'));
    if (depart >= 0) out.push({ id: attrs.get('id') ?? '', vType: attrs.get('vType') ?? '', depart });
  }
  return out;
}

function fileProblems(file: string, files: ResolvedSumoFiles): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const check = (field: string, path: string | null): void => {
    if (path !== null && !existsSync(path)) problems.push({ file, field, message: `file ${path} does not exist` });
  };
  check('sumo.config', files.config);
  check('sumo.net', files.net);
  files.routes.forEach((r) => check('sumo.routes', r));
  files.additional.forEach((a) => check('sumo.additional', a));
  if (files.net === null) problems.push({ file, field: 'sumo', message: 'names no net (neither "net" nor a net-file in the .sumocfg)' });
  return problems;
}

/** SUMO's argv to simulate `end` seconds of the scenario and write tripinfo (unfinished trips too). */
export function validationArgs(files: ResolvedSumoFiles, manifest: ScenarioManifest, end: number, tripinfo: string): string[] {
  const input = files.config !== null
    ? ['-c', files.config]
    : ['-n', files.net ?? '', ...(files.routes.length ? ['-r', files.routes.join(',')] : []), ...(files.additional.length ? ['-a', files.additional.join(',')] : [])];
  return [
    ...input, '--begin', '0', '--end', String(end), '--step-length', String(manifest.stepLength),
    '--tripinfo-output', tripinfo, '--tripinfo-output.write-unfinished', 'true',
    '--no-step-log', 'true', '--duration-log.disable', 'true', '--no-warnings', 'true',
  ];
}

function learnerProblems(file: string, manifest: ScenarioManifest, departures: readonly Departure[], window: number): { problems: ScenarioProblem[]; candidates: number } {
  const matches = candidateMatcher(manifest.learners);
  const candidates = departures.filter((d) => matches(d.id, d.vType));
  const within = `within warm-up + horizon (${window} s)`;
  const sel = manifest.learners;
  if (sel.kind === 'ids') {
    const seen = new Set(candidates.map((c) => c.id));
    const missing = sel.ids.filter((id) => !seen.has(id));
    return { problems: missing.length ? [{ file, field: 'learners.ids', message: `never depart ${within}: ${missing.join(', ')}` }] : [], candidates: candidates.length };
  }
  if (candidates.length > 0) return { problems: [], candidates: candidates.length };
  const [field, what] = sel.kind === 'vehType' ? ['learners.vehType', `of vType ${JSON.stringify(sel.vehType)}`]
    : sel.kind === 'idPattern' ? ['learners.pattern', `with an id matching /${sel.pattern}/`]
    : ['learners', `matching the selection (vehType ${JSON.stringify(sel.vehType)}, idPattern ${JSON.stringify(sel.idPattern)})`];
  const types = [...new Set(departures.map((d) => d.vType))].slice(0, 5).join(', ');
  return { problems: [{ file, field, message: `no vehicle ${what} departs ${within}; ${departures.length} departed${types ? ` (vTypes: ${types})` : ''}` }], candidates: 0 };
}

/** Every problem of the scenario in `dir`; its observation and reward ids are checked against `known`. */
export async function validateScenario(dir: string, known: KnownFunctions, options: ValidateOptions = {}): Promise<ValidationReport> {
  const file = join(dir, SCENARIO_FILE);
  const { manifest, problems: manifestProblems } = await readScenarioManifest(dir, known);
  const empty = { departed: 0, learnerCandidates: 0, pathLength: null };
  if (!manifest) return { problems: manifestProblems, ...empty };

  let files: ResolvedSumoFiles;
  try {
    files = resolveSumoFiles(dir, manifest.sumo);
  } catch (error) {
    const config = resolve(dir, manifest.sumo.config ?? '');
    const message = existsSync(config) ? `cannot read ${config} (${error instanceof Error ? error.message : String(error)})` : `file ${config} does not exist`;
    return { manifest, problems: [{ file, field: 'sumo.config', message }], ...empty };
  }
  const missing = fileProblems(file, files);
  if (missing.length > 0) return { manifest, problems: missing, ...empty };

  const problems: ScenarioProblem[] = [];
  let pathLength: number | null = null;
  if (manifest.path && files.net) {
    try {
      pathLength = pathIndex(parseNet(await readFile(files.net, 'utf8')), manifest.path.edges, manifest.path.loop).length;
    } catch (error) {
      problems.push({ file, field: 'path.edges', message: `not a connected path in ${files.net}: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  const binary = findSumo({ ...(options.sumoBinary ? { binary: options.sumoBinary } : {}), ...(options.env ? { env: options.env } : {}) });
  const window = Number(((manifest.warmupSteps + manifest.horizon) * manifest.stepLength).toFixed(6));
  const tmp = await mkdtemp(join(tmpdir(), 'cavlab-validate-'));
  try {
    const tripinfo = join(tmp, 'tripinfo.xml');
    const result = await execa(binary, validationArgs(files, manifest, window, tripinfo), {
      cwd: dir, env: sumoToolEnv(binary, options.env ?? process.env), extendEnv: false, reject: false, timeout: SUMO_TIMEOUT, stdin: 'ignore',
    });
    if (result.exitCode !== 0 || result.failed) {
      const what = files.config ?? files.net ?? dir;
      problems.push({ file, field: 'sumo', message: `SUMO cannot run ${what} (exit ${result.exitCode ?? 'none'}): ${stderrTail(String(result.stderr ?? ''))}` });
      return { manifest, problems, departed: 0, learnerCandidates: 0, pathLength };
    }
    const departures = parseTripinfo(await readFile(tripinfo, 'utf8'));
    const learners = learnerProblems(file, manifest, departures, window);
    problems.push(...learners.problems);
    return { manifest, problems, departed: departures.length, learnerCandidates: learners.candidates, pathLength };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
