// The gradients of SAC's critic and actor losses (eqs. 6–8) computed without the tfjs engine: MLP passes on
// Float32Arrays with OpenBLAS products (src/nn/direct-mlp.ts) and the squashed-Gaussian head by hand. Used by
// SacCore when the addon serves the wasm backend; the same math as the tfjs path (test/agents/sac-direct.test.ts
// compares them). Weights are read in place through views of the tfjs variables; the optimiser applies the grads.
import { MlpWorkspace, NetGrads, viewsOf } from '../../nn/direct-mlp.js';
import type { NativeBlas } from '../../nn/native-blas.js';
import { HALF_LOG_2PI, sigmoid, softplus } from '../../nn/scalar-math.js';
import { STD_FLOOR } from '../../nn/squashed-gaussian.js';
import type { ActionBounds } from '../../nn/squashed-gaussian.js';
import type { ReplayBatch } from '../replay.js';
import type { GradientStep, SacGradients, SacNets } from './gradients.js';


const NOTHING_TO_RELEASE = (): void => undefined;

export class DirectSacGradients implements SacGradients {
  private readonly actorWs: MlpWorkspace;
  private readonly criticWs1: MlpWorkspace;
  private readonly criticWs2: MlpWorkspace;
  private readonly criticGrads1: NetGrads;
  private readonly criticGrads2: NetGrads;
  private readonly actorGrads: NetGrads;
  private readonly scale: Float64Array;
  private readonly offset: Float64Array;
  private readonly logScaleSum: number;
  private readonly actionDim: number;
  private readonly obsDim: number;
  // Per-row scratch, sized for maxRows.
  private readonly criticIn: Float32Array;
  private readonly target: Float32Array;
  private readonly dq: Float32Array;
  private readonly dq2: Float32Array;
  private readonly dHead: Float32Array;
  private readonly u: Float32Array;
  private readonly std: Float32Array;
  private readonly logProb: Float32Array;

  constructor(blas: NativeBlas, private readonly nets: SacNets, bounds: ActionBounds, readonly maxRows: number, private readonly twin = true) {
    this.actionDim = bounds.low.length;
    this.obsDim = nets.actor.inputSize;
    this.actorWs = new MlpWorkspace(blas, nets.actor.sizes, maxRows);
    this.criticWs1 = new MlpWorkspace(blas, nets.critic1.sizes, maxRows);
    this.criticWs2 = new MlpWorkspace(blas, nets.critic2.sizes, maxRows);
    this.criticGrads1 = new NetGrads(nets.critic1.sizes);
    this.criticGrads2 = new NetGrads(nets.critic2.sizes);
    this.actorGrads = new NetGrads(nets.actor.sizes);
    this.scale = Float64Array.from(bounds.low, (l, i) => ((bounds.high[i] ?? l) - l) / 2);
    this.offset = Float64Array.from(bounds.low, (l, i) => ((bounds.high[i] ?? l) + l) / 2);
    this.logScaleSum = Array.from(this.scale).reduce((s, x) => s + Math.log(x), 0);
    const a = this.actionDim;
    this.criticIn = new Float32Array(maxRows * (this.obsDim + a));
    this.target = new Float32Array(maxRows);
    this.dq = new Float32Array(maxRows);
    this.dq2 = new Float32Array(maxRows);
    this.dHead = new Float32Array(maxRows * 2 * a);
    this.u = new Float32Array(maxRows * a);
    this.std = new Float32Array(maxRows * a);
    this.logProb = new Float32Array(maxRows);
  }

  /** Reparameterised actions of the actor's head into criticIn[:, obsDim:], with log π in this.logProb. */
  private sample(head: Float32Array, noise: Float32Array, rows: number): void {
    const a = this.actionDim;
    const width = this.obsDim + a;
    for (let r = 0; r < rows; r++) {
      let logProb = -this.logScaleSum;
      for (let d = 0; d < a; d++) {
        const mean = head[r * 2 * a + d] as number;
        const std = softplus(head[r * 2 * a + a + d] as number) + STD_FLOOR;
        const eps = noise[r * a + d] as number;
        const u = mean + std * eps;
        this.u[r * a + d] = u;
        this.std[r * a + d] = std;
        this.criticIn[r * width + this.obsDim + d] = (this.scale[d] as number) * Math.tanh(u) + (this.offset[d] as number);
        // log N(u; μ, σ) − log(1 − tanh²u), the latter as 2(log 2 − u − softplus(−2u)) (SquashedGaussian)
        logProb += -0.5 * eps * eps - Math.log(std) - HALF_LOG_2PI - 2 * (Math.LN2 - u - softplus(-2 * u));
      }
      this.logProb[r] = logProb;
    }
  }

  private fillObs(obs: Float32Array, rows: number): void {
    const width = this.obsDim + this.actionDim;
    for (let r = 0; r < rows; r++) this.criticIn.set(obs.subarray(r * this.obsDim, (r + 1) * this.obsDim), r * width);
  }

  /** ∇ of J_Q(ω1) + J_Q(ω2) (eq. 6) for the critics' variables (critic1's, then critic2's), and the loss. */
  critic(batch: ReplayBatch, noiseNext: Float32Array, alpha: number, gamma: number): GradientStep {
    const n = batch.size;
    const { nets } = this;
    // Q̂ = r + γ(1 − d)[min_x Q_ω̄x(s', a') − α log π(a'|s')], a' ~ π(·|s')
    const head = this.actorWs.forward(batch.nextObs, n, viewsOf(nets.actor));
    this.fillObs(batch.nextObs, n);
    this.sample(head, noiseNext, n);
    const x = this.criticIn.subarray(0, n * (this.obsDim + this.actionDim));
    const qt1 = this.criticWs1.forward(x, n, viewsOf(nets.target1));
    const qt2 = this.criticWs2.forward(x, n, viewsOf(nets.target2));
    for (let r = 0; r < n; r++) {
      const qNext = (this.twin ? Math.min(qt1[r] as number, qt2[r] as number) : (qt1[r] as number)) - alpha * (this.logProb[r] as number);
      this.target[r] = (batch.rewards[r] as number) + gamma * (1 - (batch.terminated[r] as number)) * qNext;
    }
    // ½ E[(Q_ωx(s, a) − Q̂)²] for both critics; dL/dq = (q − Q̂)/n
    this.fillObs(batch.obs, n);
    const a = this.actionDim;
    const width = this.obsDim + a;
    for (let r = 0; r < n; r++) for (let d = 0; d < a; d++) this.criticIn[r * width + this.obsDim + d] = batch.actions[r * a + d] as number;
    const p1 = viewsOf(nets.critic1);
    const p2 = viewsOf(nets.critic2);
    const q1 = this.criticWs1.forward(x, n, p1);
    const q2 = this.criticWs2.forward(x, n, p2);
    let loss = 0;
    for (let r = 0; r < n; r++) {
      const e1 = (q1[r] as number) - (this.target[r] as number);
      const e2 = (q2[r] as number) - (this.target[r] as number);
      loss += e1 * e1 + e2 * e2;
      this.dq[r] = e1 / n;
      this.dq2[r] = e2 / n;
    }
    this.criticWs1.backward(this.dq.subarray(0, n), p1, this.criticGrads1.layers, false);
    this.criticWs2.backward(this.dq2.subarray(0, n), p2, this.criticGrads2.layers, false);
    return { loss: (0.5 * loss) / n, logPiMean: Number.NaN, grads: [...this.criticGrads1.flat, ...this.criticGrads2.flat], release: NOTHING_TO_RELEASE };
  }

  /** ∇θ of J_π(θ) = E[α log π(a|s) − min_x Q_ωx(s, a)] (eqs. 7–8), the loss and E[log π]. */
  actor(obs: Float32Array, noise: Float32Array, n: number, alpha: number): GradientStep {
    const { nets } = this;
    const a = this.actionDim;
    const width = this.obsDim + a;
    const pa = viewsOf(nets.actor);
    const head = this.actorWs.forward(obs, n, pa);
    this.fillObs(obs, n);
    this.sample(head, noise, n);
    const x = this.criticIn.subarray(0, n * width);
    const p1 = viewsOf(nets.critic1);
    const p2 = viewsOf(nets.critic2);
    const q1 = this.criticWs1.forward(x, n, p1);
    const q2 = this.criticWs2.forward(x, n, p2);
    let loss = 0;
    let logPiSum = 0;
    for (let r = 0; r < n; r++) {
      const lp = this.logProb[r] as number;
      const first = !this.twin || (q1[r] as number) <= (q2[r] as number); // tf.minimum sends ties to its first input
      loss += alpha * lp - (first ? (q1[r] as number) : (q2[r] as number));
      logPiSum += lp;
      this.dq[r] = first ? -1 / n : 0;
      this.dq2[r] = first ? 0 : -1 / n;
    }
    // Only the critics' input gradients: their weights are not optimised by this loss. (Each workspace owns
    // its input-gradient buffer, so dx1 survives the second backward.)
    const dx1 = this.criticWs1.backward(this.dq.subarray(0, n), p1, null, true) as Float32Array;
    const dx2 = this.criticWs2.backward(this.dq2.subarray(0, n), p2, null, true) as Float32Array;
    const dLogPi = alpha / n;
    for (let r = 0; r < n; r++) {
      for (let d = 0; d < a; d++) {
        const i = r * a + d;
        const u = this.u[i] as number;
        const std = this.std[i] as number;
        const t = Math.tanh(u);
        const dAction = (dx1[r * width + this.obsDim + d] as number) + (dx2[r * width + this.obsDim + d] as number);
        // a = scale·tanh(u) + offset; ∂ log π/∂u = 2 tanh u (the tanh correction; the Gaussian part's u-terms
        // cancel under the reparameterisation u = μ + σδ); ∂ log π/∂σ = −1/σ; σ = softplus(x) + floor.
        const dU = dAction * (this.scale[d] as number) * (1 - t * t) + dLogPi * 2 * t;
        const dStd = dU * (noise[i] as number) - dLogPi / std;
        this.dHead[r * 2 * a + d] = dU;
        this.dHead[r * 2 * a + a + d] = dStd * sigmoid(head[r * 2 * a + a + d] as number);
      }
    }
    this.actorWs.backward(this.dHead.subarray(0, n * 2 * a), pa, this.actorGrads.layers, false);
    return { loss: loss / n, logPiMean: logPiSum / n, grads: this.actorGrads.flat, release: NOTHING_TO_RELEASE };
  }
}
