// One planned run inside a sweep worker process: resume it (a fresh folder just starts), log its episodes to
// run.log, and leave sweep-error.txt when it fails before its manifest could say so.
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { episodeLine } from '../runner/progress.js';
import type { ProgressSink } from '../runner/progress.js';
import { executeRun } from '../runner/run.js';
import type { RunOutcome } from '../runner/run.js';
import { readPlannedRun } from './plan-file.js';
import { clearWorkerError, writeWorkerError } from './status.js';

export const RUN_LOG = 'run.log';

export async function runPlanned(planFile: string, index: number, signal?: AbortSignal, sumoBinary?: string): Promise<RunOutcome> {
  const run = await readPlannedRun(planFile, index);
  await mkdir(run.dir, { recursive: true });
  await clearWorkerError(run.dir);
  const log = createWriteStream(join(run.dir, RUN_LOG), { flags: 'a' });
  const write = (text: string): void => void log.write(`${new Date().toISOString()} ${text}\n`);
  const progress: ProgressSink = {
    episodeStart: () => undefined,
    step: () => undefined,
    episodeEnd: (planned, row, total) => write(episodeLine(planned, row, total)),
  };
  write(`start ${run.id} (pid ${process.pid})`);
  try {
    const outcome = await executeRun(run.config, { resume: true, progress, ...(signal ? { signal } : {}), ...(sumoBinary ? { sumoBinary } : {}) });
    write(outcome.status === 'already-finished' ? 'already finished' : `finished after ${outcome.episodesRun} episodes`);
    return outcome;
  } catch (error) {
    const message = signal?.aborted ? `interrupted (${String(signal.reason)}); the next sweep resumes it` : (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    write(`failed: ${message}`);
    await writeWorkerError(run.dir, message);
    throw error;
  } finally {
    await new Promise<void>((done) => log.end(done));
  }
}
