// What every pool-based controller holds (composition, STYLE.md): its AgentPool, the plumbing a controller would
// otherwise repeat (act / observe / update delegation, the policy size, training diagnostics) and its checkpoints.
// The controller keeps only its algorithm: communication rounds, batch preparation, its own metrics.
import type { ActPhase, AgentSpaces, Transition } from './controller.js';
import { readControllerCheckpoint, restoring, writeControllerCheckpoint } from './controller-checkpoint.js';
import type { TrainingDiagnostics } from './diagnostics.js';
import type { LearnerInit } from './learner-init.js';
import { AgentPool } from './pool.js';
import type { PrepareBatch } from './pool.js';
import { parsePoolState, record } from './pool-state.js';
import type { Fields } from './pool-state.js';
import type { SacConfig } from './sac/config.js';

export class PooledLearners {
  private current: AgentPool;
  /** The networks every learner starts from (startFrom), kept for the pools a load builds. */
  private init: LearnerInit | null = null;

  /**
   * `config` is the controller's whole config (recorded in checkpoints, checked on load); `sac` the SAC part its
   * pool is built with.
   */
  constructor(
    readonly controller: string,
    private readonly spaces: AgentSpaces,
    private readonly config: object,
    private readonly sac: SacConfig,
    private readonly seed: number,
  ) {
    this.current = new AgentPool(spaces, sac, seed);
  }

  /** The learners now (a load replaces them: do not keep the reference). */
  get pool(): AgentPool {
    return this.current;
  }

  get policyParameters(): number {
    return this.current.actorParameterCount;
  }

  act(agentIds: readonly string[], obs: Float32Array, phase: ActPhase): Float32Array {
    return this.current.act(agentIds, obs, phase);
  }

  /** Stored as reported: `terminated` only for true terminals; a truncation keeps terminated = false and the real s'. */
  observe(transitions: readonly Transition[]): void {
    this.current.observe(transitions);
  }

  /** The pool's due gradient steps (AgentPool.update); returns how many were taken. */
  update(prepare?: PrepareBatch): number {
    return this.current.update(prepare);
  }

  /** Every learner starts from `init`'s networks (AgentPool.startFrom), also in the pools later loads build. */
  startFrom(init: LearnerInit): void {
    this.current.startFrom(init);
    this.init = init;
  }

  diagnostics(): TrainingDiagnostics {
    return this.current.losses.take();
  }

  /** Writes the pool and the controller's `extra` state (RNG words, schedules). */
  async save(dir: string, extra: Readonly<Record<string, unknown>> = {}): Promise<void> {
    await writeControllerCheckpoint(dir, this.controller, this.config, { pool: await this.current.state(), extra: { ...extra } });
  }

  /**
   * Replaces the learners by the checkpoint's, after `restoreExtra` accepted its `extra` (it throws to refuse); on any
   * failure the learners in use are kept.
   */
  async load(dir: string, restoreExtra: (extra: Fields) => void = () => undefined): Promise<void> {
    const data = await readControllerCheckpoint(dir, this.controller, this.config);
    const pool = new AgentPool(this.spaces, this.sac, this.seed);
    await restoring(dir, async () => {
      try {
        if (this.init !== null) pool.startFrom(this.init);
        await pool.loadState(parsePoolState(data.pool));
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
