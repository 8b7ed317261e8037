// What a pool-based controller holds (composition, STYLE.md), for any kind of learner pool (AgentPool for SAC,
// PpoPool for PPO): the pool now, its training diagnostics and its checkpoints, where a load builds a new pool and
// keeps the old one on failure. Acting and observing go to `pool` (LearnersController).
import type { ActPhase, Transition } from './controller.js';
import { readControllerCheckpoint, restoring, writeControllerCheckpoint } from './controller-checkpoint.js';
import type { TrainingDiagnostics } from './diagnostics.js';
import { record } from './pool-state.js';
import type { Fields } from './pool-state.js';

/** What every learner pool answers. */
export interface LearnerPool {
  readonly actorParameterCount: number;
  act(agentIds: readonly string[], obs: Float32Array, phase: ActPhase): Float32Array;
  observe(transitions: readonly Transition[]): void;
  dispose(): void;
}

/** How to build a kind of pool, write and read its checkpoint state, and take its training diagnostics. */
export interface PoolKind<P extends LearnerPool> {
  /** A fresh pool (the controller's seed and config). */
  create(): P;
  state(pool: P): unknown;
  /** Loads the checkpoint's `saved` pool field into the fresh `pool`; throws to refuse it. */
  loadState(pool: P, saved: unknown): void | Promise<void>;
  diagnostics(pool: P): TrainingDiagnostics;
}

export class Learners<P extends LearnerPool> {
  private current: P;

  /** `config` is the controller's whole config (recorded in checkpoints, checked on load). */
  constructor(readonly controller: string, private readonly config: object, private readonly kind: PoolKind<P>) {
    this.current = kind.create();
  }

  /** The learners now (a load replaces them: do not keep the reference). */
  get pool(): P {
    return this.current;
  }

  diagnostics(): TrainingDiagnostics {
    return this.kind.diagnostics(this.current);
  }

  /** Writes the pool and the controller's `extra` state (RNG words, schedules). */
  async save(dir: string, extra: Readonly<Record<string, unknown>> = {}): Promise<void> {
    await writeControllerCheckpoint(dir, this.controller, this.config, { pool: await this.kind.state(this.current), extra: { ...extra } });
  }

  /**
   * Replaces the learners by the checkpoint's, after `restoreExtra` accepted its `extra` (it throws to refuse); on any
   * failure the learners in use are kept.
   */
  async load(dir: string, restoreExtra: (extra: Fields) => void = () => undefined): Promise<void> {
    const data = await readControllerCheckpoint(dir, this.controller, this.config);
    const pool = this.kind.create();
    await restoring(dir, async () => {
      try {
        await this.kind.loadState(pool, data.pool);
        restoreExtra(data.extra === undefined ? {} : record(data.extra, 'extra'));
      } catch (error) {
        pool.dispose();
        throw error;
      }
    });
    this.current.dispose();
    this.current = pool;
  }

  dispose(): void {
    this.current.dispose();
  }
}
