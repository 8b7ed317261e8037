// The SAC learners of a controller: an AgentPool held by Learners (act / observe, diagnostics, checkpoints), plus
// what only SAC pools do: gradient steps with a batch hook, and starting every learner from given networks.
// The controller keeps only its algorithm: communication rounds, batch preparation, its own metrics.
import type { AgentSpaces } from './controller.js';
import type { BatchRule } from './learner-set.js';
import type { TrainingDiagnostics } from './diagnostics.js';
import type { LearnerInit } from './learner-init.js';
import { Learners } from './learners.js';
import type { PoolKind } from './learners.js';
import { AgentPool } from './pool.js';
import type { RuleDriver } from './pool.js';
import { parsePoolState } from './pool-state.js';
import type { SacConfig } from './sac/config.js';

/** SAC pools of one controller; `init` (startFrom) is applied to the pools a load builds too. */
class SacPools implements PoolKind<AgentPool> {
  /** The networks every learner starts from (startFrom), kept for the pools a load builds. */
  init: LearnerInit | null = null;

  constructor(private readonly spaces: AgentSpaces, private readonly sac: SacConfig, private readonly seed: number, private readonly controller: string, private readonly rule: (() => BatchRule) | null) {}

  create(): AgentPool {
    return new AgentPool(this.spaces, this.sac, this.seed, this.controller, this.rule);
  }

  state(pool: AgentPool): Promise<unknown> {
    return pool.state();
  }

  async loadState(pool: AgentPool, saved: unknown): Promise<void> {
    if (this.init !== null) pool.startFrom(this.init);
    await pool.loadState(parsePoolState(saved));
  }

  diagnostics(pool: AgentPool): TrainingDiagnostics {
    return pool.losses.take();
  }
}

export class PooledLearners extends Learners<AgentPool> {
  private readonly pools: SacPools;

  /**
   * `config` is the controller's whole config (recorded in checkpoints, checked on load); `sac` what its pool is
   * built with (learner workers get it: a controller whose rounds or batch rule run there passes its whole config);
   * `rule` builds the controller's batch rule for learners in this thread.
   */
  constructor(controller: string, spaces: AgentSpaces, config: object, sac: SacConfig, seed: number, rule: (() => BatchRule) | null = null) {
    const pools = new SacPools(spaces, sac, seed, controller, rule);
    super(controller, config, pools);
    this.pools = pools;
  }

  /** The pool's due gradient steps (AgentPool.update, with the controller's batch rule driver); returns how many were taken. */
  update(driver?: RuleDriver): number {
    return this.pool.update(driver);
  }

  /** Every learner starts from `init`'s networks (AgentPool.startFrom), also in the pools later loads build. */
  startFrom(init: LearnerInit): void {
    this.pool.startFrom(init);
    this.pools.init = init;
  }
}
