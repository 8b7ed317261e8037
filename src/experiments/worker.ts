// One planned run inside a sweep worker process: resume it (a fresh folder just starts), log its episodes to
// run.log (src/runner/run-log.ts), and leave an error record in the
// sweep's state folder (status.ts workerErrorFile) when it fails before its manifest could say so. Another live writer of the folder (the previous sweep's worker, still
// stopping) is waited for a while instead of refused at once.
import { RunInterruptedError, RunLockedError } from '../runner/errors.js';
import { RUN_LOG, RunLog } from '../runner/run-log.js';
import { executeRun } from '../runner/run.js';
import type { RunOutcome } from '../runner/run.js';
import type { HardStops } from '../runner/stop.js';
import { readPlannedRun } from './plan-file.js';
import { clearWorkerError, writeWorkerError } from './status.js';

export { RUN_LOG };
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
  const log = new RunLog();
  const progress = log.progress();
  try {
    const outcome = await executeRun(run.config, {
      resume: true, progress, lockWaitMs: LOCK_WAIT_MS, notice: (line) => log.write(line),
      ...(options.sumoBinary ? { sumoBinary: options.sumoBinary } : {}),
      ...(options.signal ? { signal: options.signal } : {}), ...(options.hardStops ? { hardStops: options.hardStops } : {}),
      onLocked: async (dir) => {
        await clearWorkerError(dir);
        log.open(dir);
        log.write(`start ${run.id} (pid ${process.pid})`);
      },
    });
    log.ended({ outcome });
    return outcome;
  } catch (error) {
    const message = log.ended({ error });
    // The manifest tells an interruption; a folder another process writes is not this worker's to mark.
    if (!(error instanceof RunInterruptedError) && !(error instanceof RunLockedError)) await writeWorkerError(run.dir, message).catch(() => undefined);
    throw error;
  } finally {
    await log.close();
  }
}
