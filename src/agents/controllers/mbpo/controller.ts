// MBPO (Janner et al. 2019) per CAV, the model-based baseline of MA-PMBRL's Fig. 3: an ensemble of Gaussian models
// refitted every 250 env steps, each refit followed by rollouts from D_E states through random elites with MBPO's
// rollout-length schedule, SAC on 5 % real / 95 % model data. No pessimism, no communication.
import type { AgentSpaces, Controller, Phase, StepContext, Transition } from '../../controller.js';
import { readCheckpoint, writeCheckpoint } from '../../checkpoint.js';
import { CheckpointError } from '../../errors.js';
import { ModelBasedAgents } from '../../models/model-based-agents.js';
import { gaussianModelConfig } from '../../models/model-based-config.js';
import { parseModelBasedState } from '../model-based-state.js';
import { TravelDistance } from '../ma-pmbrl/utility.js';
import type { MbpoConfig } from './config.js';
import { GaussianEnsemble } from './ensemble.js';

export const MBPO_COLUMNS = [
  'model_loss', // held-out Gaussian NLL per target dimension of the elites, mean over the learners fitted
  'travel_distance', // m per learner in the episode
  'utility', // MA-PMBRL eq. (21), m per step per learner
] as const;

export class MbpoController implements Controller {
  readonly id = 'mbpo';
  readonly drives = true;
  readonly metricColumns = MBPO_COLUMNS;
  readonly config: MbpoConfig;
  private readonly learners: ModelBasedAgents<GaussianEnsemble>;
  private readonly distance = new TravelDistance();
  private metrics: Record<(typeof MBPO_COLUMNS)[number], number> = { model_loss: Number.NaN, travel_distance: 0, utility: 0 };

  constructor(spaces: AgentSpaces, config: MbpoConfig, seed: number) {
    this.config = config;
    const actionDim = spaces.actionBounds.low.length;
    const modelConfig = gaussianModelConfig(config);
    this.learners = new ModelBasedAgents(spaces, config, seed, (rng) => new GaussianEnsemble(spaces.obsDim, actionDim, modelConfig, config.ensembleSize, config.elites, rng));
  }

  get agents(): ModelBasedAgents<GaussianEnsemble> {
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

  update(ctx: StepContext): number {
    this.distance.observe(ctx.step, ctx.positions);
    return ctx.phase === 'train' ? this.learners.update() : 0;
  }

  /**
   * Refits happen every `modelRefitEvery` env steps inside `update`; here only after the random episode (MBPO trains
   * its first model on the exploration data) or, with `modelRefitEvery` null, once per episode. The episode's
   * model loss is the last fit of each learner.
   */
  endEpisode(ctx: StepContext): void {
    this.distance.observe(ctx.step, ctx.positions);
    const travel = this.distance.finish(ctx.horizon);
    const losses: number[] = [];
    if (ctx.phase === 'train') {
      const refit = this.config.modelRefitEvery === null || this.learners.exploring;
      for (let k = 0; k < this.learners.slotCount; k++) {
        const fit = refit ? this.learners.refit(k) : this.learners.slot(k).lastFit;
        if (fit !== null && Number.isFinite(fit.heldOutLoss)) losses.push(fit.heldOutLoss);
      }
    }
    this.learners.finishEpisode(ctx.phase);
    this.metrics = {
      model_loss: losses.length === 0 ? Number.NaN : losses.reduce((s, v) => s + v, 0) / losses.length,
      travel_distance: travel.distancePerLearner,
      utility: travel.utility,
    };
  }

  episodeMetrics(): Readonly<Record<string, number>> {
    return this.metrics;
  }

  async save(dir: string): Promise<void> {
    await writeCheckpoint(dir, { controller: this.id, config: { ...this.config }, learners: await this.learners.state() });
  }

  async load(dir: string): Promise<void> {
    const data = await readCheckpoint(dir);
    if (typeof data !== 'object' || data === null || !('controller' in data) || data.controller !== this.id) throw new CheckpointError(dir, `was not written by '${this.id}'`);
    if (!('config' in data) || JSON.stringify(data.config) !== JSON.stringify({ ...this.config })) throw new CheckpointError(dir, 'was written with other hyper-parameters; resume with the same config');
    try {
      await this.learners.loadState(parseModelBasedState('learners' in data ? data.learners : undefined));
    } catch (error) {
      if (error instanceof CheckpointError) throw error;
      throw new CheckpointError(dir, error instanceof Error ? error.message : String(error), { cause: error });
    }
  }

  dispose(): void {
    this.learners.dispose();
  }
}
