// Actions of several learners' squashed-Gaussian actors in ONE call, from their flat parameter vectors
// (flat-params.ts layout: W0 [in, h1] row-major, b0, W1, b1, …). Why not tfjs: per-learner forward passes cost
// ~0.05 ms each in fixed overhead, so 9 learners took 9× one learner; the goal is ≤ 2× (issue 5). Here every
// layer of all learners is one strided-batch product (StackedMlp: the OpenBLAS addon when it loads, else plain
// Float32Array loops). The head matches SquashedGaussian: σ = softplus(x)
// + 1e-5, a = scale ⊙ tanh(μ + σ ⊙ δ) + offset (deterministic: δ = 0).
import { ShapeMismatchError } from './errors.js';
import { StackedMlp } from './stacked-mlp.js';
import type { StackedMlpOptions } from './stacked-mlp.js';
import { STD_FLOOR } from './policy-head.js';
import type { ActionBounds } from './policy-head.js';
import { HALF_LOG_2PI, softplus } from './scalar-math.js';

export type BatchedPolicyOptions = StackedMlpOptions;

export class BatchedPolicy {
  /** [obs, hidden…, 2|A|]: the actor's layer widths. */
  readonly sizes: readonly number[];
  readonly learners: number;
  readonly actionDim: number;
  /** Parameters of one actor (68,098 for the figure-eight actor). */
  readonly parameterCount: number;
  /** 'openblas' or 'js': how the products are computed. */
  readonly engine: 'openblas' | 'js';
  /** The actors' trunks, one per learner, as one stacked forward pass. */
  private readonly trunk: StackedMlp;
  private readonly scale: Float64Array;
  private readonly offset: Float64Array;

  constructor(sizes: readonly number[], learners: number, bounds: ActionBounds, options: BatchedPolicyOptions = {}) {
    if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) throw new RangeError(`BatchedPolicy sizes must be ≥ 2 positive integers, got [${sizes.join(', ')}]`);
    if (!Number.isInteger(learners) || learners < 1) throw new RangeError(`BatchedPolicy learners must be a positive integer, got ${learners}`);
    const head = sizes[sizes.length - 1] ?? 0;
    if (head !== 2 * bounds.low.length || bounds.low.length !== bounds.high.length) throw new ShapeMismatchError('BatchedPolicy head width (2·|A|)', 2 * bounds.low.length, head);
    this.sizes = [...sizes];
    this.learners = learners;
    this.actionDim = bounds.low.length;
    this.trunk = new StackedMlp(sizes, learners, options);
    this.parameterCount = this.trunk.parameterCount;
    this.engine = this.trunk.engine;
    this.scale = Float64Array.from(bounds.low, (l, i) => ((bounds.high[i] ?? l) - l) / 2);
    this.offset = Float64Array.from(bounds.low, (l, i) => ((bounds.high[i] ?? l) + l) / 2);
  }

  /** Learner k's parameters, as a writable view (e.g. `core.getActorParams(policy.paramsOf(k))`: no copy). */
  paramsOf(k: number): Float32Array {
    if (!Number.isInteger(k) || k < 0 || k >= this.learners) throw new RangeError(`BatchedPolicy learner index must be in [0, ${this.learners}), got ${k}`);
    return this.trunk.paramsOf(k);
  }

  setParams(k: number, flat: Float32Array): void {
    if (flat.length !== this.parameterCount) throw new ShapeMismatchError('BatchedPolicy actor parameters', this.parameterCount, flat.length);
    this.paramsOf(k).set(flat);
  }

  /**
   * Actions for `rows` observations per learner: obs [learners·rows·obsDim] (learner-major), noise
   * [learners·rows·|A|] standard normal, or null for the deterministic action. Returns [learners·rows·|A|].
   * `logProbs` [learners·rows], when given with noise, receives log π(a|s) of each sampled action (density in the
   * bounded action space, as SquashedGaussian's) — the behaviour log-prob RSM-MASAC's advantage weights by.
   */
  act(obs: Float32Array, noise: Float32Array | null, rows = 1, logProbs?: Float32Array): Float32Array {
    const obsDim = this.sizes[0] ?? 0;
    const k = this.learners;
    if (obs.length !== k * rows * obsDim) throw new ShapeMismatchError('BatchedPolicy observations', k * rows * obsDim, obs.length);
    if (noise !== null && noise.length !== k * rows * this.actionDim) throw new ShapeMismatchError('BatchedPolicy noise', k * rows * this.actionDim, noise.length);
    return this.head(this.trunk.forward(obs, rows), noise, rows, logProbs);
  }

  private head(h: Float32Array, noise: Float32Array | null, rows: number, logProbs?: Float32Array): Float32Array {
    const a = this.actionDim;
    const count = this.learners * rows;
    const actions = new Float32Array(count * a);
    for (let r = 0; r < count; r++) {
      let logProb = 0;
      for (let d = 0; d < a; d++) {
        const mean = h[r * 2 * a + d] as number;
        let u = mean;
        if (noise !== null) {
          const raw = h[r * 2 * a + a + d] as number;
          const std = softplus(raw) + STD_FLOOR;
          const eps = noise[r * a + d] as number;
          u = mean + std * eps;
          // log N(u; μ, σ) − log(scale·(1 − tanh²u)), the tanh term as 2(log 2 − u − softplus(−2u))
          logProb += -0.5 * eps * eps - Math.log(std) - HALF_LOG_2PI - Math.log(this.scale[d] as number) - 2 * (Math.LN2 - u - softplus(-2 * u));
        }
        actions[r * a + d] = (this.scale[d] as number) * Math.tanh(u) + (this.offset[d] as number);
      }
      if (logProbs !== undefined && noise !== null) logProbs[r] = logProb;
    }
    return actions;
  }
}
