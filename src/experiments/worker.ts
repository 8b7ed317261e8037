// One planned run inside a sweep worker process: resume it (a fresh folder just starts), log its episodes to
// run.log (opened once the folder is locked, so two workers never share it), and leave an error record in the
// sweep's state folder (status.ts workerErrorFile) when it fails before its manifest could say so. Another live writer of the folder (the previous sweep's worker, still
// stopping) is waited for a while instead of refused at once.
import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { join } from 'node:path';
import { CavlabError } from '../errors.js';
import { RunInterruptedError, RunLockedError } from '../runner/errors.js';
import { episodeLine } from '../runner/progress.js';
import type { ProgressSink } from '../runner/progress.js';
import { executeRun } from '../runner/run.js';
import type { RunOutcome } from '../runner/run.js';
import type { HardStops } from '../runner/stop.js';
import { readPlannedRun } from './plan-file.js';
import { clearWorkerError, writeWorkerError } from './status.js';

export const RUN_LOG = 'run.log';
/** A worker of a killed sweep gets SIGTERM from the kernel and stops SUMO within seconds (STOP_TIMEOUT_MS + save). */
const LOCK_WAIT_MS = 30_000;

export interface WorkerOptions {
  readonly signal?: AbortSignal;
  readonly hardStops?: HardStops;
  /** The SUMO binary (`--sumo-binary` of the sweep), else found on SUMO_HOME/PATH. */
  readonly sumoBinary?: string;
}

export async function runPlanned(planFile: string, index: number, options: WorkerOptions = {}): Promise<RunOutcome> {
  const run = await readPlannedRun(planFile, index);
  const sink: { log: WriteStream | null } = { log: null };
  const write = (text: string): void => void sink.log?.write(`${new Date().toISOString()} ${text}\n`);
  const progress: ProgressSink = {
    episodeStart: () => undefined,
    step: () => undefined,
    episodeEnd: (planned, row, total) => write(episodeLine(planned, row, total)),
  };
  try {
    const outcome = await executeRun(run.config, {
      resume: true, progress, lockWaitMs: LOCK_WAIT_MS, notice: (line) => write(line),
      ...(options.sumoBinary ? { sumoBinary: options.sumoBinary } : {}),
      ...(options.signal ? { signal: options.signal } : {}), ...(options.hardStops ? { hardStops: options.hardStops } : {}),
      onLocked: async (dir) => {
        await clearWorkerError(dir);
        sink.log = createWriteStream(join(dir, RUN_LOG), { flags: 'a' });
        write(`start ${run.id} (pid ${process.pid})`);
      },
    });
    write(outcome.status === 'already-finished' ? 'already finished' : `finished after ${outcome.episodesRun} episodes`);
    return outcome;
  } catch (error) {
    const message = error instanceof CavlabError || error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error);
    write(`${error instanceof RunInterruptedError ? 'stopped' : 'failed'}: ${message}`);
    // The manifest tells an interruption; a folder another process writes is not this worker's to mark.
    if (!(error instanceof RunInterruptedError) && !(error instanceof RunLockedError)) await writeWorkerError(run.dir, message).catch(() => undefined);
    throw error;
  } finally {
    const open = sink.log;
    if (open !== null) await new Promise<void>((done) => open.end(done));
  }
}
