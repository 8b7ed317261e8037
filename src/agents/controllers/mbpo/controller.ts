// MBPO (Janner et al. 2019) per CAV, the model-based baseline of MA-PMBRL's Fig. 3: an ensemble of Gaussian models
// refitted every 250 env steps, each refit followed by rollouts from D_E states through random elites with MBPO's
// rollout-length schedule, SAC on 5 % real / 95 % model data. No pessimism, no communication.
import type { AgentSpaces, StepContext } from '../../controller.js';
import type { WorldModelFactory } from '../../models/world-model.js';
import { ModelBasedAgents } from '../../models/model-based-agents.js';
import { gaussianModelConfig } from '../../models/model-based-config.js';
import { ModelBasedController } from '../../models/model-based-controller.js';
import type { ModelBasedAlgorithm } from '../../models/model-based-controller.js';
import type { UtilityMetrics } from '../../models/travel-distance.js';
import type { MbpoConfig } from './config.js';
import { GaussianEnsemble } from './ensemble.js';

export const MBPO_COLUMNS = [
  'model_loss', // held-out Gaussian NLL per target dimension of the elites, mean over the learners fitted
  'travel_distance', // m per learner in the episode
  'utility', // MA-PMBRL eq. (21), m per step per learner
] as const;

/** MBPO's end of episode: the refits that are due, and the episode's model loss and travel metrics. */
class MbpoEpisodes implements ModelBasedAlgorithm<GaussianEnsemble> {
  readonly metricColumns = MBPO_COLUMNS;

  constructor(private readonly config: MbpoConfig) {}

  /**
   * Refits happen every `modelRefitEvery` env steps inside `update`; here only after the random episode (MBPO trains
   * its first model on the exploration data) or, with `modelRefitEvery` null, once per episode. The episode's
   * model loss is the last fit of each learner.
   */
  endEpisode(learners: ModelBasedAgents<GaussianEnsemble>, ctx: StepContext, travel: UtilityMetrics): Readonly<Record<string, number>> {
    const losses: number[] = [];
    if (ctx.phase === 'train') {
      const slots = Array.from({ length: learners.slotCount }, (_, k) => k);
      const refits = this.config.modelRefitEvery === null || learners.exploring ? learners.refit(slots) : null;
      for (const k of slots) {
        const fit = refits === null ? learners.slot(k).lastFit : refits.get(k) ?? null;
        if (fit !== null && Number.isFinite(fit.heldOutLoss)) losses.push(fit.heldOutLoss);
      }
    }
    return {
      model_loss: losses.length === 0 ? Number.NaN : losses.reduce((s, v) => s + v, 0) / losses.length,
      travel_distance: travel.distancePerLearner,
      utility: travel.utility,
    };
  }

  state(): Readonly<Record<string, unknown>> {
    return {};
  }

  restore(): void {}
}

export type MbpoController = ModelBasedController<GaussianEnsemble>;

/** A learner's ensemble (also what a learner worker builds to fit one, controllers/learner-rounds.ts). */
export function mbpoModels(spaces: AgentSpaces, config: MbpoConfig): WorldModelFactory<GaussianEnsemble> {
  const modelConfig = gaussianModelConfig(config);
  return (rng) => new GaussianEnsemble(spaces.obsDim, spaces.actionBounds.low.length, modelConfig, config.ensembleSize, config.elites, rng);
}

export function createMbpoController(spaces: AgentSpaces, config: MbpoConfig, seed: number): MbpoController {
  const learners = new ModelBasedAgents(spaces, config, seed, mbpoModels(spaces, config), 'mbpo');
  return new ModelBasedController('mbpo', config, learners, new MbpoEpisodes(config));
}
