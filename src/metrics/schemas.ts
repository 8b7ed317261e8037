// Column lists of the result CSVs (ARCHITECTURE.md, Results). The first column is the writer's resume key.
import type { CsvRow } from './csv.js';

/** episodes.csv: one row per episode (issue 5). */
export const EPISODE_COLUMNS = [
  'episode', // 0-based index over the whole run (train and eval): the resume key
  'epoch', // training epoch the episode belongs to (the papers test every 10 epochs)
  'phase', // 'train' | 'eval'
  'steps', // environment steps in the episode
  'return', // sum of the learners' mean reward per step
  'mean_speed', // m/s, all vehicles, time-averaged
  'mean_learner_speed', // m/s, learners only
  'collisions', // count in the episode
  'distance', // m travelled by the learners, summed
  'wall_time', // s of wall clock for the episode
  'updates', // gradient steps taken in the episode, all learners
  'learners', // distinct learners (agents) that were in the network during the episode
  // Training diagnostics (issue 15). Decision: an episodes.csv written before they existed is not migrated; resuming
  // such a run fails with the writer's one-line "header is …, expected …" (CsvSchemaError).
  'critic_loss', // mean J_Q(ω1) + J_Q(ω2) over the episode's gradient steps, all learners (empty without updates)
  'actor_loss', // mean J_π(θ) over its policy steps (empty without one)
  'alpha', // mean temperature α after each gradient step
  'entropy', // mean policy entropy −E[log π(a|s)] on the policy steps' mini-batches
] as const;
export type EpisodeRow = CsvRow<typeof EPISODE_COLUMNS>;

/** steps.csv (optional, `steps: true`): one row per environment step. */
export const STEP_COLUMNS = [
  'episode', // run-wide episode index: the resume key
  'step', // step within the episode (1 = after the first action)
  'time', // s of simulation time
  'vehicles', // in the network
  'agents', // learners in the network
  'mean_speed', // m/s, all vehicles
  'mean_learner_speed', // m/s, learners (0 without any)
  'reward', // mean over the learners that were in the network before the step
  'collisions', // in this step
] as const;
export type StepRow = CsvRow<typeof STEP_COLUMNS>;

/** comm.csv: one row per communication round of one agent (src/agents/controller.ts CommRecord). */
export const COMM_COLUMNS = [
  'episode', // run-wide episode index: the resume key
  'epoch',
  'step', // step of the episode when the round happened
  'phase',
  'agent',
  'kind', // segments | actors | critics | samples
  'neighbours', // |Ω_i|
  'requested', // messages asked for
  'received',
  'lost', // to the channel (PRR)
  'replicas', // referential policies reconstructed (ρ_total contribution)
  'mixed', // of which mixed in (ρ_ef contribution)
  'samples', // transitions received
  'bytes', // received by the agent
] as const;
export type CommRow = CsvRow<typeof COMM_COLUMNS>;
