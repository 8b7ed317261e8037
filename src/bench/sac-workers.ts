// Learners split over two worker threads (issue 10 part 3, measured only): each worker has its own tfjs and
// OpenBLAS (one thread); both start together and the rate is all updates over the slower worker's time.
// This measures whether two workers would pay; training itself still runs all learners in one thread.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SacBenchOptions } from './sac-learner.js';

export interface WorkersBenchResult {
  /** Agent-updates per second over both workers; null when not measured. */
  readonly rate: number | null;
  readonly split: readonly number[];
  readonly path: string | null;
  readonly skipped: string | null;
}

type WorkerMessage = { kind: 'ready' } | { kind: 'done'; elapsedMs: number; path: string };

function isWorkerMessage(value: unknown): value is WorkerMessage {
  return typeof value === 'object' && value !== null && 'kind' in value && (value.kind === 'ready' || value.kind === 'done');
}

export async function benchTwoWorkers(o: SacBenchOptions, native: boolean): Promise<WorkersBenchResult> {
  const split = [o.learners - Math.floor(o.learners / 2), Math.floor(o.learners / 2)].filter((n) => n > 0);
  // The worker runs compiled JavaScript: under a TypeScript test runner the file does not exist.
  const script = new URL('./sac-worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(script))) return { rate: null, split, path: null, skipped: `${fileURLToPath(script)} not built (run from dist/)` };
  const workers = split.map((learners, i) => new Worker(script, { workerData: { options: o, learners, native, seed: o.seed + 10 + i } }));
  try {
    const ready = workers.map((w) => nextMessage(w, 'ready'));
    await Promise.all(ready);
    const done = workers.map((w) => nextMessage(w, 'done'));
    for (const w of workers) w.postMessage('go');
    const results = await Promise.all(done);
    const slowest = Math.max(...results.map((r) => (r.kind === 'done' ? r.elapsedMs : 0)));
    const first = results[0];
    return { rate: (o.learners * o.rounds) / (slowest / 1000), split, path: first?.kind === 'done' ? first.path : null, skipped: null };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function nextMessage(worker: Worker, kind: WorkerMessage['kind']): Promise<WorkerMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (value: unknown): void => {
      if (!isWorkerMessage(value) || value.kind !== kind) return;
      worker.off('message', onMessage);
      worker.off('error', reject);
      resolve(value);
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
  });
}
