// The controller of the PPO family (IPPO, Avg-MAPPO, RSM-MAPPO; RSM-MASAC paper Sec. VI-C): PPO learners in a
// PpoPool plus, optionally, what the algorithm does after the local updates (the communication rounds of the
// policy-exchanging ones: src/agents/exchange). The PPO counterpart of PoolController.
import type { ActPhase, AgentSpaces, Controller, StepContext, Transition } from '../controller.js';
import { readControllerCheckpoint, restoring, writeControllerCheckpoint } from '../controller-checkpoint.js';
import type { TrainingDiagnostics } from '../diagnostics.js';
import type { PoolAlgorithm } from '../pool-controller.js';
import { record } from '../pool-state.js';
import type { PpoConfig } from './config.js';
import { PpoPool, parsePpoPoolState } from './ppo-pool.js';

export class PpoController implements Controller {
  readonly drives = true;
  readonly metricColumns: readonly string[];
  private current: PpoPool;

  /** `config` is the controller's whole config (checked on load); its PPO fields build the learners. */
  constructor(readonly id: string, private readonly spaces: AgentSpaces, readonly config: PpoConfig, private readonly seed: number, private readonly algorithm: PoolAlgorithm<PpoPool> | null = null) {
    this.current = new PpoPool(spaces, config, seed);
    this.metricColumns = algorithm?.metricColumns ?? [];
  }

  /** The learners now (a load replaces them). */
  get pool(): PpoPool {
    return this.current;
  }

  get policyParameters(): number {
    return this.current.actorParameterCount;
  }

  act(agentIds: readonly string[], obs: Float32Array, phase: ActPhase): Float32Array {
    return this.current.act(agentIds, obs, phase);
  }

  observe(transitions: readonly Transition[]): void {
    this.current.observe(transitions);
  }

  /** The PPO updates of full rollouts, then the algorithm's part (communication rounds). */
  update(ctx: StepContext): number {
    if (ctx.phase !== 'train') return 0;
    const taken = this.current.update();
    this.algorithm?.afterUpdate(this.current, ctx);
    return taken;
  }

  endEpisode(_ctx: StepContext): void {}

  episodeMetrics(): Readonly<Record<string, number>> {
    return this.algorithm?.episodeMetrics(this.policyParameters) ?? {};
  }

  diagnostics(): TrainingDiagnostics {
    return this.current.diagnostics();
  }

  async save(dir: string): Promise<void> {
    await writeControllerCheckpoint(dir, this.id, this.config, { pool: this.current.state(), extra: { ...(this.algorithm?.state() ?? {}) } });
  }

  /** Replaces the learners by the checkpoint's; on any failure the learners in use are kept. */
  async load(dir: string): Promise<void> {
    const data = await readControllerCheckpoint(dir, this.id, this.config);
    const pool = new PpoPool(this.spaces, this.config, this.seed);
    await restoring(dir, async () => {
      try {
        pool.loadState(parsePpoPoolState(data.pool));
        this.algorithm?.restore(data.extra === undefined ? {} : record(data.extra, 'extra'), dir);
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
    this.algorithm?.dispose();
  }
}
