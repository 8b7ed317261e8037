// eval.csv (`cavlab eval`): one row per evaluation episode of a saved policy, appended across invocations.
import type { CsvRow } from './csv.js';

export const EVAL_FILE = 'eval.csv';

export const EVAL_COLUMNS = [
  'row', // 0-based over every `cavlab eval` of this run: the resume key
  'checkpoint', // best | latest
  'checkpoint_episode', // episodes.csv index of the episode the checkpoint was saved after
  'policy', // deterministic (the policy's mean) | stochastic (sampled)
  'seed', // --seed: the evaluation seed stream (default: the run's seed)
  'episode_seed', // SUMO seed of this episode
  'steps', // environment steps
  'return', // sum over steps of the learners' mean reward (as episodes.csv)
  'mean_speed', // m/s, all vehicles, time-averaged
  'mean_learner_speed', // m/s, learners only
  'collisions', // count in the episode
  'distance', // m travelled by the learners, summed
  'learners', // distinct learners in the episode
  'wall_time', // s of wall clock
] as const;
export type EvalRow = CsvRow<typeof EVAL_COLUMNS>;
