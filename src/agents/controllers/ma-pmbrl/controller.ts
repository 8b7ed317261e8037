// MA-PMBRL (Wen et al., Algorithm 1): per CAV, SAC on real ∪ model data with a pessimistic dynamics model, and
// an exchange of the episode's samples with the CAVs in range d at the end of each episode.
import type { AgentSpaces, StepContext } from '../../controller.js';
import { CheckpointError } from '../../errors.js';
import type { WorldModelFactory } from '../../models/world-model.js';
import { ModelBasedAgents } from '../../models/model-based-agents.js';
import { gaussianModelConfig } from '../../models/model-based-config.js';
import { ModelBasedController } from '../../models/model-based-controller.js';
import type { ModelBasedAlgorithm } from '../../models/model-based-controller.js';
import type { Fields } from '../../pool-state.js';
import { LossyChannel } from '../../../comm/channel.js';
import { MAX_EXACT_CLIQUE_COVER, minimumCliqueCover } from '../../../comm/clique-cover.js';
import { RNG_STREAMS, Rng } from '../../../util/rng.js';
import type { MaPmbrlConfig } from './config.js';
import { softStateValue } from './model-value.js';
import { pessimise } from './pessimism.js';
import { PessimisticModel } from './pessimistic-model.js';
import { exchangeEpisodes, exchangeGraph } from './exchange-round.js';
import type { UtilityMetrics } from '../../models/travel-distance.js';

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
type Learners = ModelBasedAgents<PessimisticModel>;

/** MA-PMBRL's end of episode k (Alg. 1): the sample exchange within range d, then the models for the next episode. */
class MaPmbrlEpisodes implements ModelBasedAlgorithm<PessimisticModel> {
  readonly metricColumns = MA_PMBRL_COLUMNS;
  private readonly channelRng: Rng;
  private readonly pessimismRng: Rng;

  constructor(private readonly spaces: AgentSpaces, private readonly config: MaPmbrlConfig, seed: number) {
    this.channelRng = new Rng(seed, RNG_STREAMS.MA_PMBRL_EXCHANGE);
    this.pessimismRng = new Rng(seed, RNG_STREAMS.MA_PMBRL_PESSIMISM);
  }

  /**
   * End of episode k: exchange the episode's samples within range d (eq. 3), then for each CAV fit T_MLE on its
   * D_E (Sec. 4.1) and move it to the pessimistic T̃_ϕ by X steps of PGD (eqs. 6–7) for the next episode.
   */
  endEpisode(learners: Learners, ctx: StepContext, travel: UtilityMetrics): Readonly<Record<string, number>> {
    const metrics = emptyMetrics();
    metrics.travel_distance = travel.distancePerLearner;
    metrics.utility = travel.utility;
    if (ctx.phase === 'train') {
      const plan = exchangeEpisodes(learners, ctx, this.config.range, new LossyChannel(this.config.prr, this.channelRng), this.spaces);
      metrics.samples_received = plan.records.reduce((n, r) => n + r.samples, 0);
      metrics.comm_bytes = plan.records.reduce((n, r) => n + r.bytes, 0);
      metrics.clique_cover = cliqueCover(plan.graph);
      this.refreshModels(learners, metrics);
    } else {
      // No exchange outside training; the range graph is still reported.
      metrics.clique_cover = cliqueCover(exchangeGraph(learners, ctx, this.config.range).graph);
    }
    return metrics;
  }

  state(): Readonly<Record<string, unknown>> {
    return { channel: this.channelRng.state(), pessimism: this.pessimismRng.state() };
  }

  restore(saved: Fields): void {
    this.channelRng.restore(words(saved.channel));
    this.pessimismRng.restore(words(saved.pessimism));
  }

  /**
   * Fit every T_MLE (together: two at a time with fitWorkers 2), then PGD toward the pessimistic T̃_ϕ learner by
   * learner (slot order). A fit reads only its own learner's data and RNG, so fitting all first changes no number.
   */
  private refreshModels(learners: Learners, metrics: Metrics): void {
    const losses: number[] = [];
    const kls: number[] = [];
    const drops: number[] = [];
    const fits = learners.fitModels(Array.from({ length: learners.slotCount }, (_, k) => k));
    for (let k = 0; k < learners.slotCount; k++) {
      const fit = fits.get(k);
      if (fit === undefined) continue;
      if (Number.isFinite(fit.heldOutLoss)) losses.push(fit.heldOutLoss);
      if (this.config.pgdSteps === 0) continue;
      const { core, real, model } = learners.slot(k);
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


export type MaPmbrlController = ModelBasedController<PessimisticModel>;

/** A learner's pessimistic model (also what a learner worker builds to fit one, controllers/learner-rounds.ts). */
export function maPmbrlModels(spaces: AgentSpaces, config: MaPmbrlConfig): WorldModelFactory<PessimisticModel> {
  const modelConfig = gaussianModelConfig(config);
  return (rng) => new PessimisticModel(spaces.obsDim, spaces.actionBounds.low.length, modelConfig, rng);
}

export function createMaPmbrlController(spaces: AgentSpaces, config: MaPmbrlConfig, seed: number): MaPmbrlController {
  const learners = new ModelBasedAgents(spaces, config, seed, maPmbrlModels(spaces, config), 'ma-pmbrl');
  return new ModelBasedController('ma-pmbrl', config, learners, new MaPmbrlEpisodes(spaces, config, seed));
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
