// Branched model rollouts (MBPO; MA-PMBRL Alg. 1 "generate synthetic l-step rollouts"): from real states,
// L steps of a ~ π(·|s) in the model, every transition stored in the model buffer D_T̃ϕ.
import type { UniformSource } from '../../nn/random.js';
import type { ReplayBuffer } from '../replay.js';
import type { SacCore } from '../sac/sac.js';

/** Anything that predicts (ŝ', r̂) for a batch of (s, a) rows. */
export interface StepModel {
  step(obs: Float32Array, actions: Float32Array, rng: UniformSource): { nextObs: Float32Array; rewards: Float32Array };
}

/**
 * Rolls `start` (a batch of real observations, row-major) `length` steps forward; returns transitions added.
 * Decision: the model predicts no terminations, so model transitions are stored as non-terminal.
 */
export function rollout(core: SacCore, model: StepModel, start: Float32Array, length: number, buffer: ReplayBuffer, rng: UniformSource): number {
  const { obsDim, actionDim } = core;
  const n = start.length / obsDim;
  let obs = start;
  let added = 0;
  for (let l = 0; l < length; l++) {
    const actions = core.act(obs, false);
    const { nextObs, rewards } = model.step(obs, actions, rng);
    for (let i = 0; i < n; i++) {
      buffer.add(obs.subarray(i * obsDim, (i + 1) * obsDim), actions.subarray(i * actionDim, (i + 1) * actionDim), rewards[i] ?? 0, nextObs.subarray(i * obsDim, (i + 1) * obsDim), false);
      added += 1;
    }
    obs = nextObs;
  }
  return added;
}
