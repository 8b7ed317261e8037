// Exact values on the known Digital model, for noise-free learning curves: policy evaluation and policy iteration.
// Pure math on small dense systems (|S| = 20).
import type { DigitalMdp } from './digital-env.js';
import { TabularInputError } from './errors.js';

/** Solves A x = b in place by Gaussian elimination with partial pivoting (A is n×n, row-major). */
function solve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) if (Math.abs(a[row * n + col] as number) > Math.abs(a[pivot * n + col] as number)) pivot = row;
    const p = a[pivot * n + col] as number;
    if (p === 0) throw new TabularInputError('singular system in policy evaluation (γ must be < 1)');
    if (pivot !== col) {
      for (let k = 0; k < n; k++) {
        const t = a[col * n + k] as number;
        a[col * n + k] = a[pivot * n + k] as number;
        a[pivot * n + k] = t;
      }
      const t = b[col] as number;
      b[col] = b[pivot] as number;
      b[pivot] = t;
    }
    for (let row = col + 1; row < n; row++) {
      const f = (a[row * n + col] as number) / p;
      if (f === 0) continue;
      for (let k = col; k < n; k++) a[row * n + k] = (a[row * n + k] as number) - f * (a[col * n + k] as number);
      b[row] = (b[row] as number) - f * (b[col] as number);
    }
  }
  const x = new Float64Array(n);
  for (let row = n - 1; row >= 0; row--) {
    let sum = b[row] as number;
    for (let k = row + 1; k < n; k++) sum -= (a[row * n + k] as number) * (x[k] as number);
    x[row] = sum / (a[row * n + row] as number);
  }
  return x;
}

/** V^π(s) = r(s, π(s)) + γ Σ_{s'} p^{π(s)}_{s,s'} V^π(s'), solved exactly. `reward` is indexed [s·|A| + a]. */
export function policyValue(mdp: DigitalMdp, reward: ArrayLike<number>, policy: ArrayLike<number>, gamma: number): Float64Array {
  const n = mdp.states;
  const a = new Float64Array(n * n);
  const b = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    const act = policy[s] as number;
    b[s] = reward[s * mdp.actions + act] as number;
    const row = (s * mdp.actions + act) * n;
    for (let next = 0; next < n; next++) a[s * n + next] = (s === next ? 1 : 0) - gamma * (mdp.transitions[row + next] as number);
  }
  return solve(a, b, n);
}

/** Q(s, a) = r(s, a) + γ Σ_{s'} p^a_{s,s'} V(s'). */
export function actionValues(mdp: DigitalMdp, reward: ArrayLike<number>, v: ArrayLike<number>, gamma: number): Float64Array {
  const { states, actions } = mdp;
  const q = new Float64Array(states * actions);
  for (let sa = 0; sa < states * actions; sa++) {
    let expected = 0;
    for (let next = 0; next < states; next++) expected += (mdp.transitions[sa * states + next] as number) * (v[next] as number);
    q[sa] = (reward[sa] as number) + gamma * expected;
  }
  return q;
}

/** Optimal policy and value by policy iteration (exact; terminates in a few sweeps on |S| = 20). */
export function optimalPolicy(mdp: DigitalMdp, reward: ArrayLike<number>, gamma: number): { policy: Int32Array; value: Float64Array } {
  const policy = new Int32Array(mdp.states);
  for (let sweep = 0; sweep < 1000; sweep++) {
    const value = policyValue(mdp, reward, policy, gamma);
    const q = actionValues(mdp, reward, value, gamma);
    let changed = false;
    for (let s = 0; s < mdp.states; s++) {
      let best = policy[s] as number;
      // Switch only on a clear improvement so rounding cannot make it cycle.
      for (let a = 0; a < mdp.actions; a++) if ((q[s * mdp.actions + a] as number) > (q[s * mdp.actions + best] as number) + 1e-12) best = a;
      if (best !== policy[s]) {
        policy[s] = best;
        changed = true;
      }
    }
    if (!changed) return { policy, value };
  }
  throw new TabularInputError('policy iteration did not converge in 1000 sweeps');
}
