// Narrowing a model-based controller's checkpoint (unknown, read from disk) back into a ModelBasedState.
import type { Standardiser, GaussianModelState } from './gaussian-model.js';
import type { ModelBasedState, WorldModelState } from './model-based-agents.js';
import { count, f32, list, parsePoolState, parseReplay, record } from '../pool-state.js';

export function parseModelBasedState(value: unknown, path = 'learners'): ModelBasedState {
  const o = record(value, path);
  return {
    pool: parsePoolState(o.pool, `${path}.pool`),
    trainEpisodes: count(o.trainEpisodes, `${path}.trainEpisodes`),
    slots: list(o.slots, `${path}.slots`).map((s, k) => {
      const p = `${path}.slots[${k}]`;
      const slot = record(s, p);
      return { model: parseWorldModel(slot.model, `${p}.model`), modelBuffer: parseReplay(slot.modelBuffer, `${p}.modelBuffer`), rng: counts(slot.rng, `${p}.rng`), sinceUpdate: count(slot.sinceUpdate, `${p}.sinceUpdate`), envSteps: count(slot.envSteps, `${p}.envSteps`), sinceRefit: count(slot.sinceRefit, `${p}.sinceRefit`) };
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

function counts(value: unknown, path: string): number[] {
  return list(value, path).map((v, k) => count(v, `${path}[${k}]`));
}

