// SAC's mini-batch from real and model data (MBPO, Janner et al. 2019; MA-PMBRL Alg. 1 "samples from
// D_E ∪ D_T̃ϕ"): a fixed share from the real buffer, the rest from the model buffer.
import type { UniformSource } from '../../nn/random.js';
import type { ReplayBatch, ReplayBuffer } from '../replay.js';

/** ⌈ratio·size⌉ real rows then the model rows; all real while the model buffer is empty. */
export function mixedBatch(real: ReplayBuffer, model: ReplayBuffer, size: number, realRatio: number, rng: UniformSource): ReplayBatch {
  const fromModel = model.size === 0 ? 0 : size - Math.ceil(realRatio * size);
  if (fromModel <= 0) return real.sample(size, rng);
  return concatBatches(real.sample(size - fromModel, rng), model.sample(fromModel, rng));
}

export function concatBatches(a: ReplayBatch, b: ReplayBatch): ReplayBatch {
  const join = (x: Float32Array, y: Float32Array): Float32Array => {
    const out = new Float32Array(x.length + y.length);
    out.set(x);
    out.set(y, x.length);
    return out;
  };
  return {
    size: a.size + b.size,
    obs: join(a.obs, b.obs),
    actions: join(a.actions, b.actions),
    rewards: join(a.rewards, b.rewards),
    nextObs: join(a.nextObs, b.nextObs),
    terminated: join(a.terminated, b.terminated),
  };
}
