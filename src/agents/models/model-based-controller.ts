// The controller of the model-based algorithms (MBPO, MA-PMBRL): it holds the learners (ModelBasedAgents: SAC on real
// and model data) and the algorithm's end-of-episode part (MBPO's refits, MA-PMBRL's exchange and pessimism); the
// plumbing both need — delegation, travel distance and utility, diagnostics, checkpoints — is written here once.
import type { ActPhase, Controller, StepContext, Transition } from '../controller.js';
import { readControllerCheckpoint, restoring, writeControllerCheckpoint } from '../controller-checkpoint.js';
import type { TrainingDiagnostics } from '../diagnostics.js';
import type { Fields } from '../pool-state.js';
import type { ModelBasedAgents, WorldModel } from './model-based-agents.js';
import type { ModelBasedConfig } from './model-based-config.js';
import { parseModelBasedState } from './model-based-state.js';
import { TravelDistance } from './travel-distance.js';
import type { UtilityMetrics } from './travel-distance.js';

/** What an algorithm does at the end of each episode, and its own checkpointed state. */
export interface ModelBasedAlgorithm<M extends WorldModel> {
  /** Its episodes.csv columns, in order. */
  readonly metricColumns: readonly string[];
  /** End-of-episode work (before the learners forget the episode); returns the episode's metrics. */
  endEpisode(learners: ModelBasedAgents<M>, ctx: StepContext, travel: UtilityMetrics): Readonly<Record<string, number>>;
  /** Fields it adds to the checkpoint (RNG words). */
  state(): Readonly<Record<string, unknown>>;
  /** Restores them from the checkpoint's fields. */
  restore(saved: Fields): void;
}

export class ModelBasedController<M extends WorldModel> implements Controller {
  readonly drives = true;
  readonly metricColumns: readonly string[];
  private readonly distance = new TravelDistance();
  private metrics: Readonly<Record<string, number>> = {};

  constructor(
    readonly id: string,
    readonly config: ModelBasedConfig,
    private readonly learners: ModelBasedAgents<M>,
    private readonly algorithm: ModelBasedAlgorithm<M>,
  ) {
    this.metricColumns = algorithm.metricColumns;
  }

  /** The learners (read-only use: tests and metrics). */
  get agents(): ModelBasedAgents<M> {
    return this.learners;
  }

  get policyParameters(): number {
    return this.learners.agents.actorParameterCount;
  }

  act(agentIds: readonly string[], obs: Float32Array, phase: ActPhase): Float32Array {
    return this.learners.act(agentIds, obs, phase);
  }

  observe(transitions: readonly Transition[]): void {
    this.learners.observe(transitions);
  }

  /** The learners' due work (rollouts and SAC steps, model refits), every training step. */
  update(ctx: StepContext): number {
    this.distance.observe(ctx.step, ctx.positions);
    return ctx.phase === 'train' ? this.learners.update() : 0;
  }

  endEpisode(ctx: StepContext): void {
    this.distance.observe(ctx.step, ctx.positions);
    this.metrics = this.algorithm.endEpisode(this.learners, ctx, this.distance.finish(ctx.horizon));
    this.learners.finishEpisode(ctx.phase);
  }

  episodeMetrics(): Readonly<Record<string, number>> {
    return this.metrics;
  }

  diagnostics(): TrainingDiagnostics {
    return this.learners.agents.losses.take();
  }

  async save(dir: string): Promise<void> {
    await writeControllerCheckpoint(dir, this.id, this.config, { learners: await this.learners.state(), ...this.algorithm.state() });
  }

  async load(dir: string): Promise<void> {
    const data = await readControllerCheckpoint(dir, this.id, this.config);
    await restoring(dir, async () => {
      await this.learners.loadState(parseModelBasedState(data.learners));
      this.algorithm.restore(data);
    });
  }

  dispose(): void {
    this.learners.dispose();
  }
}
