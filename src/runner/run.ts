// One run (ARCHITECTURE.md, Results): its folder, manifest, seeding, the episode schedule with evaluations,
// checkpoints (latest and best), episodes.csv / steps.csv / comm.csv, and `--resume` after the last finished
// episode. Issue 14's guarantees live here: everything is checked before the folder is created; one writer per
// folder (a lock); on resume every CSV is cut back to the last finished episode (one rule for all three files);
// a signal finishes the write in progress, stops SUMO and marks the run `interrupted`; a file-system failure is
// one line naming operation and path, and the manifest says `failed` with it when it can still be written.
import { existsSync } from 'node:fs';
import { rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommRecord } from '../agents/controller.js';
import type { MultiAgentEnv, StepResult } from '../env/multi-agent-env.js';
import { CsvWriter } from '../metrics/csv.js';
import { COMM_MATRIX_COLUMNS, COMM_MATRIX_FILE, commMatrixRows } from '../metrics/comm-matrix.js';
import type { SegmentExchangeEvent } from '../metrics/comm-matrix.js';
import { asFileSystemError, makeFolders } from '../metrics/fs-errors.js';
import type { JsonValue, RetryEntry, RunManifest } from '../metrics/manifest.js';
import { MANIFEST_FILE, readGitSha, readManifest, releaseManifestSpace, reserveManifestSpace, runtimeVersions, writeManifest, writeManifestSync } from '../metrics/manifest.js';
import type { EpisodeRow } from '../metrics/schemas.js';
import { COMM_COLUMNS, EPISODE_COLUMNS, STEP_COLUMNS } from '../metrics/schemas.js';
import type { CommRow, StepRow } from '../metrics/schemas.js';
import { blasThreads, selectBackend } from '../nn/backend.js';
import { PACKAGE_ROOT } from '../paths.js';
import type { RunState } from './checkpoint.js';
import { checkpointDir, loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import type { RunConfig } from './config.js';
import { firstCollisionObserver } from './collision-note.js';
import { configDifferences, extensionProblem } from './config-diff.js';
import { runEpisode } from './episode.js';
import { meanAgentSpeed, meanReward } from './episode-stats.js';
import type { EpisodeResult } from './episode.js';
import { NoLearnersError, ResumeError, RunExistsError, RunInterruptedError } from './errors.js';
import { RunLock } from './lock.js';
import { checkRun, recordedConfig } from './preflight.js';
import type { CheckedRun } from './preflight.js';
import { episodeLabel } from './progress.js';
import type { ProgressSink } from './progress.js';
import { schedule } from './schedule.js';
import type { ScheduledEpisode } from './schedule.js';
import { DEFAULT_RETRIES, RetryBudget, withRetries } from './retry.js';
import { removeStaleFiles } from './stale-files.js';
import { abortSignalName } from './stop.js';
import type { HardStops } from './stop.js';

export { runDir, runId } from './run-path.js';

export interface RunOptions {
  /** Continue the run in the folder after its last finished episode. */
  readonly resume?: boolean;
  readonly progress?: ProgressSink;
  /** Aborting (SIGINT/SIGTERM; the reason names the signal) stops the run: it ends `interrupted`. */
  readonly signal?: AbortSignal;
  /** Where the run registers what a second signal must still do (mark the manifest, release the lock). */
  readonly hardStops?: HardStops;
  /** How long to wait for another live writer of the folder to let go (sweep workers); default 0: refuse at once. */
  readonly lockWaitMs?: number;
  /** Told things worth a line: a dead writer's lock taken over, its stale temp files removed. */
  readonly notice?: (line: string) => void;
  /** Called once the folder is locked, before anything of the run is read or written (sweep workers' run.log). */
  readonly onLocked?: (dir: string) => Promise<void>;
  /** SUMO binary instead of $SUMO_HOME/bin or PATH (not part of the config: it does not change the results). */
  readonly sumoBinary?: string;
}

export interface RunOutcome {
  readonly dir: string;
  readonly status: 'finished' | 'already-finished';
  /** Episodes run by this call (a resumed run counts only the new ones). */
  readonly episodesRun: number;
  readonly lastRow: EpisodeRow | null;
}

export async function executeRun(config: RunConfig, options: RunOptions = {}): Promise<RunOutcome> {
  // Check, then write: a failure up to here leaves nothing on disk.
  const checked = await checkRun(config, options.sumoBinary);
  const { dir } = checked;
  const existed = existsSync(dir);
  await makeFolders(dir);
  let lock: RunLock;
  try {
    lock = await RunLock.acquire(dir, { waitMs: options.lockWaitMs ?? 0, ...(options.notice ? { onTakeover: options.notice } : {}) });
  } catch (error) {
    if (!existed) await rmdir(dir).catch(() => undefined);
    throw error;
  }
  // Until the lock file is gone, a second signal (exit at once) must still remove it: the run's own hook ends
  // before its shutdown (SUMO, writers) and this release have finished.
  const removeLockStop = options.hardStops?.add(() => lock.releaseSync());
  try {
    return await lockedRun(config, checked, options);
  } finally {
    await lock.release();
    removeLockStop?.();
  }
}

function interrupted(options: RunOptions, dir: string): RunInterruptedError | null {
  return options.signal?.aborted ? new RunInterruptedError(dir, abortSignalName(options.signal)) : null;
}

async function lockedRun(config: RunConfig, checked: CheckedRun, options: RunOptions): Promise<RunOutcome> {
  const { dir, env, scenario } = checked;
  const recorded = recordedConfig(config, checked.prepared.resolvedConfig);
  let previous: RunManifest | null = null;
  if (existsSync(join(dir, MANIFEST_FILE))) {
    previous = await readManifest(dir);
    const differences = configDifferences(previous.config, recorded);
    if (!options.resume) throw new RunExistsError(dir, differences);
    if (differences.length > 0) {
      // More training episodes continue the run (the plan so far unchanged); any other change is refused.
      const oldEpisodes = episodesOf(previous.config);
      const problem = oldEpisodes === null ? 'the manifest records no episodes' : extensionProblem(previous.config, recorded, oldEpisodes, config);
      if (problem !== null) throw new ResumeError(`${dir}: --resume needs the same configuration as the run on disk; differs: ${differences.join('; ')} (${problem})`);
      options.notice?.(`${dir}: continuing from ${oldEpisodes} to ${config.episodes} training episodes`);
    } else if (previous.status === 'finished') return { dir, status: 'already-finished', episodesRun: 0, lastRow: null };
  }
  await options.onLocked?.(dir);
  const stale = await removeStaleFiles(dir);
  if (stale.length > 0) options.notice?.(`${dir}: removed ${stale.length} temp file(s) of a dead writer (${stale.map((p) => p.slice(dir.length + 1)).join(', ')})`);

  const backend = await selectBackend(config.backend);
  const threads = blasThreads();
  const before = previous?.versions.blasThreads;
  if (before !== undefined && before !== threads) {
    options.notice?.(`${dir}: this run began with ${before ?? 'no'} OpenBLAS thread(s) and continues with ${threads ?? 'none'}: from here its numbers differ from an uninterrupted run's${before === null ? '' : ` (OPENBLAS_NUM_THREADS=${before} reproduces it)`}`);
  }
  // `let`: a retry after SUMO died replaces it with one restored from the last checkpoint (retry.ts).
  let controller = checked.prepared.create(env.spaces, config.seed);
  try {
    await reserveManifestSpace(dir);
  } catch (error) {
    controller.dispose();
    throw error;
  }
  const stopSumo = (): void => void env.close();
  options.signal?.addEventListener('abort', stopSumo, { once: true });
  // The manifest as last written (the hard-stop hook and the error path start from it).
  const written: { manifest: RunManifest | null } = { manifest: null };
  const setManifest = async (next: RunManifest): Promise<RunManifest> => {
    await writeManifest(dir, next);
    return (written.manifest = next);
  };
  const removeHardStop = options.hardStops?.add(() => {
    if (written.manifest?.status === 'running') writeManifestSync(dir, { ...written.manifest, status: 'interrupted', endedAt: new Date().toISOString(), error: `interrupted by ${abortSignalName(options.signal)} (stopped at once)` });
  });
  const writers: Array<CsvWriter<readonly [string, ...string[]]>> = [];
  let ran = 0;
  let lastRow: EpisodeRow | null = null;
  try {
    let state = options.resume ? await loadCheckpoint(checkpointDir(dir, 'latest'), controller) : null;
    const running = await setManifest({
      schemaVersion: 1, status: 'running', config: recorded, seed: config.seed, gitSha: await readGitSha(PACKAGE_ROOT),
      versions: runtimeVersions(backend.path, `SUMO ${checked.sumo.version}`, threads), transport: env.transport, workers: checked.prepared.workers, policyParameters: controller.policyParameters,
      startedAt: previous?.startedAt ?? new Date().toISOString(), endedAt: null, error: null,
      scenario: { dir: scenario.dir, manifest: JSON.parse(JSON.stringify(scenario.manifest)) as JsonValue },
      retries: previous?.retries ?? [],
    });
    const budget = new RetryBudget(config.retries ?? DEFAULT_RETRIES);
    const retryHooks = {
      stopping: (): boolean => options.signal?.aborted ?? false,
      record: async (entry: RetryEntry, used: number): Promise<void> => {
        options.notice?.(`SUMO died in episode ${entry.episode} (${entry.reason}); rerunning it from the last checkpoint (retry ${used}/${budget.limit})`);
        const current = written.manifest ?? running;
        await setManifest({ ...current, retries: [...(current.retries ?? []), entry] });
      },
      restore: async (): Promise<void> => {
        await env.close().catch(() => undefined);
        controller.dispose();
        controller = checked.prepared.create(env.spaces, config.seed);
        await loadCheckpoint(checkpointDir(dir, 'latest'), controller);
      },
    };
    // One rule for every CSV: rows past the last finished episode are cut, then rewritten by this run.
    const keepThrough = state?.episode ?? -1;
    // Controllers may add their own columns (RSM-MASAC's ρ and ψ, MA-PMBRL's utility) after the common ones.
    const episodeColumns = [...EPISODE_COLUMNS, ...(controller.metricColumns ?? [])] as unknown as readonly [string, ...string[]];
    const episodeCsv = await CsvWriter.open(join(dir, 'episodes.csv'), episodeColumns, { keepThrough });
    writers.push(episodeCsv);
    const stepCsv = config.steps ? await CsvWriter.open(join(dir, 'steps.csv'), STEP_COLUMNS, { keepThrough }) : null;
    if (stepCsv) writers.push(stepCsv);
    const commFile = join(dir, 'comm.csv');
    let commCsv = existsSync(commFile) ? await CsvWriter.open(commFile, COMM_COLUMNS, { keepThrough }) : null;
    if (commCsv) writers.push(commCsv);
    const matrixFile = join(dir, COMM_MATRIX_FILE);
    let matrixCsv = existsSync(matrixFile) ? await CsvWriter.open(matrixFile, COMM_MATRIX_COLUMNS, { keepThrough }) : null;
    if (matrixCsv) writers.push(matrixCsv);
    // A run killed between its checkpoint and the CSV write: the row is in the checkpoint.
    if (state && (episodeCsv.lastWrittenKey ?? -1) < state.episode) {
      episodeCsv.append(state.row);
      await episodeCsv.flush();
    }
    const plan = schedule(config);
    const start = state ? state.episode + 1 : 0;
    for (const planned of plan.slice(start)) {
      const stop = interrupted(options, dir);
      if (stop) throw stop;
      // One attempt of the episode; after SUMO died it is rerun from the last checkpoint with fresh collectors.
      const attempt = async (): Promise<{ result: EpisodeResult; stepRows: StepRowCollector | null; commRows: CommRow[]; segments: SegmentExchangeEvent[] }> => {
        options.progress?.episodeStart(planned, config.episodes);
        const stepRows = stepCsv ? stepRowCollector(planned) : null;
        const commRows: CommRow[] = [];
        const segments: SegmentExchangeEvent[] = [];
        let step = 0;
        const collision = firstCollisionObserver(episodeLabel(planned, config.episodes), env, (line) => options.notice?.(line));
        const comm = {
          record: (entry: CommRecord): void => {
            commRows.push(commRow(planned, step, entry));
            for (const s of entry.segments ?? []) segments.push({ episode: planned.index, phase: planned.phase, from: s.from, to: entry.agent, arrived: s.arrived, mixed: s.mixed });
          },
        };
        const spec = { episode: planned.index, epoch: planned.epoch, phase: planned.phase, seed: planned.seed, communicationRange: scenario.manifest.communicationRange, comm, ...(config.evalPolicy === undefined ? {} : { evalPolicy: config.evalPolicy }) };
        const result = await runEpisode(env, controller, spec, (r) => {
          step = r.infos.step;
          stepRows?.add(r);
          options.progress?.step(r);
          collision(r);
        });
        return { result, stepRows, commRows, segments };
      };
      const { result, stepRows, commRows, segments } = await withRetries(planned.index, budget, retryHooks, attempt);
      // From here the episode's files are written whole, even when a signal came meanwhile.
      if (planned.index === 0 && result.learners === 0) throw new NoLearnersError(config.scenario, result.steps);
      const row: EpisodeRow = { ...episodeRow(planned, result), ...result.metrics };
      if (stepCsv && stepRows) {
        for (const r of stepRows.rows) stepCsv.append(r);
        await stepCsv.flush();
      }
      if (commRows.length > 0) {
        if (!commCsv) writers.push((commCsv = await CsvWriter.open(commFile, COMM_COLUMNS, { keepThrough })));
        for (const r of commRows) commCsv.append(r);
        await commCsv.flush();
      }
      if (segments.length > 0) {
        if (!matrixCsv) writers.push((matrixCsv = await CsvWriter.open(matrixFile, COMM_MATRIX_COLUMNS, { keepThrough })));
        for (const r of commMatrixRows(segments)) matrixCsv.append(r);
        await matrixCsv.flush();
      }
      state = nextState(state, planned, row);
      // Evaluation episodes change the controller too (stochastic evaluation draws from its noise streams, new
      // vehicles take slots): `latest` holds it after every episode, so a retry or resume continues exactly.
      await saveCheckpoint(checkpointDir(dir, 'latest'), controller, state);
      if (planned.phase === 'eval' && state.bestEpisode === planned.index) await saveCheckpoint(checkpointDir(dir, 'best'), controller, state);
      episodeCsv.append(row);
      await episodeCsv.flush();
      options.progress?.episodeEnd(planned, row, config.episodes);
      lastRow = row;
      ran++;
    }
    const stop = interrupted(options, dir);
    if (stop) throw stop;
    await setManifest({ ...(written.manifest ?? running), status: 'finished', endedAt: new Date().toISOString() });
    return { dir, status: 'finished', episodesRun: ran, lastRow };
  } catch (caught) {
    const error = interrupted(options, dir) ?? asFileSystemError(caught, 'write', dir);
    const current = written.manifest;
    if (current !== null) {
      const failed = error instanceof RunInterruptedError ? 'interrupted' : 'failed';
      await writeManifest(dir, { ...current, status: failed, endedAt: new Date().toISOString(), error: oneLine(error) }).catch(() => undefined);
    }
    throw error;
  } finally {
    removeHardStop?.();
    await releaseManifestSpace(dir).catch(() => undefined);
    options.signal?.removeEventListener('abort', stopSumo);
    await env.close().catch(() => undefined);
    controller.dispose();
    await Promise.all(writers.map((w) => w.close().catch(() => undefined)));
  }
}

function episodesOf(config: JsonValue): number | null {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return null;
  const { episodes } = config as { readonly [key: string]: JsonValue };
  return typeof episodes === 'number' ? episodes : null;
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
    wall_time: r.wallTime, updates: r.updates, learners: r.learners,
    critic_loss: r.diagnostics.criticLoss, actor_loss: r.diagnostics.actorLoss, alpha: r.diagnostics.alpha, entropy: r.diagnostics.entropy,
  };
}

function commRow(planned: ScheduledEpisode, step: number, e: CommRecord): CommRow {
  return {
    episode: planned.index, epoch: planned.epoch, step, phase: planned.phase, agent: e.agent, kind: e.kind, neighbours: e.neighbours,
    requested: e.requested, received: e.received, lost: e.lost, replicas: e.replicas, mixed: e.mixed, samples: e.samples, bytes: e.bytes,
  };
}

interface StepRowCollector { readonly rows: StepRow[]; add(r: StepResult): void }

/** steps.csv rows of one episode, kept until the episode is over (CSV files are written per episode). */
function stepRowCollector(planned: ScheduledEpisode): StepRowCollector {
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

