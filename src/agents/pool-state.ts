// Narrowing a checkpoint's data (unknown, read from disk) back into a PoolState, with errors that say where.
import { CavlabError } from '../errors.js';
import type { ReplayState } from './replay.js';
import type { FlatAdamState } from '../nn/flat-adam.js';
import type { SacState, SacWeights } from './sac/sac.js';
import type { PoolState, SlotState } from './pool.js';
import type { SlotMapState } from './slot-map.js';

/** A checkpoint whose contents do not have the expected shape (`path` names the part, e.g. `pool.slots[2].core`). */
export class StateShapeError extends CavlabError {
  constructor(readonly path: string, expected: string) {
    super(`${path}: expected ${expected}`);
  }
}

export type Fields = Record<string, unknown>;

export function parsePoolState(value: unknown, path = 'pool'): PoolState {
  const o = record(value, path);
  return {
    slotMap: parseSlotMap(o.slotMap, `${path}.slotMap`),
    slots: list(o.slots, `${path}.slots`).map((s, k) => parseSlot(s, `${path}.slots[${k}]`)),
  };
}

function parseSlot(value: unknown, path: string): SlotState {
  return parseRecord(value, path, {
    core: parseSacState,
    replay: parseReplay,
    sampler: words,
    actNoise: words,
    collected: count,
    updates: count,
    sinceUpdate: count,
  });
}

export function parseSlotMap(value: unknown, path: string): SlotMapState {
  const o = record(value, path);
  const ids = list(o.ids, `${path}.ids`).map((pair, k): [string, number] => {
    const p = list(pair, `${path}.ids[${k}]`);
    const id = p[0];
    if (typeof id !== 'string' || p.length !== 2) throw new StateShapeError(`${path}.ids[${k}]`, '[agent id, slot]');
    return [id, count(p[1], `${path}.ids[${k}][1]`)];
  });
  return { ids, slotCount: count(o.slotCount, `${path}.slotCount`) };
}

export function parseSacState(value: unknown, path: string): SacState {
  return parseRecord(value, path, {
    weights: parseWeights,
    actorOptimizer: parseAdam,
    criticOptimizer: parseAdam,
    alphaOptimizer: parseAdam,
    rng: orNull(words),
  });
}

function parseWeights(value: unknown, path: string): SacWeights {
  return parseRecord(value, path, { actor: f32, critic1: f32, critic2: f32, target1: f32, target2: f32, logAlpha: num, updates: count });
}

export function parseAdam(value: unknown, path: string): FlatAdamState {
  return parseRecord(value, path, { iterations: count, beta1Power: num, beta2Power: num, moments: f32 });
}

export function parseReplay(value: unknown, path: string): ReplayState {
  const o = record(value, path);
  return {
    ...fields(o, path, {
      capacity: count,
      obsDim: count,
      actionDim: count,
      position: count,
      size: count,
      obs: f32,
      actions: f32,
      rewards: f32,
      nextObs: f32,
      terminated: f32,
    }),
    // Older checkpoints have no behaviour log-probs (read as unknown).
    ...(o.behaviourLogProb === undefined ? {} : { behaviourLogProb: f32(o.behaviourLogProb, `${path}.behaviourLogProb`) }),
  };
}

/** Narrows a value for the field at `path`; throws a StateShapeError naming `path`. */
export type FieldParser<T> = (value: unknown, path: string) => T;

/** Each field of `shape` parsed from `o`, in the shape's order, its errors naming `${path}.${key}`. */
export function fields<S extends Readonly<Record<string, FieldParser<unknown>>>>(o: Fields, path: string, shape: S): { [K in keyof S]: ReturnType<S[K]> } {
  const out: Fields = {};
  for (const [key, parse] of Object.entries(shape)) out[key] = parse(o[key], `${path}.${key}`);
  // Every key of `shape`, each holding what its parser returned.
  return out as { [K in keyof S]: ReturnType<S[K]> };
}

/** `value` narrowed to an object, then its fields by `shape` (see `fields`). */
export function parseRecord<S extends Readonly<Record<string, FieldParser<unknown>>>>(value: unknown, path: string, shape: S): { [K in keyof S]: ReturnType<S[K]> } {
  return fields(record(value, path), path, shape);
}

/** `parse`, except that null stays null. */
export function orNull<T>(parse: FieldParser<T>): FieldParser<T | null> {
  return (value, path) => (value === null ? null : parse(value, path));
}

export function record(value: unknown, path: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Float32Array) throw new StateShapeError(path, 'an object');
  return { ...value };
}

export function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new StateShapeError(path, 'a list');
  return value;
}

export function num(value: unknown, path: string): number {
  // ±Infinity is legal (log α of a fixed α = 0); NaN is not.
  if (typeof value !== 'number' || Number.isNaN(value)) throw new StateShapeError(path, 'a number');
  return value;
}

export function count(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new StateShapeError(path, 'a non-negative integer');
  return value;
}

export function f32(value: unknown, path: string): Float32Array {
  if (!(value instanceof Float32Array)) throw new StateShapeError(path, 'a float32 array');
  return value;
}

export function words(value: unknown, path: string): number[] {
  return list(value, path).map((w, k) => {
    if (typeof w !== 'number' || !Number.isInteger(w) || w < 0 || w >= 2 ** 32) throw new StateShapeError(`${path}[${k}]`, 'a 32-bit unsigned word');
    return w;
  });
}
