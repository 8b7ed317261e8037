// MA-PMBRL (Wen et al., Algorithm 1): per CAV, SAC on real ∪ model data with a pessimistic dynamics model, and
// an exchange of the episode's samples with the CAVs in range d at the end of each episode.
import type { AgentSpaces, Controller, Phase, StepContext, Transition } from '../../controller.js';
import { readCheckpoint, writeCheckpoint } from '../../checkpoint.js';
import { CheckpointError } from '../../errors.js';
import { ModelBasedAgents } from '../../models/model-based-agents.js';
import { gaussianModelConfig } from '../../models/model-based-config.js';
import { LossyChannel } from '../../../comm/channel.js';
import { MAX_EXACT_CLIQUE_COVER, minimumCliqueCover } from '../../../comm/clique-cover.js';
import { rangeGraph } from '../../../comm/range-graph.js';
import { Rng } from '../../../util/rng.js';
import { parseModelBasedState } from '../model-based-state.js';
import type { MaPmbrlConfig } from './config.js';
import { softStateValue } from './model-value.js';
import { pessimise } from './pessimism.js';
import { PessimisticModel } from './pessimistic-model.js';
import { floatsPerTransition, planExchange } from './sample-exchange.js';
import type { ExchangeParticipant } from './sample-exchange.js';
import { TravelDistance } from './utility.js';

/** Controller-level RNG streams (below the pool's 1000 + 3k, see pool.ts). */
const EXCHANGE_STREAM = 900;
const PESSIMISM_STREAM = 901;

export const MA_PMBRL_COLUMNS = [
  'model_loss', // held-out Gaussian NLL per target dimension of the MLE models, mean over the learners fitted
  'pgd_kl', // E KL(T̃_ϕ ‖ T_MLE) of the kept PGD iterates, mean over learners (≤ ξ)
  'pgd_value_drop', // J(ϕ_MLE) − J(ϕ_kept): how much the pessimistic model lowers the one-step value, mean
  'samples_received', // transitions received in the exchange, all learners
  'comm_bytes', // bytes received in the exchange, all learners
  'clique_cover', // minimum clique cover number of the range graph at the episode's end (Fig. 6)
  'travel_distance', // m per learner in the episode (Σ_i Λx^(i) / I)
  'utility', // eq. (21), m per step per learner
] as const;

type Metrics = Record<(typeof MA_PMBRL_COLUMNS)[number], number>;

export class MaPmbrlController implements Controller {
  readonly id = 'ma-pmbrl';
  readonly drives = true;
  readonly metricColumns = MA_PMBRL_COLUMNS;
  readonly config: MaPmbrlConfig;
  private readonly spaces: AgentSpaces;
  private readonly learners: ModelBasedAgents<PessimisticModel>;
  private readonly channelRng: Rng;
  private readonly pessimismRng: Rng;
  private readonly distance = new TravelDistance();
  private metrics: Metrics = emptyMetrics();

  constructor(spaces: AgentSpaces, config: MaPmbrlConfig, seed: number) {
    this.spaces = spaces;
    this.config = config;
    const actionDim = spaces.actionBounds.low.length;
    const modelConfig = gaussianModelConfig(config);
    this.learners = new ModelBasedAgents(spaces, config, seed, (rng) => new PessimisticModel(spaces.obsDim, actionDim, modelConfig, rng));
    this.channelRng = new Rng(seed, EXCHANGE_STREAM);
    this.pessimismRng = new Rng(seed, PESSIMISM_STREAM);
  }

  /** The learners (read-only use: tests and metrics). */
  get agents(): ModelBasedAgents<PessimisticModel> {
    return this.learners;
  }

  get policyParameters(): number {
    return this.learners.agents.actorParameterCount;
  }

  act(agentIds: readonly string[], obs: Float32Array, phase: Phase): Float32Array {
    return this.learners.act(agentIds, obs, phase);
  }

  observe(transitions: readonly Transition[]): void {
    this.learners.observe(transitions);
  }

  /** Alg. 1 inner loop: an L-step rollout in T̃ϕ from each learner's s_t, then SAC on D_E ∪ D_T̃ϕ, every env step. */
  update(ctx: StepContext): number {
    this.distance.observe(ctx.step, ctx.positions);
    return ctx.phase === 'train' ? this.learners.update() : 0;
  }

  /**
   * End of episode k: exchange the episode's samples within range d (eq. 3), then for each CAV fit T_MLE on its
   * D_E (Sec. 4.1) and move it to the pessimistic T̃_ϕ by X steps of PGD (eqs. 6–7) for the next episode.
   */
  endEpisode(ctx: StepContext): void {
    this.distance.observe(ctx.step, ctx.positions);
    const travel = this.distance.finish(ctx.horizon);
    const metrics = emptyMetrics();
    metrics.travel_distance = travel.distancePerLearner;
    metrics.utility = travel.utility;
    const participants = this.participants(ctx);
    const range = this.config.range ?? ctx.communicationRange;
    if (ctx.phase === 'train') {
      const plan = planExchange(participants, range, new LossyChannel(this.config.prr, this.channelRng), floatsPerTransition(this.spaces.obsDim, this.spaces.actionBounds.low.length));
      for (const record of plan.records) ctx.comm.record(record);
      this.deliver(plan.deliveries);
      metrics.samples_received = plan.records.reduce((n, r) => n + r.samples, 0);
      metrics.comm_bytes = plan.records.reduce((n, r) => n + r.bytes, 0);
      metrics.clique_cover = cliqueCover(plan.graph);
      this.refreshModels(metrics);
    } else {
      // No exchange outside training; the range graph is still reported.
      metrics.clique_cover = cliqueCover(rangeGraph(participants, range));
    }
    this.learners.finishEpisode(ctx.phase);
    this.metrics = metrics;
  }

  episodeMetrics(): Readonly<Record<string, number>> {
    return this.metrics;
  }

  async save(dir: string): Promise<void> {
    await writeCheckpoint(dir, { controller: this.id, config: { ...this.config }, learners: await this.learners.state(), channel: this.channelRng.state(), pessimism: this.pessimismRng.state() });
  }

  async load(dir: string): Promise<void> {
    const data = await readCheckpoint(dir);
    if (typeof data !== 'object' || data === null || !('controller' in data) || data.controller !== this.id) throw new CheckpointError(dir, `was not written by '${this.id}'`);
    if (!('config' in data) || JSON.stringify(data.config) !== JSON.stringify({ ...this.config })) throw new CheckpointError(dir, 'was written with other hyper-parameters; resume with the same config');
    try {
      await this.learners.loadState(parseModelBasedState('learners' in data ? data.learners : undefined));
      this.channelRng.restore(words('channel' in data ? data.channel : undefined));
      this.pessimismRng.restore(words('pessimism' in data ? data.pessimism : undefined));
    } catch (error) {
      if (error instanceof CheckpointError) throw error;
      throw new CheckpointError(dir, error instanceof Error ? error.message : String(error), { cause: error });
    }
  }

  dispose(): void {
    this.learners.dispose();
  }

  /** CAVs in the network at the episode's end that have a learner, in slot order. */
  private participants(ctx: StepContext): ExchangeParticipant[] {
    const out: (ExchangeParticipant & { slot: number })[] = [];
    for (const [id, p] of ctx.positions) {
      const slot = this.learners.slotOf(id);
      if (slot === undefined || slot >= this.learners.slotCount) continue;
      out.push({ id, x: p.x, y: p.y, samples: this.learners.slot(slot).episode.length, slot });
    }
    return out.sort((a, b) => a.slot - b.slot);
  }

  /** D_E^(i) ← D_E^(i) ∪ the senders' episodes (eq. 3). */
  private deliver(deliveries: readonly { from: string; to: string }[]): void {
    for (const d of deliveries) {
      const from = this.learners.slotOf(d.from);
      const to = this.learners.slotOf(d.to);
      if (from === undefined || to === undefined) continue;
      for (const t of this.learners.slot(from).episode) this.learners.addReal(to, t);
    }
  }

  /** Fit T_MLE, then PGD toward the pessimistic T̃_ϕ, learner by learner (slot order). */
  private refreshModels(metrics: Metrics): void {
    const losses: number[] = [];
    const kls: number[] = [];
    const drops: number[] = [];
    for (let k = 0; k < this.learners.slotCount; k++) {
      const fit = this.learners.fitModel(k);
      if (fit === null) continue;
      if (Number.isFinite(fit.heldOutLoss)) losses.push(fit.heldOutLoss);
      if (this.config.pgdSteps === 0) continue;
      const { core, real, model } = this.learners.slot(k);
      const n = Math.min(this.config.pessimismBatch, real.size);
      const obs = real.sample(n, this.pessimismRng).obs;
      const result = pessimise(
        model.gaussian,
        { size: n, obs, actions: core.act(obs, false) },
        softStateValue(core, n, this.pessimismRng),
        { steps: this.config.pgdSteps, lr: this.config.pgdLr, radius: this.config.klRadius, bisectionSteps: this.config.bisectionSteps, choice: this.config.iterate, gamma: this.config.gamma },
        this.pessimismRng,
      );
      kls.push(result.chosen.kl);
      drops.push(result.mle.objective - result.chosen.objective);
    }
    metrics.model_loss = mean(losses);
    metrics.pgd_kl = mean(kls);
    metrics.pgd_value_drop = mean(drops);
  }
}

function emptyMetrics(): Metrics {
  return { model_loss: Number.NaN, pgd_kl: Number.NaN, pgd_value_drop: Number.NaN, samples_received: 0, comm_bytes: 0, clique_cover: Number.NaN, travel_distance: 0, utility: 0 };
}

/** Exact minimum clique cover (NaN above the exact solver's size). */
function cliqueCover(graph: Parameters<typeof minimumCliqueCover>[0]): number {
  return graph.size <= MAX_EXACT_CLIQUE_COVER ? minimumCliqueCover(graph) : Number.NaN;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((s, v) => s + v, 0) / values.length;
}

function words(value: unknown): number[] {
  if (!Array.isArray(value) || !value.every((w): w is number => typeof w === 'number')) throw new CheckpointError('(rng)', 'expected a list of RNG words');
  return value;
}
