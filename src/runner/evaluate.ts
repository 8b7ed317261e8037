// `cavlab eval`: a saved policy of a finished run driven through fresh evaluation episodes — no learning, the
// deterministic policy (its mean) unless asked to sample — written to <run>/eval.csv; episodes.csv is not touched.
// With the run's own seed the SUMO seeds are those of the run's evaluations (schedule.ts), so the `best`
// checkpoint reproduces its evaluation row.
import { join } from 'node:path';
import type { Controller } from '../agents/controller.js';
import { MultiAgentEnv } from '../env/multi-agent-env.js';
import { selectBackend } from '../nn/backend.js';
import { CsvWriter } from '../metrics/csv.js';
import { EVAL_COLUMNS, EVAL_FILE } from '../metrics/eval-schema.js';
import type { EvalRow } from '../metrics/eval-schema.js';
import { loadCheckpoint } from './checkpoint.js';
import { prepareController } from './controllers.js';
import { runEpisode } from './episode.js';
import type { CheckpointName, SavedRun } from './saved-run.js';
import { savedCheckpoint } from './saved-run.js';
import { episodeSeed } from './schedule.js';
import { EpisodeTrace } from '../trace/episode-trace.js';
import { firstCollisionObserver } from './collision-note.js';

export interface EvalOptions {
  readonly checkpoint: CheckpointName;
  readonly episodes: number;
  /** Seed of the evaluation episodes' SUMO seed stream (default: the run's seed). */
  readonly seed?: number;
  /** Sample actions from the policy instead of taking its mean. */
  readonly stochastic?: boolean;
  readonly gui?: boolean;
  /** Steps per episode (default: the run's). */
  readonly horizon?: number;
  readonly onEpisode?: (row: EvalRow) => void;
  /** Told the first collision of each episode (one line: step, vehicles, lane). */
  readonly onCollision?: (line: string) => void;
  /** Also write the first episode's trace here (JSON lines, for `cavlab trace view`). */
  readonly trace?: string;
  readonly signal?: AbortSignal;
}

export interface EvalOutcome {
  readonly file: string;
  readonly rows: readonly EvalRow[];
}

/** The controller acting only: sampling ('train' actions) when stochastic, never observing or learning. */
function actingOnly(inner: Controller, stochastic: boolean): Controller {
  return {
    id: inner.id, drives: inner.drives, policyParameters: inner.policyParameters,
    act: (ids, obs) => inner.act(ids, obs, stochastic ? 'train' : 'eval'),
    observe: () => undefined,
    update: () => 0,
    endEpisode: () => undefined,
    save: (dir) => inner.save(dir),
    load: (dir) => inner.load(dir),
    dispose: () => inner.dispose(),
  };
}

export async function evaluateRun(run: SavedRun, options: EvalOptions): Promise<EvalOutcome> {
  const checkpoint = savedCheckpoint(run, options.checkpoint);
  const prepared = prepareController(run.algo, run.algoConfig, join(run.dir, 'manifest.json'));
  const horizon = options.horizon ?? run.horizon;
  await selectBackend(run.backend);
  const env = await MultiAgentEnv.create(run.scenario, { gui: options.gui ?? false, ...(horizon !== null ? { horizon } : {}) });
  const controller = prepared.create(env.spaces, run.seed);
  const abort = (): void => void env.close();
  options.signal?.addEventListener('abort', abort, { once: true });
  let csv: CsvWriter<typeof EVAL_COLUMNS> | null = null;
  const rows: EvalRow[] = [];
  try {
    const state = await loadCheckpoint(checkpoint, controller);
    csv = await CsvWriter.open(join(run.dir, EVAL_FILE), EVAL_COLUMNS);
    const seed = options.seed ?? run.seed;
    const actor = actingOnly(controller, options.stochastic ?? false);
    const first = (csv.lastWrittenKey ?? -1) + 1;
    for (let j = 0; j < options.episodes; j++) {
      const episodeSeedValue = episodeSeed(seed, 'eval', j);
      const spec = { episode: j, epoch: 0, phase: 'eval' as const, seed: episodeSeedValue, communicationRange: run.scenario.manifest.communicationRange, comm: { record: () => undefined } };
      const trace = options.trace !== undefined && j === 0 ? new EpisodeTrace() : null;
      const collision = firstCollisionObserver(`eval ${first + j + 1}`, env, (line) => options.onCollision?.(line));
      const r = await runEpisode(env, actor, spec, (step) => {
        trace?.add(step.infos.step, step.infos.time, env.view(), step.infos.agents.keys());
        collision(step);
      });
      if (trace && options.trace !== undefined) await trace.write(options.trace);
      const row: EvalRow = {
        row: first + j, checkpoint: options.checkpoint, checkpoint_episode: state?.episode ?? null, policy: options.stochastic ? 'stochastic' : 'deterministic',
        seed, episode_seed: episodeSeedValue, steps: r.steps, return: r.return, mean_speed: r.meanSpeed, mean_learner_speed: r.meanLearnerSpeed,
        collisions: r.collisions, distance: r.distance, learners: r.learners, wall_time: r.wallTime,
      };
      csv.append(row);
      await csv.flush();
      rows.push(row);
      options.onEpisode?.(row);
    }
    return { file: csv.path, rows };
  } finally {
    options.signal?.removeEventListener('abort', abort);
    await env.close().catch(() => undefined);
    controller.dispose();
    await csv?.close().catch(() => undefined);
  }
}
