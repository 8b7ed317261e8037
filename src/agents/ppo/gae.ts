// Generalised advantage estimation (Schulman et al. 2016, eq. 16; PPO paper eq. 11–12): pure arithmetic.
//   δ_t = r_t + γ (1 − terminated_t) V(s_{t+1}) − V(s_t)
//   Â_t = δ_t + γλ (1 − end_t) Â_{t+1}
//   R̂_t = Â_t + V(s_t)   (the value network's regression target)
// `end_t` marks the last step of an episode (terminated or truncated): the recursion stops there. A truncated step
// still bootstraps from V(s_{t+1}) (its real final observation); a terminated one does not.

export interface GaeInput {
  readonly rewards: Float32Array;
  /** V(s_t) at collection. */
  readonly values: Float32Array;
  /** V(s_{t+1}): the next row's value inside an episode, the final observation's value at a truncation or a rollout's cut. */
  readonly nextValues: Float32Array;
  /** 1 where s_{t+1} is terminal (no bootstrap), else 0. */
  readonly terminated: Float32Array;
  /** 1 where the episode ends after step t (terminated or truncated), else 0. */
  readonly ends: Float32Array;
}

export interface GaeResult {
  readonly advantages: Float32Array;
  readonly returns: Float32Array;
}

export function gae(input: GaeInput, gamma: number, lambda: number): GaeResult {
  const n = input.rewards.length;
  for (const key of ['values', 'nextValues', 'terminated', 'ends'] as const) {
    if (input[key].length !== n) throw new RangeError(`gae: ${key} has ${input[key].length} entries, rewards ${n}`);
  }
  const advantages = new Float32Array(n);
  const returns = new Float32Array(n);
  let next = 0;
  for (let t = n - 1; t >= 0; t--) {
    const value = input.values[t] as number;
    const bootstrap = (1 - (input.terminated[t] as number)) * (input.nextValues[t] as number);
    const delta = (input.rewards[t] as number) + gamma * bootstrap - value;
    const a = delta + gamma * lambda * (1 - (input.ends[t] as number)) * next;
    advantages[t] = a;
    returns[t] = a + value;
    next = a;
  }
  return { advantages, returns };
}
