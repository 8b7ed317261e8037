// Worker side of the two-worker measurement (sac-workers.ts): builds its share of the learners on its own tfjs
// instance (wasm, OpenBLAS with one thread when it loads), says ready, and on "go" times its update rounds.
import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend } from '../nn/backend.js';
import { mulberry32 } from '../nn/random.js';
import { benchLearner } from './sac-learner.js';
import type { SacBenchOptions } from './sac-learner.js';

interface WorkerInput {
  readonly options: SacBenchOptions;
  readonly learners: number;
  readonly native: boolean;
  readonly seed: number;
}

async function main(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('sac-worker.js must run as a worker thread');
  const input = workerData as WorkerInput;
  const o = input.options;
  const selection = await selectBackend('wasm', { native: input.native, log: () => undefined });
  const rng = mulberry32(input.seed);
  const learners = Array.from({ length: input.learners }, () => benchLearner(o, rng));
  for (const { core, buffer } of learners) for (let i = 0; i < o.warmup; i++) core.update(buffer.sample(o.batchSize, rng));
  port.once('message', () => {
    // Sampling included, as in the PyTorch reference's paper epoch (it is ~1 % of an update).
    const start = performance.now();
    for (let round = 0; round < o.rounds; round++) for (const { core, buffer } of learners) core.update(buffer.sample(o.batchSize, rng));
    const elapsed = performance.now() - start;
    for (const { core } of learners) core.dispose();
    port.postMessage({ kind: 'done', elapsedMs: elapsed, path: selection.path });
  });
  port.postMessage({ kind: 'ready' });
}

await main();
