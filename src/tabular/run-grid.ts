// PR Fig. 4's grid environments (Landmarks, Blocker): IQL and IQL+PR on the same seeded layouts, ε-greedy
// Alg. 1 episodes, one row per episode to a sink. Synchronous and deterministic for (config, seed).
import { adjacencyTableOf } from './adjacency.js';
import type { GridEpisodeRow } from './columns.js';
import type { GridConfig, GridEnvSpec } from './grid-config.js';
import { playEpisode, transitionBuffers } from './episode.js';
import { BlockerEnv, LandmarkEnv } from './grid-envs.js';
import type { TabularGridEnv } from './grid-envs.js';
import type { TabularLearner } from './iql.js';
import { IqlLearner } from './iql.js';
import { IqlPrLearner } from './iql-pr.js';
import { consensusError, policyConsensusMse } from './metrics.js';
import { RNG_STREAMS, Rng } from '../util/rng.js';

/** RNG streams of one seed (as run-digital.ts): the layout from one, everything during learning from the other. */

export type GridAlgorithm = 'iql' | 'iql-pr';
export type GridEpisodeResult = Omit<GridEpisodeRow, 'row'>;

export interface GridSink {
  episode(row: GridEpisodeRow): void | Promise<void>;
  endRun?(): void | Promise<void>;
}

export function createGridEnv(spec: GridEnvSpec, seed: number): TabularGridEnv {
  return spec.env === 'blocker' ? new BlockerEnv({ agents: spec.agents }) : new LandmarkEnv({ agents: spec.agents, size: spec.size }, new Rng(seed, RNG_STREAMS.TABULAR_ENV));
}

function createLearner(config: GridConfig, env: TabularGridEnv, algorithm: GridAlgorithm): TabularLearner {
  if (algorithm === 'iql') return new IqlLearner(env.agents, env.states, env.actions, config.learning, config.iql.alpha0);
  const adjacency = adjacencyTableOf(env.observations, config.pr.adjacencyLevel, config.pr.adjacencyWeighting);
  return new IqlPrLearner(env.agents, env.states, env.actions, config.learning, config.pr, adjacency);
}

/** One algorithm on one environment and seed: T episodes, measured after each. */
export function runGridSeed(config: GridConfig, spec: GridEnvSpec, algorithm: GridAlgorithm, seed: number, onEpisode: (row: GridEpisodeResult) => void): TabularLearner {
  const env = createGridEnv(spec, seed);
  const rng = new Rng(seed, RNG_STREAMS.TABULAR_LEARNING);
  const learner = createLearner(config, env, algorithm);
  const { learning } = config;
  const agents = env.agents;
  const buffers = transitionBuffers(agents);
  for (let episode = 0; episode < learning.episodes; episode++) {
    let total = 0;
    playEpisode(env, learner, learning, rng, buffers, ({ rewards }) => {
      for (let i = 0; i < agents; i++) total += (rewards[i] as number) / agents;
    });
    onEpisode({
      env: spec.env,
      agents,
      algorithm,
      kappa: algorithm === 'iql-pr' ? config.pr.kappa : null,
      seed,
      episode,
      return: total,
      consensus_q: consensusError(learner.q).absolute,
      policy_mse: policyConsensusMse(learner.q, config.boltzmannTemperature),
    });
  }
  return learner;
}

/** Every environment × seed × {IQL, IQL+PR}, rows to `sink` in that order (row numbers over the whole call). */
export async function runGrid(config: GridConfig, sink: GridSink, seeds: readonly number[]): Promise<void> {
  let row = 0;
  for (const spec of config.envs) {
    for (const seed of seeds) {
      for (const algorithm of ['iql', 'iql-pr'] as const) {
        const rows: GridEpisodeResult[] = [];
        runGridSeed(config, spec, algorithm, seed, (r) => rows.push(r));
        for (const r of rows) await sink.episode({ row: row++, ...r });
        await sink.endRun?.();
      }
    }
  }
}
