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
  const o = record(value, path);
  return {
    core: parseSacState(o.core, `${path}.core`),
    replay: parseReplay(o.replay, `${path}.replay`),
    sampler: words(o.sampler, `${path}.sampler`),
    actNoise: words(o.actNoise, `${path}.actNoise`),
    collected: count(o.collected, `${path}.collected`),
    updates: count(o.updates, `${path}.updates`),
    sinceUpdate: count(o.sinceUpdate, `${path}.sinceUpdate`),
  };
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
  const o = record(value, path);
  return {
    weights: parseWeights(o.weights, `${path}.weights`),
    actorOptimizer: parseAdam(o.actorOptimizer, `${path}.actorOptimizer`),
    criticOptimizer: parseAdam(o.criticOptimizer, `${path}.criticOptimizer`),
    alphaOptimizer: parseAdam(o.alphaOptimizer, `${path}.alphaOptimizer`),
    rng: o.rng === null ? null : words(o.rng, `${path}.rng`),
  };
}

function parseWeights(value: unknown, path: string): SacWeights {
  const o = record(value, path);
  return {
    actor: f32(o.actor, `${path}.actor`),
    critic1: f32(o.critic1, `${path}.critic1`),
    critic2: f32(o.critic2, `${path}.critic2`),
    target1: f32(o.target1, `${path}.target1`),
    target2: f32(o.target2, `${path}.target2`),
    logAlpha: num(o.logAlpha, `${path}.logAlpha`),
    updates: count(o.updates, `${path}.updates`),
  };
}

export function parseAdam(value: unknown, path: string): FlatAdamState {
  const o = record(value, path);
  return {
    iterations: count(o.iterations, `${path}.iterations`),
    beta1Power: num(o.beta1Power, `${path}.beta1Power`),
    beta2Power: num(o.beta2Power, `${path}.beta2Power`),
    moments: f32(o.moments, `${path}.moments`),
  };
}

export function parseReplay(value: unknown, path: string): ReplayState {
  const o = record(value, path);
  return {
    capacity: count(o.capacity, `${path}.capacity`),
    obsDim: count(o.obsDim, `${path}.obsDim`),
    actionDim: count(o.actionDim, `${path}.actionDim`),
    position: count(o.position, `${path}.position`),
    size: count(o.size, `${path}.size`),
    obs: f32(o.obs, `${path}.obs`),
    actions: f32(o.actions, `${path}.actions`),
    rewards: f32(o.rewards, `${path}.rewards`),
    nextObs: f32(o.nextObs, `${path}.nextObs`),
    terminated: f32(o.terminated, `${path}.terminated`),
    // Older checkpoints have no behaviour log-probs (read as unknown).
    ...(o.behaviourLogProb === undefined ? {} : { behaviourLogProb: f32(o.behaviourLogProb, `${path}.behaviourLogProb`) }),
  };
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
