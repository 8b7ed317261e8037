// `cavlab sweep-worker <plan> <index>` (hidden): one run of a sweep's plan, started by the local executor or as
// a Slurm array task. SIGINT/SIGTERM stop SUMO, keep the finished episodes and mark the run interrupted (exit
// 130/143); the next sweep resumes it.
import type { Argv } from 'yargs';
import { runPlanned } from '../experiments/worker.js';
import { StopSignals } from '../runner/stop.js';
import { SUMO_BINARY_ENV } from './sweep.js';
import { typedCommand } from './typed-command.js';

interface WorkerArgs { plan: string; index: number }

export const sweepWorkerCommand = typedCommand<WorkerArgs>()({
  command: 'sweep-worker <plan> <index>',
  describe: false,
  builder: (y: Argv) =>
    y.positional('plan', { type: 'string', demandOption: true }).positional('index', { type: 'number', demandOption: true }),
  handler: async (args) => {
    const stop = new StopSignals((line) => process.stderr.write(`cavlab: ${line}\n`), 'stopping SUMO; the next sweep resumes this run').install();
    try {
      const sumoBinary = process.env[SUMO_BINARY_ENV] || undefined;
      const outcome = await runPlanned(args.plan, args.index, { signal: stop.signal, hardStops: stop, ...(sumoBinary ? { sumoBinary } : {}) });
      process.stdout.write(`${outcome.dir}\n`);
    } finally {
      stop.uninstall();
    }
  },
});
