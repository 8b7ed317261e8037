// `cavlab sweep-worker <plan> <index>` (hidden): one run of a sweep's plan, started by the local executor or as
// a Slurm array task. SIGINT/SIGTERM stop SUMO and keep the finished episodes; the next sweep resumes.
import type { Argv, CommandModule } from 'yargs';
import { runPlanned } from '../experiments/worker.js';
import { SUMO_BINARY_ENV } from './sweep.js';

interface WorkerArgs { plan: string; index: number }

export const sweepWorkerCommand: CommandModule<object, WorkerArgs> = {
  command: 'sweep-worker <plan> <index>',
  describe: false,
  builder: (y: Argv) =>
    y.positional('plan', { type: 'string', demandOption: true }).positional('index', { type: 'number', demandOption: true }) as unknown as Argv<WorkerArgs>,
  handler: async (args) => {
    const controller = new AbortController();
    const stop = (signal: NodeJS.Signals): void => controller.abort(signal);
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    try {
      const outcome = await runPlanned(args.plan, args.index, controller.signal, process.env[SUMO_BINARY_ENV] || undefined);
      process.stdout.write(`${outcome.dir}\n`);
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  },
};
