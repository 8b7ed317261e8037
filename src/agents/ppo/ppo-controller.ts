// The controller of the PPO family (IPPO, Avg-MAPPO, RSM-MAPPO; RSM-MASAC paper Sec. VI-C): PPO learners in a
// PpoPool plus, optionally, what the algorithm does after the local updates (the communication rounds of the
// policy-exchanging ones: src/agents/exchange). The PPO counterpart of PoolController, sharing its plumbing.
import type { AgentSpaces } from '../controller.js';
import type { TrainingDiagnostics } from '../diagnostics.js';
import { Learners } from '../learners.js';
import type { PoolKind } from '../learners.js';
import { AlgorithmPoolController } from '../pool-controller.js';
import type { PoolAlgorithm } from '../pool-controller.js';
import type { PpoConfig } from './config.js';
import { PpoPool, parsePpoPoolState } from './ppo-pool.js';

/** PPO pools of one controller. */
function ppoPools(spaces: AgentSpaces, config: PpoConfig, seed: number): PoolKind<PpoPool> {
  return {
    create: () => new PpoPool(spaces, config, seed),
    state: (pool) => pool.state(),
    loadState: (pool, saved) => pool.loadState(parsePpoPoolState(saved)),
    diagnostics: (pool): TrainingDiagnostics => pool.diagnostics(),
  };
}

/** PPO learners: their update is the PPO updates of full rollouts. */
export class PpoLearners extends Learners<PpoPool> {
  constructor(controller: string, spaces: AgentSpaces, config: PpoConfig, seed: number) {
    super(controller, config, ppoPools(spaces, config, seed));
  }

  update(): number {
    return this.pool.update();
  }
}

export class PpoController extends AlgorithmPoolController<PpoPool, PpoConfig, PpoLearners> {
  /** `config` is the controller's whole config (checked on load); its PPO fields build the learners. */
  constructor(id: string, spaces: AgentSpaces, config: PpoConfig, seed: number, algorithm: PoolAlgorithm<PpoPool> | null = null) {
    super(id, config, new PpoLearners(id, spaces, config, seed), algorithm);
  }
}
