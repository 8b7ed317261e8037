// One run (ARCHITECTURE.md, Results): its folder, manifest, seeding, the episode schedule with evaluations,
// checkpoints (latest and best), episodes.csv / steps.csv, and `--resume` after the last finished episode.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { CommRecord } from '../agents/controller.js';
import { MultiAgentEnv } from '../env/multi-agent-env.js';
import type { StepResult } from '../env/multi-agent-env.js';
import { CsvWriter } from '../metrics/csv.js';
import type { JsonValue, RunManifest } from '../metrics/manifest.js';
import { MANIFEST_FILE, readGitSha, readManifest, runtimeVersions, updateManifest, writeManifest } from '../metrics/manifest.js';
import type { EpisodeRow } from '../metrics/schemas.js';
import { COMM_COLUMNS, EPISODE_COLUMNS, STEP_COLUMNS } from '../metrics/schemas.js';
import type { CommRow, StepRow } from '../metrics/schemas.js';
import { selectBackend } from '../nn/backend.js';
import { PACKAGE_ROOT } from '../paths.js';
import { loadScenario } from '../scenarios/sumo-options.js';
import type { RunState } from './checkpoint.js';
import { checkpointDir, loadCheckpoint, saveCheckpoint, saveRunState } from './checkpoint.js';
import type { RunConfig } from './config.js';
import { prepareController } from './controllers.js';
import { runEpisode } from './episode.js';
import { meanAgentSpeed, meanReward } from './episode-stats.js';
import type { EpisodeResult } from './episode.js';
import { ResumeError, RunExistsError } from './errors.js';
import type { ProgressSink } from './progress.js';
import { schedule } from './schedule.js';
import type { ScheduledEpisode } from './schedule.js';

export interface RunOptions {
  /** Continue the run in the folder after its last finished episode. */
  readonly resume?: boolean;
  readonly progress?: ProgressSink;
  /** Aborting stops the run after SUMO is closed; finished episodes stay on disk. */
  readonly signal?: AbortSignal;
}

export interface RunOutcome {
  readonly dir: string;
  readonly status: 'finished' | 'already-finished';
  /** Episodes run by this call (a resumed run counts only the new ones). */
  readonly episodesRun: number;
  readonly lastRow: EpisodeRow | null;
}

/** `<algo>__<scenario>__seed<k>`, or `<algo>__<scenario>__<label>__seed<k>` for a sweep's run with grid values. */
export function runId(config: Pick<RunConfig, 'algo' | 'seed' | 'label'>, scenarioName: string): string {
  const parts = [config.algo, scenarioName, ...(config.label ? [config.label] : []), `seed${config.seed}`];
  return parts.join('__');
}

/** `<out>/<experiment>/<run id>` (see runId). */
export function runDir(config: RunConfig, scenarioName: string): string {
  return resolve(config.out, config.experiment, runId(config, scenarioName));
}

/** The config as the manifest stores it (what must match for a resume). */
function recordedConfig(config: RunConfig, algoConfig: JsonValue): JsonValue {
  const { gui: _gui, out: _out, ...rest } = config;
  return { ...rest, algoConfig } as unknown as JsonValue;
}

export async function executeRun(config: RunConfig, options: RunOptions = {}): Promise<RunOutcome> {
  // Everything a user can get wrong is checked before anything is written or started.
  const scenario = await loadScenario(config.scenario);
  const prepared = prepareController(config.algo, config.algoConfig, config.algo);
  const dir = runDir(config, scenario.manifest.name);
  const recorded = recordedConfig(config, prepared.resolvedConfig);
  let previous: RunManifest | null = null;
  if (existsSync(join(dir, MANIFEST_FILE))) {
    if (!options.resume) throw new RunExistsError(dir);
    previous = await readManifest(dir);
    if (JSON.stringify(previous.config) !== JSON.stringify(recorded)) {
      throw new ResumeError(`${dir}: --resume needs the same configuration as the run on disk (compare ${join(dir, MANIFEST_FILE)})`);
    }
    if (previous.status === 'finished') return { dir, status: 'already-finished', episodesRun: 0, lastRow: null };
  }
  await mkdir(dir, { recursive: true });

  const backend = await selectBackend(config.backend);
  const env = await MultiAgentEnv.create(scenario, { gui: config.gui, ...(config.horizon !== null ? { horizon: config.horizon } : {}) });
  const controller = prepared.create(env.spaces, config.seed);
  // Controllers may add their own columns (RSM-MASAC's ρ and ψ, MA-PMBRL's utility) after the common ones.
  const episodeColumns = [...EPISODE_COLUMNS, ...(controller.metricColumns ?? [])] as unknown as readonly [string, ...string[]];
  const episodes = CsvWriter.open(join(dir, 'episodes.csv'), episodeColumns);
  let commCsv: CsvWriter<typeof COMM_COLUMNS> | null = null;
  const steps = config.steps ? CsvWriter.open(join(dir, 'steps.csv'), STEP_COLUMNS) : null;
  const abort = (): void => void env.close();
  options.signal?.addEventListener('abort', abort, { once: true });
  let ran = 0;
  let lastRow: EpisodeRow | null = null;
  try {
    const episodeCsv = await episodes;
    const stepCsv = await steps;
    let state = options.resume ? await loadCheckpoint(checkpointDir(dir, 'latest'), controller) : null;
    // A run killed between its checkpoint and the CSV write: the row is in the checkpoint.
    if (state && (episodeCsv.lastWrittenKey ?? -1) < state.episode) {
      episodeCsv.append(state.row);
      await episodeCsv.flush();
    }
    const plan = schedule(config.seed, config.episodes, config.evalEvery, config.evalEpisodes);
    const start = state ? state.episode + 1 : 0;
    const manifestBase: RunManifest = {
      schemaVersion: 1, status: 'running', config: recorded, seed: config.seed, gitSha: await readGitSha(PACKAGE_ROOT),
      versions: runtimeVersions(backend.path, null), policyParameters: controller.policyParameters,
      startedAt: previous?.startedAt ?? new Date().toISOString(), endedAt: null, error: null,
    };
    await writeManifest(dir, manifestBase);
    let sumoRecorded = false;
    for (const planned of plan.slice(start)) {
      options.progress?.episodeStart(planned, plan.length);
      const stepRows = stepCsv ? stepRowCollector(planned) : null;
      const commRows: CommRow[] = [];
      let step = 0;
      const comm = { record: (entry: CommRecord): void => void commRows.push(commRow(planned, step, entry)) };
      const spec = { episode: planned.index, epoch: planned.epoch, phase: planned.phase, seed: planned.seed, communicationRange: scenario.manifest.communicationRange, comm, ...(config.evalPolicy === undefined ? {} : { evalPolicy: config.evalPolicy }) };
      const result = await runEpisode(env, controller, spec, (r) => {
        step = r.infos.step;
        stepRows?.add(r);
        options.progress?.step(r);
      });
      if (!sumoRecorded) {
        await writeManifest(dir, { ...manifestBase, versions: runtimeVersions(backend.path, env.sumoVersion) });
        sumoRecorded = true;
      }
      const row: EpisodeRow = { ...episodeRow(planned, result), ...result.metrics };
      if (stepCsv && stepRows) {
        for (const r of stepRows.rows) stepCsv.append(r);
        await stepCsv.flush();
      }
      if (commRows.length > 0) {
        commCsv ??= await CsvWriter.open(join(dir, 'comm.csv'), COMM_COLUMNS);
        for (const r of commRows) commCsv.append(r);
        await commCsv.flush();
      }
      state = nextState(state, planned, row);
      if (planned.phase === 'train') await saveCheckpoint(checkpointDir(dir, 'latest'), controller, state);
      else {
        await saveRunState(checkpointDir(dir, 'latest'), state);
        if (state.bestEpisode === planned.index) await saveCheckpoint(checkpointDir(dir, 'best'), controller, state);
      }
      episodeCsv.append(row);
      await episodeCsv.flush();
      options.progress?.episodeEnd(planned, row, plan.length);
      lastRow = row;
      ran++;
    }
    await updateManifest(dir, { status: 'finished', endedAt: new Date().toISOString() });
    return { dir, status: 'finished', episodesRun: ran, lastRow };
  } catch (error) {
    const reason = options.signal?.aborted ? `interrupted (${String(options.signal.reason ?? 'signal')}); --resume continues after the last finished episode` : oneLine(error);
    if (existsSync(join(dir, MANIFEST_FILE))) {
      await updateManifest(dir, { status: 'failed', endedAt: new Date().toISOString(), error: reason }).catch(() => undefined);
    }
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', abort);
    await env.close().catch(() => undefined);
    controller.dispose();
    await Promise.all([
      episodes.then((w) => w.close()).catch(() => undefined),
      steps?.then((w) => w.close()).catch(() => undefined),
      commCsv?.close().catch(() => undefined),
    ]);
  }
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

function nextState(state: RunState | null, planned: ScheduledEpisode, row: EpisodeRow): RunState {
  let bestReturn = state?.bestReturn ?? null;
  let bestEpisode = state?.bestEpisode ?? null;
  if (planned.phase === 'eval' && (bestReturn === null || result(row) > bestReturn)) {
    bestReturn = result(row);
    bestEpisode = planned.index;
  }
  return { episode: planned.index, row, bestReturn, bestEpisode };
}

function result(row: EpisodeRow): number {
  return typeof row.return === 'number' ? row.return : Number.NEGATIVE_INFINITY;
}

function episodeRow(planned: ScheduledEpisode, r: EpisodeResult): EpisodeRow {
  return {
    episode: planned.index, epoch: planned.epoch, phase: planned.phase, steps: r.steps, return: r.return,
    mean_speed: r.meanSpeed, mean_learner_speed: r.meanLearnerSpeed, collisions: r.collisions, distance: r.distance,
    wall_time: r.wallTime, updates: r.updates,
  };
}

function commRow(planned: ScheduledEpisode, step: number, e: CommRecord): CommRow {
  return {
    episode: planned.index, epoch: planned.epoch, step, phase: planned.phase, agent: e.agent, kind: e.kind, neighbours: e.neighbours,
    requested: e.requested, received: e.received, lost: e.lost, replicas: e.replicas, mixed: e.mixed, samples: e.samples, bytes: e.bytes,
  };
}

/** steps.csv rows of one episode, kept until the episode is over (CSV files are written per episode). */
function stepRowCollector(planned: ScheduledEpisode): { rows: StepRow[]; add(r: StepResult): void } {
  const rows: StepRow[] = [];
  return {
    rows,
    add(r: StepResult): void {
      rows.push({
        episode: planned.index, step: r.infos.step, time: r.infos.time, vehicles: r.infos.vehicles, agents: r.infos.agents.size,
        mean_speed: r.infos.meanSpeed, mean_learner_speed: meanAgentSpeed(r.infos.agents) ?? 0,
        reward: meanReward(r.rewards) ?? 0, collisions: r.infos.collisions,
      });
    },
  };
}

