// Column lists of the Digital result CSVs (typed as src/metrics/schemas.ts does). The first column is the
// writer's resume key: a running row number over the whole run, deterministic for a given config and seeds.
import type { CsvRow } from '../metrics/csv.js';

/** digital-episodes.csv: one row per (algorithm, κ, seed, episode). */
export const DIGITAL_EPISODE_COLUMNS = [
  'row', // running index over all runs of one runDigital call: the resume key
  'algorithm', // 'iql' | 'iql-pr'
  'kappa', // κ of eq. 6; empty for IQL
  'alpha0', // a of eq. 8
  'beta0', // b of eq. 8; 0 for IQL
  'seed',
  'episode', // 0-based
  'return_team', // (1/N) Σ_i Σ_t r̄(s_i^t, a_i^t): behaviour return under the team mean reward r̄ = (1/N) Σ_j r_j
  'return_own', // (1/N) Σ_i Σ_t r_i^t: behaviour return under each agent's own observed reward
  'greedy_value_team', // (1/N) Σ_i mean_s V^{π_i}(s) under r̄, π_i greedy in Q_i, exact (γ-discounted)
  'greedy_value_own', // the same under each agent's own mean reward r_i
  'optimal_value_team', // mean_s V*(s) under r̄: the ceiling of greedy_value_team (Theorem 3's Q*)
  'consensus_q', // (1/N) Σ_i ‖Q_i − Q̄‖_2 (Theorem 2)
  'consensus_q_relative', // consensus_q / ‖Q̄‖_2
  'policy_mse', // MSE of the Boltzmann policies to the average policy (Fig. 2-bottom)
] as const;
export type DigitalEpisodeRow = CsvRow<typeof DIGITAL_EPISODE_COLUMNS>;

/** digital-policy.csv: the Boltzmann policy distribution of Fig. 2-top at the snapshot episodes. */
export const DIGITAL_POLICY_COLUMNS = [
  'row', // running index: the resume key
  'algorithm',
  'kappa',
  'seed',
  'episode',
  'agent', // 0-based agent index; -1 is the average policy π̄
  'state',
  'action',
  'probability', // π_i(a|s) = softmax(Q_i(s, ·)/T)_a
] as const;
export type DigitalPolicyRow = CsvRow<typeof DIGITAL_POLICY_COLUMNS>;

/** grid-episodes.csv: one row per (environment, algorithm, seed, episode) of PR Fig. 4's grid environments. */
export const GRID_EPISODE_COLUMNS = [
  'row', // running index over the whole experiment: the resume key
  'env', // 'landmark' | 'blocker'
  'agents', // |N|
  'algorithm', // 'iql' | 'iql-pr'
  'kappa', // κ of eq. 6; empty for IQL
  'seed',
  'episode', // 0-based
  'return', // (1/N) Σ_i Σ_t r_i^t: the average return of Fig. 4
  'consensus_q', // (1/N) Σ_i ‖Q_i − Q̄‖_2 (Theorem 2)
  'policy_mse', // MSE of the Boltzmann policies to the average policy
] as const;
export type GridEpisodeRow = CsvRow<typeof GRID_EPISODE_COLUMNS>;
