// ISAC, independent SAC (algorithms.md): every learner has its own SAC core and replay, learns only from its
// own transitions and never communicates. The baseline the communicating algorithms are compared with.
import type { AgentSpaces, Controller, ActPhase, Phase, StepContext, Transition } from '../controller.js';
import { AgentPool } from '../pool.js';
import { RSM_MASAC_CODE_SAC, SAC_DEFAULTS } from '../sac/config.js';
import type { SacConfig } from '../sac/config.js';
import { loadPoolCheckpoint, savePoolCheckpoint } from './pool-checkpoint.js';
import { parseSacConfig } from './sac-fields.js';

/** ISAC adds no hyper-parameters to the SAC core's (RSM-MASAC Table IV and its public code, see sac/config.ts). */
export type IsacConfig = SacConfig;
export const ISAC_DEFAULTS: IsacConfig = { ...SAC_DEFAULTS, ...RSM_MASAC_CODE_SAC };

export function parseIsacConfig(raw: unknown, where: string): IsacConfig {
  return parseSacConfig(raw, where, ISAC_DEFAULTS);
}

export class IsacController implements Controller {
  readonly id = 'isac';
  readonly drives = true;
  readonly config: IsacConfig;
  private readonly spaces: AgentSpaces;
  private readonly seed: number;
  private agents: AgentPool;

  constructor(spaces: AgentSpaces, config: IsacConfig, seed: number) {
    this.spaces = spaces;
    this.config = config;
    this.seed = seed;
    this.agents = new AgentPool(spaces, config, seed);
  }

  /** The learners (read-only use: tests, metrics, benchmarks). */
  get pool(): AgentPool {
    return this.agents;
  }

  get policyParameters(): number {
    return this.agents.actorParameterCount;
  }

  act(agentIds: readonly string[], obs: Float32Array, phase: ActPhase): Float32Array {
    return this.agents.act(agentIds, obs, phase);
  }

  /** Stored as reported: `terminated` only for true terminals; a truncation keeps terminated = false and the real s'. */
  observe(transitions: readonly Transition[]): void {
    this.agents.observe(transitions);
  }

  update(ctx: StepContext): number {
    return ctx.phase === 'train' ? this.agents.update() : 0;
  }

  endEpisode(_ctx: StepContext): void {}

  async save(dir: string): Promise<void> {
    await savePoolCheckpoint(dir, this.id, this.config, this.agents);
  }

  /** Replaces the learners by the checkpoint's; refuses one written by another controller or with another config. */
  async load(dir: string): Promise<void> {
    const { pool } = await loadPoolCheckpoint(dir, this.id, this.config, this.spaces, this.seed);
    this.agents.dispose();
    this.agents = pool;
  }

  dispose(): void {
    this.agents.dispose();
  }
}
