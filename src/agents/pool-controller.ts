// The controller of the algorithms that are SAC learners in a pool plus, optionally, something done after the local
// updates (ISAC: nothing; Avg-MASAC, RSM-MASAC: communication rounds). It holds the learners (PooledLearners) and
// the algorithm's part; the plumbing every such controller needs is written here once.
import type { ActPhase, AgentSpaces, Controller, StepContext, Transition } from './controller.js';
import type { TrainingDiagnostics } from './diagnostics.js';
import type { LearnerInit } from './learner-init.js';
import type { AgentPool } from './pool.js';
import type { Fields } from './pool-state.js';
import { PooledLearners } from './pooled-learners.js';
import type { SacConfig } from './sac/config.js';

/** What an algorithm adds to local learning (P: the learners it works on, AgentPool for SAC, PpoPool for PPO). */
export interface PoolAlgorithm<P = AgentPool> {
  /** Its episodes.csv columns, in order. */
  readonly metricColumns: readonly string[];
  /** After the learners' due updates of a training step (Alg. 1 l. 21–24: communication rounds). */
  afterUpdate(pool: P, ctx: StepContext): void;
  /** Values of `metricColumns` for the episode that ended; the counts start again. */
  episodeMetrics(policyParameters: number): Readonly<Record<string, number>>;
  /** Its own state for checkpoints (RNG words, schedules). */
  state(): Readonly<Record<string, unknown>>;
  /** Restores what `state` returned; throws a CheckpointError naming `dir` when it is not there. */
  restore(saved: Fields, dir: string): void;
  dispose(): void;
}

export class PoolController implements Controller {
  readonly drives = true;
  readonly metricColumns: readonly string[];
  private readonly learners: PooledLearners;

  constructor(readonly id: string, spaces: AgentSpaces, readonly config: SacConfig, seed: number, private readonly algorithm: PoolAlgorithm | null = null) {
    this.learners = new PooledLearners(id, spaces, config, config, seed);
    this.metricColumns = algorithm?.metricColumns ?? [];
  }

  /** The learners (read-only use: tests, metrics, benchmarks). */
  get pool(): AgentPool {
    return this.learners.pool;
  }

  get policyParameters(): number {
    return this.learners.policyParameters;
  }

  act(agentIds: readonly string[], obs: Float32Array, phase: ActPhase): Float32Array {
    return this.learners.act(agentIds, obs, phase);
  }

  observe(transitions: readonly Transition[]): void {
    this.learners.observe(transitions);
  }

  /** Local learning (Alg. 1 l. 12–20), then the algorithm's part (l. 21–24). */
  update(ctx: StepContext): number {
    if (ctx.phase !== 'train') return 0;
    const taken = this.learners.update();
    this.algorithm?.afterUpdate(this.learners.pool, ctx);
    return taken;
  }

  endEpisode(_ctx: StepContext): void {}

  startFrom(init: LearnerInit): void {
    this.learners.startFrom(init);
  }

  episodeMetrics(): Readonly<Record<string, number>> {
    return this.algorithm?.episodeMetrics(this.policyParameters) ?? {};
  }

  diagnostics(): TrainingDiagnostics {
    return this.learners.diagnostics();
  }

  async save(dir: string): Promise<void> {
    await this.learners.save(dir, this.algorithm?.state() ?? {});
  }

  /** Replaces the learners by the checkpoint's; refuses one written by another controller or with another config. */
  async load(dir: string): Promise<void> {
    const { algorithm } = this;
    await this.learners.load(dir, algorithm === null ? undefined : (extra) => algorithm.restore(extra, dir));
  }

  dispose(): void {
    this.learners.dispose();
    this.algorithm?.dispose();
  }
}
