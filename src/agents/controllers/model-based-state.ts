// Narrowing a model-based controller's checkpoint (unknown, read from disk) back into a ModelBasedState.
import type { Standardiser, GaussianModelState } from '../models/gaussian-model.js';
import type { ModelBasedState, WorldModelState } from '../models/model-based-agents.js';
import { parsePoolState, StateShapeError } from '../pool-state.js';
import type { ReplayState } from '../replay.js';

type Fields = Record<string, unknown>;

export function parseModelBasedState(value: unknown, path = 'learners'): ModelBasedState {
  const o = record(value, path);
  return {
    pool: parsePoolState(o.pool, `${path}.pool`),
    slots: list(o.slots, `${path}.slots`).map((s, k) => {
      const p = `${path}.slots[${k}]`;
      const slot = record(s, p);
      return { model: parseWorldModel(slot.model, `${p}.model`), modelBuffer: parseReplay(slot.modelBuffer, `${p}.modelBuffer`), rng: counts(slot.rng, `${p}.rng`), sinceUpdate: count(slot.sinceUpdate, `${p}.sinceUpdate`) };
    }),
  };
}

function parseWorldModel(value: unknown, path: string): WorldModelState {
  const o = record(value, path);
  return { members: list(o.members, `${path}.members`).map((m, k) => parseGaussian(m, `${path}.members[${k}]`)), elites: counts(o.elites, `${path}.elites`) };
}

function parseGaussian(value: unknown, path: string): GaussianModelState {
  const o = record(value, path);
  return { params: f32(o.params, `${path}.params`), standardiser: o.standardiser === null ? null : parseStandardiser(o.standardiser, `${path}.standardiser`) };
}

function parseStandardiser(value: unknown, path: string): Standardiser {
  const o = record(value, path);
  return { inputMean: f32(o.inputMean, `${path}.inputMean`), inputStd: f32(o.inputStd, `${path}.inputStd`), targetMean: f32(o.targetMean, `${path}.targetMean`), targetStd: f32(o.targetStd, `${path}.targetStd`) };
}

function parseReplay(value: unknown, path: string): ReplayState {
  const o = record(value, path);
  return {
    capacity: count(o.capacity, `${path}.capacity`), obsDim: count(o.obsDim, `${path}.obsDim`), actionDim: count(o.actionDim, `${path}.actionDim`),
    position: count(o.position, `${path}.position`), size: count(o.size, `${path}.size`),
    obs: f32(o.obs, `${path}.obs`), actions: f32(o.actions, `${path}.actions`), rewards: f32(o.rewards, `${path}.rewards`),
    nextObs: f32(o.nextObs, `${path}.nextObs`), terminated: f32(o.terminated, `${path}.terminated`),
  };
}

function record(value: unknown, path: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Float32Array) throw new StateShapeError(path, 'an object');
  return { ...value };
}

function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new StateShapeError(path, 'a list');
  return value;
}

function count(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new StateShapeError(path, 'a non-negative integer');
  return value;
}

function counts(value: unknown, path: string): number[] {
  return list(value, path).map((v, k) => count(v, `${path}[${k}]`));
}

function f32(value: unknown, path: string): Float32Array {
  if (!(value instanceof Float32Array)) throw new StateShapeError(path, 'a float32 array');
  return value;
}
