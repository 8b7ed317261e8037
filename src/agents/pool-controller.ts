// The controller of the algorithms that are learners in a pool plus, optionally, something done after the local
// updates (ISAC, IPPO: nothing; Avg-MASAC, RSM-MASAC, Avg-MAPPO, RSM-MAPPO: communication rounds). It holds the
// learners (Learners) and the algorithm's part; the plumbing every such controller needs is written here once, for
// SAC pools (PoolController) and PPO pools (PpoController, src/agents/ppo/ppo-controller.ts).
import type { AgentSpaces, Controller, StepContext } from './controller.js';
import type { LearnerInit } from './learner-init.js';
import type { LearnerPool, Learners } from './learners.js';
import { LearnersController } from './learners-controller.js';
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

/** Learners that take their due updates on their own (no batch hook). */
export interface UpdatingLearners<P extends LearnerPool> extends Learners<P> {
  update(): number;
}

/** Learners of any pool kind plus an optional PoolAlgorithm (`config`: the controller's whole config). */
export class AlgorithmPoolController<P extends LearnerPool, C extends object, L extends UpdatingLearners<P>> extends LearnersController<P, L> implements Controller {
  readonly metricColumns: readonly string[];

  constructor(readonly id: string, readonly config: C, learners: L, private readonly algorithm: PoolAlgorithm<P> | null) {
    super(learners);
    this.metricColumns = algorithm?.metricColumns ?? [];
  }

  /** Local learning (Alg. 1 l. 12–20), then the algorithm's part (l. 21–24). */
  update(ctx: StepContext): number {
    if (ctx.phase !== 'train') return 0;
    const taken = this.learners.update();
    this.algorithm?.afterUpdate(this.learners.pool, ctx);
    return taken;
  }

  endEpisode(_ctx: StepContext): void {}

  episodeMetrics(): Readonly<Record<string, number>> {
    return this.algorithm?.episodeMetrics(this.policyParameters) ?? {};
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

/** SAC learners in an AgentPool (ISAC, Avg-MASAC, RSM-MASAC). */
export class PoolController extends AlgorithmPoolController<AgentPool, SacConfig, PooledLearners> {
  constructor(id: string, spaces: AgentSpaces, config: SacConfig, seed: number, algorithm: PoolAlgorithm | null = null) {
    super(id, config, new PooledLearners(id, spaces, config, config, seed), algorithm);
  }

  startFrom(init: LearnerInit): void {
    this.learners.startFrom(init);
  }
}
