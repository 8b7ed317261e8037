// The Digital experiment (Sec. V-A): IQL, IQL+PR and a κ sweep on the same seeded environments; rows go to a sink.
import type { DigitalConfig } from './config.js';
import type { DigitalEpisodeRow, DigitalPolicyRow } from './columns.js';
import type { DigitalMdp } from './digital-env.js';
import { DigitalEnv, createDigitalMdp, teamMeanReward } from './digital-env.js';
import { playEpisode, transitionBuffers } from './episode.js';
import type { TabularLearner } from './iql.js';
import { IqlLearner } from './iql.js';
import { IqlPrLearner } from './iql-pr.js';
import { PolicyValueCache, consensusError, meanGreedyValue, policyConsensusMse, policyDistributions } from './metrics.js';
import { optimalPolicy } from './planning.js';
import { RNG_STREAMS, Rng } from '../util/rng.js';

/** RNG streams of one seed: the model is drawn from one, everything during learning from the other. */

export type DigitalRunSpec = { readonly algorithm: 'iql' } | { readonly algorithm: 'iql-pr'; readonly kappa: number };

/** Where rows go; the CSV sink (csv-sink.ts) writes them, tests keep them in memory. */
export interface DigitalSink {
  episode(row: DigitalEpisodeRow): void | Promise<void>;
  policy(rows: readonly DigitalPolicyRow[]): void | Promise<void>;
  /** Called after each (seed, algorithm) run: a file sink flushes here. */
  endRun?(): void | Promise<void>;
}

/** What one run's episode produced, before the sink's row bookkeeping. */
export type DigitalEpisodeResult = Omit<DigitalEpisodeRow, 'row'>;
export type DigitalPolicyResult = Omit<DigitalPolicyRow, 'row'>;

/** IQL, IQL+PR at pr.kappa, then the κ sweep's other values, in that order. */
export function digitalRuns(config: DigitalConfig): DigitalRunSpec[] {
  const kappas = [config.pr.kappa, ...config.kappaSweep.filter((k, index, all) => k !== config.pr.kappa && all.indexOf(k) === index)];
  return [{ algorithm: 'iql' }, ...kappas.map((kappa): DigitalRunSpec => ({ algorithm: 'iql-pr', kappa }))];
}

function createLearner(config: DigitalConfig, mdp: DigitalMdp, spec: DigitalRunSpec): TabularLearner {
  if (spec.algorithm === 'iql') return new IqlLearner(mdp.agents, mdp.states, mdp.actions, config.learning, config.iql.alpha0);
  return new IqlPrLearner(mdp.agents, mdp.states, mdp.actions, config.learning, { ...config.pr, kappa: spec.kappa });
}

/** r_i(s, a) of one agent, indexed [s·|A| + a]. */
function ownMeanReward(mdp: DigitalMdp, agent: number): Float64Array {
  const size = mdp.states * mdp.actions;
  return mdp.meanRewards.subarray(agent * size, (agent + 1) * size);
}

/**
 * One algorithm on one seed: T episodes of Alg. 1 (act ε-greedily, step, update by eq. 5), measured after each
 * episode. Synchronous and deterministic for (config, spec, seed).
 */
export function runDigitalSeed(
  config: DigitalConfig,
  spec: DigitalRunSpec,
  seed: number,
  onEpisode: (row: DigitalEpisodeResult) => void,
  onPolicy: (rows: DigitalPolicyResult[]) => void = () => {},
): TabularLearner {
  const mdp = createDigitalMdp(config.env, new Rng(seed, RNG_STREAMS.TABULAR_ENV));
  const rng = new Rng(seed, RNG_STREAMS.TABULAR_LEARNING);
  const env = new DigitalEnv(mdp);
  const learner = createLearner(config, mdp, spec);
  const { learning, metrics } = config;
  const team = teamMeanReward(mdp);
  const optimalTeam = optimalPolicy(mdp, team, learning.gamma).value.reduce((sum, v) => sum + v, 0) / mdp.states;
  const snapshots = new Set(metrics.policySnapshotEpisodes.length > 0 ? metrics.policySnapshotEpisodes : [learning.episodes - 1]);
  const agents = mdp.agents;
  const buffers = transitionBuffers(agents);
  const kappa = spec.algorithm === 'iql-pr' ? spec.kappa : null;
  const values = new PolicyValueCache(mdp, learning.gamma);

  for (let episode = 0; episode < learning.episodes; episode++) {
    let returnTeam = 0;
    let returnOwn = 0;
    playEpisode(env, learner, learning, rng, buffers, ({ states, actions, rewards }) => {
      for (let i = 0; i < agents; i++) {
        returnTeam += (team[(states[i] as number) * mdp.actions + (actions[i] as number)] as number) / agents;
        returnOwn += (rewards[i] as number) / agents;
      }
    });

    const consensus = consensusError(learner.q);
    onEpisode({
      algorithm: spec.algorithm,
      kappa,
      alpha0: spec.algorithm === 'iql' ? config.iql.alpha0 : config.pr.alpha0,
      beta0: spec.algorithm === 'iql' ? 0 : config.pr.beta0,
      seed,
      episode,
      return_team: returnTeam,
      return_own: returnOwn,
      greedy_value_team: meanGreedyValue(learner.q, values, () => team, () => 'team'),
      greedy_value_own: meanGreedyValue(learner.q, values, (i) => ownMeanReward(mdp, i), (i) => `own-${i}`),
      optimal_value_team: optimalTeam,
      consensus_q: consensus.absolute,
      consensus_q_relative: consensus.relative,
      policy_mse: policyConsensusMse(learner.q, metrics.boltzmannTemperature),
    });
    if (snapshots.has(episode)) onPolicy(policyRows(learner, spec, kappa, seed, episode, metrics.boltzmannTemperature));
  }
  return learner;
}

function policyRows(learner: TabularLearner, spec: DigitalRunSpec, kappa: number | null, seed: number, episode: number, temperature: number): DigitalPolicyResult[] {
  const { agents, mean } = policyDistributions(learner.q, temperature);
  const { states, actions } = learner.q;
  const rows: DigitalPolicyResult[] = [];
  [...agents, mean].forEach((policy, index) => {
    const agent = index === agents.length ? -1 : index;
    for (let s = 0; s < states; s++) {
      for (let a = 0; a < actions; a++) rows.push({ algorithm: spec.algorithm, kappa, seed, episode, agent, state: s, action: a, probability: policy[s * actions + a] as number });
    }
  });
  return rows;
}

/**
 * The Digital experiment: for each seed, every run of `digitalRuns(config)` (IQL, IQL+PR, κ sweep) on the same
 * environment, rows handed to `sink` as they come (row numbers run over the whole call).
 */
export async function runDigital(config: DigitalConfig, sink: DigitalSink, seeds: readonly number[]): Promise<void> {
  let row = 0;
  let policyRow = 0;
  for (const seed of seeds) {
    for (const spec of digitalRuns(config)) {
      const episodes: DigitalEpisodeResult[] = [];
      const policies: DigitalPolicyResult[][] = [];
      runDigitalSeed(config, spec, seed, (r) => episodes.push(r), (rows) => policies.push(rows));
      for (const r of episodes) await sink.episode({ row: row++, ...r });
      for (const rows of policies) await sink.policy(rows.map((r) => ({ row: policyRow++, ...r })));
      await sink.endRun?.();
    }
  }
}
