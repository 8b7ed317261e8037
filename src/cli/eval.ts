// `cavlab eval <run>`: replay a run's saved policy in fresh evaluation episodes (deterministic by default),
// optionally in sumo-gui; rows go to <run>/eval.csv, episodes.csv is left as it is.
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { CavlabUsageError } from '../errors.js';
import { EvalInterruptedError } from '../runner/errors.js';
import { evaluateRun } from '../runner/evaluate.js';
import { CHECKPOINTS, openSavedRun } from '../runner/saved-run.js';
import type { CheckpointName } from '../runner/saved-run.js';
import { typedCommand } from './typed-command.js';

interface EvalArgs { run: string; checkpoint: CheckpointName; episodes: number; seed?: number; stochastic: boolean; gui: boolean; horizon?: number; trace?: string }

function fixed(value: unknown, digits: number): string {
  return typeof value === 'number' ? value.toFixed(digits) : String(value);
}

export const evalCommand = typedCommand<EvalArgs>()({
  command: 'eval <run>',
  describe: 'Evaluate a run\'s saved policy in new episodes (no learning); appends to <run>/eval.csv',
  builder: (y: Argv) =>
    y.positional('run', { type: 'string', demandOption: true, describe: 'Run folder (results/<experiment>/<run>)' })
      .option('checkpoint', { choices: CHECKPOINTS, default: 'best' as const, describe: 'best (highest evaluation return) or latest (end of the last training episode)' })
      .option('episodes', { type: 'number', default: 1, describe: 'Evaluation episodes' })
      .option('seed', { type: 'number', describe: 'Seed of the episodes\' SUMO seeds (default: the run\'s, i.e. the run\'s own evaluation traffic)' })
      .option('stochastic', { type: 'boolean', default: false, describe: 'Sample actions instead of the deterministic policy mean' })
      .option('horizon', { type: 'number', describe: 'Steps per episode (default: the run\'s)' })
      .option('gui', { type: 'boolean', default: false, describe: 'Watch it in sumo-gui' })
      .option('trace', { type: 'string', describe: 'Write the first episode\'s trace here (JSON lines; `cavlab trace view` makes a replay page of it)' }),
  handler: async (args) => {
    if (!Number.isInteger(args.episodes) || args.episodes < 1) throw new CavlabUsageError(`--episodes must be a positive integer, got ${String(args.episodes)}`);
    if (args.seed !== undefined && (!Number.isInteger(args.seed) || args.seed < 0)) throw new CavlabUsageError(`--seed must be a non-negative integer, got ${String(args.seed)}`);
    if (args.horizon !== undefined && (!Number.isInteger(args.horizon) || args.horizon < 1)) throw new CavlabUsageError(`--horizon must be a positive integer, got ${String(args.horizon)}`);
    const run = await openSavedRun(args.run);
    const controller = new AbortController();
    const stop = (signal: NodeJS.Signals): void => {
      if (controller.signal.aborted) process.exit(130);
      controller.abort(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    try {
      const outcome = await evaluateRun(run, {
        checkpoint: args.checkpoint, episodes: args.episodes, stochastic: args.stochastic, gui: args.gui, signal: controller.signal,
        ...(args.seed !== undefined ? { seed: args.seed } : {}), ...(args.horizon !== undefined ? { horizon: args.horizon } : {}),
        ...(args.trace !== undefined ? { trace: args.trace } : {}),
        onCollision: (line) => process.stderr.write(`cavlab: ${line}\n`),
        onEpisode: (row) => process.stderr.write(`eval ${Number(row.row) + 1}  ${String(row.policy)}  return ${fixed(row.return, 2)}  mean speed ${fixed(row.mean_speed, 2)} m/s  collisions ${String(row.collisions)}  learners ${String(row.learners)}\n`),
      });
      const returns = outcome.rows.map((r) => Number(r.return));
      process.stderr.write(`${run.algo} on ${run.scenario.manifest.name}, ${args.checkpoint} checkpoint: mean return ${(returns.reduce((a, b) => a + b, 0) / returns.length).toFixed(2)} over ${returns.length} episode${returns.length === 1 ? '' : 's'}\n`);
      if (args.trace !== undefined) process.stderr.write(`wrote the trace of eval episode 1 to ${args.trace} (cavlab trace view ${args.trace} --scenario ${run.scenario.dir} --out replay.html)\n`);
      process.stdout.write(`${outcome.file}\n`);
    } catch (error) {
      if (controller.signal.aborted) throw new EvalInterruptedError(join(run.dir, 'eval.csv'), String(controller.signal.reason));
      throw error;
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  },
});
