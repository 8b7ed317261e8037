// `cavlab run <experiment file|name>` or `cavlab run --scenario s --algo a [...]`: one run per seed, one after
// another (batches over a grid are `cavlab sweep`). Flags override the file. Ctrl-C stops SUMO and leaves the
// finished episodes on disk; `--resume` continues after them.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { CavlabUsageError } from '../errors.js';
import { readExperimentData, resolveExperimentPath } from '../experiments/load.js';
import { BACKEND_CHOICES } from '../nn/backend.js';
import type { BackendChoice } from '../nn/backend.js';
import type { RunConfig } from '../runner/config.js';
import { checkSeed, parseRunExperiment, parseRunFields, RUN_DEFAULTS, EXPERIMENT_KIND } from '../runner/config.js';
import { RunConfigError, RunInterruptedError } from '../runner/errors.js';
import { prepareController } from '../runner/controllers.js';
import { consoleProgress } from '../runner/progress.js';
import { executeRun } from '../runner/run.js';
import { openDigitalCsvSink, openGridCsvSink } from '../tabular/csv-sink.js';
import { DIGITAL_EXPERIMENT_KIND, GRID_EXPERIMENT_KIND, parseDigitalExperiment, parseGridExperiment } from '../tabular/experiment.js';
import { runDigital } from '../tabular/run-digital.js';
import { runGrid } from '../tabular/run-grid.js';

interface RunArgs {
  experiment?: string;
  algo?: string;
  scenario?: string;
  seed?: number;
  episodes?: number;
  horizon?: number;
  evalEvery?: number;
  evalEpisodes?: number;
  backend?: BackendChoice;
  steps?: boolean;
  name?: string;
  out: string;
  resume: boolean;
  gui: boolean;
}

/** The runs a command line asks for: the experiment file's (if any) with the flags over it. */
export async function runsFromArgs(args: RunArgs, experiment?: { readonly file: string; readonly data: unknown }): Promise<RunConfig[]> {
  const flags: Record<string, unknown> = {};
  for (const key of ['algo', 'scenario', 'episodes', 'horizon', 'evalEvery', 'evalEpisodes', 'backend', 'steps'] as const) {
    if (args[key] !== undefined) flags[key] = args[key];
  }
  let base: Omit<RunConfig, 'seed'>;
  let seeds: readonly number[];
  if (experiment !== undefined) {
    const { file } = experiment;
    const parsed = parseRunExperiment(experiment.data, file);
    base = parseRunFields({ ...parsed.config, ...flags }, file, { experiment: args.name ?? parsed.config.experiment });
    seeds = args.seed !== undefined ? [checkSeed(args.seed, '--seed')] : parsed.seeds;
    // The file's hyper-parameters are checked (and named by file) before any run starts.
    prepareController(base.algo, base.algoConfig, `${file}: algoConfig`);
  } else {
    for (const required of ['scenario', 'algo'] as const) {
      if (args[required] === undefined) throw new CavlabUsageError(`give an experiment file, or --${required} (and --${required === 'scenario' ? 'algo' : 'scenario'})`);
    }
    base = parseRunFields(flags, 'command line', { experiment: args.name ?? RUN_DEFAULTS.experiment });
    seeds = [checkSeed(args.seed ?? 0, '--seed')];
  }
  return seeds.map((seed) => ({ ...base, seed, out: args.out, gui: args.gui }));
}

/** A tabular experiment (PR Sec. V-A): its CSVs under <out>/<name>/ through `open`ed sink, rows from `run`. */
async function runTabular<S extends { close(): Promise<void> }>(name: string, out: string, open: (dir: string) => Promise<S>, run: (sink: S) => Promise<void>): Promise<void> {
  const dir = resolve(out, name);
  await mkdir(dir, { recursive: true });
  const sink = await open(dir);
  try {
    await run(sink);
  } finally {
    await sink.close();
  }
  process.stdout.write(`${dir}\n`);
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run [experiment]',
  describe: 'Train and evaluate a controller on a scenario; writes manifest.json, episodes.csv and checkpoints',
  builder: (y: Argv) =>
    y.positional('experiment', { type: 'string', describe: 'Experiment file (.json) or its name under experiments/' })
      .option('algo', { type: 'string', describe: 'Controller: idm, isac, …' })
      .option('scenario', { type: 'string', describe: 'Registered scenario name or scenario folder' })
      .option('seed', { type: 'number', describe: 'Run seed (default 0; overrides the file\'s seeds)' })
      .option('episodes', { type: 'number', describe: 'Training episodes' })
      .option('horizon', { type: 'number', describe: 'Steps per episode (default: the scenario\'s)' })
      .option('eval-every', { type: 'number', describe: 'Evaluate after every n training episodes and after the last (0 = never)' })
      .option('eval-episodes', { type: 'number', describe: 'Episodes per evaluation' })
      .option('backend', { choices: BACKEND_CHOICES, describe: 'TensorFlow.js backend (default: fastest that loads)' })
      .option('steps', { type: 'boolean', describe: 'Also write steps.csv' })
      .option('name', { type: 'string', describe: 'Experiment name (results/<name>/…)' })
      .option('out', { type: 'string', default: RUN_DEFAULTS.out, describe: 'Results root' })
      .option('resume', { type: 'boolean', default: false, describe: 'Continue a run after its last finished episode' })
      .option('gui', { type: 'boolean', default: false, describe: 'Watch it in sumo-gui' }) as unknown as Argv<RunArgs>,
  handler: async (args) => {
    let experiment: { file: string; data: unknown } | undefined;
    if (args.experiment !== undefined) {
      const file = resolveExperimentPath(args.experiment);
      const data = await readExperimentData(file);
      const kind = typeof data === 'object' && data !== null && 'kind' in data ? data.kind : undefined;
      if (kind === DIGITAL_EXPERIMENT_KIND) {
        const digital = parseDigitalExperiment(data, file);
        return runTabular(digital.name, args.out, openDigitalCsvSink, (sink) => runDigital(digital.config, sink, digital.seeds));
      }
      if (kind === GRID_EXPERIMENT_KIND) {
        const grid = parseGridExperiment(data, file);
        return runTabular(grid.name, args.out, openGridCsvSink, (sink) => runGrid(grid.config, sink, grid.seeds));
      }
      if (kind !== EXPERIMENT_KIND) throw new RunConfigError(file, 'kind', `must be "${EXPERIMENT_KIND}", "${DIGITAL_EXPERIMENT_KIND}" or "${GRID_EXPERIMENT_KIND}", got ${JSON.stringify(kind) ?? 'nothing'}`);
      experiment = { file, data };
    }
    const runs = await runsFromArgs(args, experiment);
    const controller = new AbortController();
    const stop = (signal: NodeJS.Signals): void => {
      if (controller.signal.aborted) process.exit(130);
      process.stderr.write(`\ncavlab: ${signal}: stopping SUMO; finished episodes are kept (--resume continues)\n`);
      controller.abort(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    try {
      for (const config of runs) {
        try {
          const outcome = await executeRun(config, { resume: args.resume, progress: consoleProgress(), signal: controller.signal });
          if (outcome.status === 'already-finished') process.stderr.write(`${outcome.dir} is finished already\n`);
          process.stdout.write(`${join(outcome.dir, 'episodes.csv')}\n`);
        } catch (error) {
          if (controller.signal.aborted) throw new RunInterruptedError(`interrupted by ${String(controller.signal.reason)}; run again with --resume to continue`);
          throw error;
        }
      }
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  },
};
