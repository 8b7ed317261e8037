// scenario.json (unknown JSON) → ScenarioManifest, collecting every problem instead of stopping at the first.
import type { ScenarioProblem } from './errors.js';
import type {
  ActionSpec, CollisionHandling, FunctionRef, LearnerSelection, ReferencePath, ScenarioManifest, SumoFiles,
} from './manifest.js';
import { ACTION_KINDS, COLLISION_HANDLINGS, LEARNER_KINDS, MANIFEST_DEFAULTS, MANIFEST_KEYS, SCHEMA_VERSION } from './manifest.js';

/** Observation and reward ids known to the caller, each with the parameter names it accepts. */
export interface KnownFunctions {
  readonly observations: ReadonlyMap<string, readonly string[]>;
  readonly rewards: ReadonlyMap<string, readonly string[]>;
}

type Json = Record<string, unknown>;

/** A value as it appears in a message: JSON, cut to 60 characters. */
function show(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Levenshtein distance, for "did you mean" on unknown keys. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

class Reader {
  readonly problems: ScenarioProblem[] = [];
  constructor(private readonly file: string) {}

  fail(field: string, message: string): undefined {
    this.problems.push({ file: this.file, field, message });
    return undefined;
  }

  object(value: unknown, field: string, allowed: readonly string[]): Json | undefined {
    if (!isObject(value)) return this.fail(field, `must be an object, got ${show(value)}`);
    for (const key of Object.keys(value)) {
      if (allowed.includes(key)) continue;
      const near = allowed.find((k) => distance(k.toLowerCase(), key.toLowerCase()) <= 2);
      this.fail(join(field, key), `unknown key${near ? ` (did you mean ${near}?)` : ''}; allowed: ${allowed.join(', ')}`);
    }
    return value;
  }

  number(value: unknown, field: string, rule: { min?: number; max?: number; integer?: boolean; exclusiveMin?: boolean }): number | undefined {
    const { min, max, integer = false, exclusiveMin = false } = rule;
    const ok = typeof value === 'number' && Number.isFinite(value) && (!integer || Number.isInteger(value))
      && (min === undefined || (exclusiveMin ? value > min : value >= min)) && (max === undefined || value <= max);
    if (ok) return value;
    const kind = integer ? 'an integer' : 'a number';
    const range = min !== undefined && max !== undefined ? ` in ${exclusiveMin ? '(' : '['}${min}, ${max}]`
      : min !== undefined ? ` ${exclusiveMin ? '>' : '≥'} ${min}` : '';
    return this.fail(field, `must be ${kind}${range}, got ${show(value)}`);
  }

  string(value: unknown, field: string, nonEmpty = true): string | undefined {
    if (typeof value === 'string' && (!nonEmpty || value.length > 0)) return value;
    return this.fail(field, `must be a ${nonEmpty ? 'non-empty ' : ''}string, got ${show(value)}`);
  }

  nullableString(value: unknown, field: string): string | null | undefined {
    return value === null ? null : this.string(value, field);
  }

  strings(value: unknown, field: string, nonEmpty: boolean): string[] | undefined {
    if (!Array.isArray(value) || (nonEmpty && value.length === 0)) {
      return this.fail(field, `must be a ${nonEmpty ? 'non-empty ' : ''}list of strings, got ${show(value)}`);
    }
    const out: string[] = [];
    value.forEach((item, i) => {
      const s = this.string(item, `${field}[${i}]`);
      if (s !== undefined) out.push(s);
    });
    return out.length === value.length ? out : undefined;
  }

  oneOf<T extends string>(value: unknown, field: string, options: readonly T[]): T | undefined {
    const found = options.find((o) => o === value);
    return found ?? this.fail(field, `must be one of ${options.join(', ')}, got ${show(value)}`);
  }

  regex(value: unknown, field: string): string | undefined {
    const s = this.string(value, field);
    if (s === undefined) return undefined;
    try {
      new RegExp(s);
      return s;
    } catch (error) {
      return this.fail(field, `is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function join(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}

function readSumo(r: Reader, value: unknown): SumoFiles | undefined {
  const o = r.object(value, 'sumo', ['config', 'net', 'routes', 'additional']);
  if (!o) return undefined;
  const config = o.config === undefined ? null : r.nullableString(o.config, 'sumo.config');
  const net = o.net === undefined ? null : r.nullableString(o.net, 'sumo.net');
  const routes = o.routes === undefined ? [] : r.strings(o.routes, 'sumo.routes', false);
  const additional = o.additional === undefined ? [] : r.strings(o.additional, 'sumo.additional', false);
  if (config === undefined || net === undefined || !routes || !additional) return undefined;
  if (config === null && net === null) return r.fail('sumo', 'needs "config" (a .sumocfg) or "net" (a .net.xml) with "routes"');
  return { config, net, routes, additional };
}

function readLearners(r: Reader, value: unknown): LearnerSelection | undefined {
  if (!isObject(value)) return r.fail('learners', `must be an object with "kind" (${LEARNER_KINDS.join(', ')}), got ${show(value)}`);
  const kind = r.oneOf(value.kind, 'learners.kind', LEARNER_KINDS);
  switch (kind) {
    case 'ids': {
      const o = r.object(value, 'learners', ['kind', 'ids']);
      const ids = o && r.strings(o.ids, 'learners.ids', true);
      return ids ? { kind, ids } : undefined;
    }
    case 'vehType': {
      const o = r.object(value, 'learners', ['kind', 'vehType']);
      const vehType = o && r.string(o.vehType, 'learners.vehType');
      return vehType ? { kind, vehType } : undefined;
    }
    case 'idPattern': {
      const o = r.object(value, 'learners', ['kind', 'pattern']);
      const pattern = o && r.regex(o.pattern, 'learners.pattern');
      return pattern !== undefined ? { kind, pattern } : undefined;
    }
    case 'entering': {
      const o = r.object(value, 'learners', ['kind', 'count', 'fraction', 'seed', 'vehType', 'idPattern']);
      if (!o) return undefined;
      const count = o.count === undefined || o.count === null ? null : r.number(o.count, 'learners.count', { min: 1, integer: true });
      const fraction = o.fraction === undefined ? 1 : r.number(o.fraction, 'learners.fraction', { min: 0, max: 1, exclusiveMin: true });
      const seed = o.seed === undefined ? 0 : r.number(o.seed, 'learners.seed', { min: 0, integer: true });
      const vehType = o.vehType === undefined || o.vehType === null ? null : r.string(o.vehType, 'learners.vehType');
      const idPattern = o.idPattern === undefined || o.idPattern === null ? null : r.regex(o.idPattern, 'learners.idPattern');
      if (count === undefined || fraction === undefined || seed === undefined || vehType === undefined || idPattern === undefined) return undefined;
      return { kind, count, fraction, seed, vehType, idPattern };
    }
    default:
      return undefined;
  }
}

function readAction(r: Reader, value: unknown): ActionSpec | undefined {
  const o = r.object(value, 'action', ['kind', 'low', 'high']);
  if (!o) return undefined;
  const kind = r.oneOf(o.kind, 'action.kind', ACTION_KINDS);
  const low = r.number(o.low, 'action.low', {});
  const high = r.number(o.high, 'action.high', {});
  if (low !== undefined && high !== undefined && !(low < high)) return r.fail('action', `low (${low}) must be below high (${high})`);
  return kind && low !== undefined && high !== undefined ? { kind, low, high } : undefined;
}

function readFunction(r: Reader, value: unknown, field: string, known: ReadonlyMap<string, readonly string[]> | undefined): FunctionRef | undefined {
  const o = typeof value === 'string' ? { id: value } : r.object(value, field, ['id', 'params']);
  if (!o) return undefined;
  const id = r.string(o.id, `${field}.id`);
  if (id === undefined) return undefined;
  const names = known?.get(id);
  if (known && !names) return r.fail(`${field}.id`, `unknown id ${show(id)}; known: ${[...known.keys()].join(', ')}`);
  const params: Record<string, number> = {};
  if (o.params !== undefined) {
    const p = r.object(o.params, `${field}.params`, names ?? Object.keys(isObject(o.params) ? o.params : {}));
    if (!p) return undefined;
    for (const [key, v] of Object.entries(p)) {
      if (names && !names.includes(key)) continue; // already reported as unknown
      const n = r.number(v, `${field}.params.${key}`, {});
      if (n !== undefined) params[key] = n;
    }
  }
  return { id, params };
}

function readPath(r: Reader, value: unknown): ReferencePath | null | undefined {
  if (value === null) return null;
  const o = r.object(value, 'path', ['edges', 'loop']);
  if (!o) return undefined;
  const edges = r.strings(o.edges, 'path.edges', true);
  const loop = o.loop === undefined ? false : typeof o.loop === 'boolean' ? o.loop : r.fail('path.loop', `must be true or false, got ${show(o.loop)}`);
  return edges && loop !== undefined ? { edges, loop } : undefined;
}

/**
 * Checks a parsed scenario.json. `file` names it in messages; `known` (the registries' ids) lets unknown
 * observation and reward ids be reported. Returns the manifest only when there is no problem.
 */
export function parseManifest(value: unknown, file: string, known?: KnownFunctions): { manifest?: ScenarioManifest; problems: ScenarioProblem[] } {
  const r = new Reader(file);
  const o = r.object(value, '', MANIFEST_KEYS);
  if (!o) return { problems: r.problems };
  const need = (key: string): boolean => (o[key] === undefined ? (r.fail(key, 'is required'), false) : true);
  const opt = <T>(key: string, fallback: T, read: (v: unknown) => T | undefined): T | undefined => (o[key] === undefined ? fallback : read(o[key]));

  const schemaVersion = opt('schemaVersion', SCHEMA_VERSION, (v) => (v === SCHEMA_VERSION ? SCHEMA_VERSION : r.fail('schemaVersion', `must be ${SCHEMA_VERSION}, got ${show(v)}`)));
  const name = need('name') ? r.string(o.name, 'name') : undefined;
  const description = opt('description', MANIFEST_DEFAULTS.description, (v) => r.string(v, 'description', false));
  const source = opt<string | null>('source', MANIFEST_DEFAULTS.source, (v) => r.nullableString(v, 'source'));
  const sumo = need('sumo') ? readSumo(r, o.sumo) : undefined;
  const stepLength = opt('stepLength', MANIFEST_DEFAULTS.stepLength, (v) => r.number(v, 'stepLength', { min: 0, max: 10, exclusiveMin: true }));
  const horizon = need('horizon') ? r.number(o.horizon, 'horizon', { min: 1, integer: true }) : undefined;
  const warmupSteps = opt('warmupSteps', MANIFEST_DEFAULTS.warmupSteps, (v) => r.number(v, 'warmupSteps', { min: 0, integer: true }));
  const learners = need('learners') ? readLearners(r, o.learners) : undefined;
  const action = need('action') ? readAction(r, o.action) : undefined;
  const observation = need('observation') ? readFunction(r, o.observation, 'observation', known?.observations) : undefined;
  const reward = need('reward') ? readFunction(r, o.reward, 'reward', known?.rewards) : undefined;
  const communicationRange = opt('communicationRange', MANIFEST_DEFAULTS.communicationRange, (v) => r.number(v, 'communicationRange', { min: 0 }));
  const speedLimit = need('speedLimit') ? r.number(o.speedLimit, 'speedLimit', { min: 0, exclusiveMin: true }) : undefined;
  const desiredSpeed = opt<number | null>('desiredSpeed', MANIFEST_DEFAULTS.desiredSpeed, (v) => (v === null ? null : r.number(v, 'desiredSpeed', { min: 0, exclusiveMin: true })));
  const learnerSpeedMode = opt('learnerSpeedMode', MANIFEST_DEFAULTS.learnerSpeedMode, (v) => r.number(v, 'learnerSpeedMode', { min: 0, max: 127, integer: true }));
  const vehicleSpeedMode = opt<number | null>('vehicleSpeedMode', null, (v) => (v === null ? null : r.number(v, 'vehicleSpeedMode', { min: 0, max: 127, integer: true })));
  const collision = opt<CollisionHandling>('collision', MANIFEST_DEFAULTS.collision, (v) => r.oneOf(v, 'collision', COLLISION_HANDLINGS));
  const path = opt<ReferencePath | null>('path', MANIFEST_DEFAULTS.path, (v) => readPath(r, v));

  if (
    r.problems.length > 0 || schemaVersion === undefined || name === undefined || description === undefined || source === undefined
    || sumo === undefined || stepLength === undefined || horizon === undefined || warmupSteps === undefined || learners === undefined
    || action === undefined || observation === undefined || reward === undefined || communicationRange === undefined
    || speedLimit === undefined || desiredSpeed === undefined || learnerSpeedMode === undefined || vehicleSpeedMode === undefined || collision === undefined || path === undefined
  ) {
    return { problems: r.problems };
  }
  return {
    manifest: {
      schemaVersion, name, description, source, sumo, stepLength, horizon, warmupSteps, learners, action, observation, reward,
      communicationRange, speedLimit, desiredSpeed, learnerSpeedMode, ...(vehicleSpeedMode === null ? {} : { vehicleSpeedMode }), collision, path,
    },
    problems: [],
  };
}
