// `cavlab run <experiment file|name>` or `cavlab run --scenario s --algo a [...]`: one run per seed, one after
// another (batches over a grid are `cavlab sweep`). Flags override the file. Ctrl-C stops SUMO, leaves the
// finished episodes on disk and marks the run interrupted (exit 130; SIGTERM 143); `--resume` continues after them.
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { CONTROLLERS } from '../agents/controllers/registry.js';
import { CavlabUsageError } from '../errors.js';
import { readExperimentData, resolveExperimentPath } from '../experiments/load.js';
import { BACKEND_CHOICES } from '../nn/backend.js';
import { TRANSPORT_CHOICES } from '../sumo/transport.js';
import type { TransportChoice } from '../sumo/transport.js';
import type { BackendChoice } from '../nn/backend.js';
import type { RunConfig } from '../runner/config.js';
import { checkSeed, parseRunExperiment, parseRunFields, RUN_DEFAULTS, EXPERIMENT_KIND } from '../runner/config.js';
import { RunConfigError } from '../runner/errors.js';
import { prepareController } from '../runner/controllers.js';
import { CLEAR_LINE, consoleProgress, isLiveTerminal } from '../runner/progress.js';
import { bothProgress, RunLog } from '../runner/run-log.js';
import { executeRun } from '../runner/run.js';
import { StopSignals } from '../runner/stop.js';
import { findSumo } from '../sumo/binary.js';
import { DIGITAL_EXPERIMENT_KIND, GRID_EXPERIMENT_KIND } from '../tabular/experiment.js';
import { runGridTabular, runTabular } from './run-digital.js';
import { typedCommand } from './typed-command.js';

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
  transport?: TransportChoice;
  workers?: string;
  retries?: number;
  init?: string;
  testOnly?: boolean;
  name?: string;
  out: string;
  resume: boolean;
  gui: boolean;
  sumoBinary?: string;
}

/** The runs a command line asks for: the experiment file's (if any) with the flags over it. */
export async function runsFromArgs(args: RunArgs, experiment?: { readonly file: string; readonly data: unknown }): Promise<RunConfig[]> {
  const flags: Record<string, unknown> = {};
  for (const key of ['algo', 'scenario', 'episodes', 'horizon', 'evalEvery', 'evalEpisodes', 'backend', 'steps', 'transport', 'retries', 'testOnly'] as const) {
    if (args[key] !== undefined) flags[key] = args[key];
  }
  // 'auto' or a count; anything else is refused by the run fields' check, naming --workers' value.
  if (args.workers !== undefined) flags['workers'] = /^\d+$/.test(args.workers) ? Number(args.workers) : args.workers;
  // --init names the run; the file's init (if any) keeps its checkpoint and learner.
  const initFlag = (fileInit: object | undefined): Record<string, unknown> => (args.init === undefined ? {} : { init: { ...fileInit, run: args.init } });
  let base: Omit<RunConfig, 'seed'>;
  let seeds: readonly number[];
  if (experiment !== undefined) {
    const { file } = experiment;
    const parsed = parseRunExperiment(experiment.data, file);
    base = parseRunFields({ ...parsed.config, ...flags, ...initFlag(parsed.config.init) }, file, { experiment: args.name ?? parsed.config.experiment });
    seeds = args.seed !== undefined ? [checkSeed(args.seed, '--seed')] : parsed.seeds;
    // The file's hyper-parameters are checked (and named by file) before any run starts.
    prepareController(base.algo, base.algoConfig, `${file}: algoConfig`);
  } else {
    for (const required of ['scenario', 'algo'] as const) {
      if (args[required] === undefined) throw new CavlabUsageError(`give an experiment file, or --${required} (and --${required === 'scenario' ? 'algo' : 'scenario'})`);
    }
    base = parseRunFields({ ...flags, ...initFlag(undefined) }, 'command line', { experiment: args.name ?? RUN_DEFAULTS.experiment });
    seeds = [checkSeed(args.seed ?? 0, '--seed')];
  }
  return seeds.map((seed) => ({ ...base, seed, out: args.out, gui: args.gui }));
}

export const runCommand = typedCommand<RunArgs>()({
  command: 'run [experiment]',
  describe: 'Train and evaluate a controller on a scenario (manifest.json, episodes.csv, checkpoints)',
  builder: (y: Argv) =>
    y.positional('experiment', { type: 'string', describe: 'Experiment file (.json) or its name under experiments/' })
      .option('algo', { type: 'string', describe: `Controller: ${[...CONTROLLERS.keys()].join(', ')}` })
      .option('scenario', { type: 'string', describe: 'Registered scenario name or scenario folder' })
      .option('seed', { type: 'number', describe: 'Run seed (default 0; overrides the file\'s seeds): every episode\'s SUMO seed, network initialisation, exploration noise, replay sampling and which entering vehicles learn' })
      .option('episodes', { type: 'number', describe: 'Training episodes' })
      .option('horizon', { type: 'number', describe: 'Steps per episode (default: the scenario\'s)' })
      .option('eval-every', { type: 'number', describe: 'Evaluate after every n training episodes and after the last (0 = never)' })
      .option('eval-episodes', { type: 'number', describe: 'Episodes per evaluation' })
      .option('backend', { choices: BACKEND_CHOICES, describe: 'TensorFlow.js backend (default: fastest that loads)' })
      .option('steps', { type: 'boolean', describe: 'Also write steps.csv' })
      .option('transport', { choices: TRANSPORT_CHOICES, describe: 'SUMO over TCP (traci) or in-process (libsumo); default auto: libsumo when built and no --gui' })
      .option('workers', { type: 'string', describe: 'Worker threads for the learners (auto, 1 or 2): auto takes both cores when one is free as the run starts; the numbers are the same either way' })
      .option('retries', { type: 'number', describe: 'Times SUMO may die (crash, kill, hang) before the run fails; each reruns the episode from the last checkpoint (default 2)' })
      .option('init', { type: 'string', describe: 'Start every learner from this trained run folder\'s networks (its latest checkpoint, learner 0; RSM-MASAC Fig. 13)' })
      .option('test-only', { type: 'boolean', describe: 'Run only the evaluation episodes (no training), e.g. with --init' })
      .option('name', { type: 'string', describe: 'Experiment name (results/<name>/…)' })
      .option('out', { type: 'string', default: RUN_DEFAULTS.out, describe: 'Results root' })
      .option('resume', { type: 'boolean', default: false, describe: 'Continue a run after its last finished episode' })
      .option('gui', { type: 'boolean', default: false, describe: 'Watch it in sumo-gui' })
      .option('sumo-binary', { type: 'string', describe: 'SUMO binary to use instead of $SUMO_HOME/bin or PATH' }),
  handler: async (args) => {
    let experiment: { file: string; data: unknown } | undefined;
    if (args.experiment !== undefined) {
      const file = resolveExperimentPath(args.experiment);
      const data = await readExperimentData(file);
      const kind = typeof data === 'object' && data !== null && 'kind' in data ? data.kind : undefined;
      if (kind === DIGITAL_EXPERIMENT_KIND) {
        process.stdout.write(`${await runTabular(file, data, args.out)}\n`);
        return;
      }
      if (kind === GRID_EXPERIMENT_KIND) {
        process.stdout.write(`${await runGridTabular(file, data, args.out)}\n`);
        return;
      }
      if (kind !== EXPERIMENT_KIND) throw new RunConfigError(file, 'kind', `must be "${EXPERIMENT_KIND}", "${DIGITAL_EXPERIMENT_KIND}" or "${GRID_EXPERIMENT_KIND}", got ${JSON.stringify(kind) ?? 'nothing'}`);
      experiment = { file, data };
    }
    const runs = await runsFromArgs(args, experiment);
    // A wrong binary is reported before any run folder is made.
    if (args.sumoBinary !== undefined) findSumo({ binary: args.sumoBinary, gui: args.gui });
    const stop = new StopSignals((line) => process.stderr.write(`\ncavlab: ${line}\n`), 'stopping SUMO; finished episodes are kept (--resume continues; again to stop at once)').install();
    // On a terminal a notice first clears the live progress line it interrupts.
    const clear = isLiveTerminal(process.stderr) ? CLEAR_LINE : '';
    const notice = (line: string): void => void process.stderr.write(`${clear}cavlab: ${line}\n`);
    try {
      for (const config of runs) {
        // Every run keeps its own run.log (as sweep runs do), beside the console's lines.
        const log = new RunLog();
        try {
          const outcome = await executeRun(config, {
            resume: args.resume, progress: bothProgress(consoleProgress(), log.progress()), signal: stop.signal, hardStops: stop,
            notice: (line) => { notice(line); log.write(line); },
            onLocked: async (dir) => { log.open(dir); log.write(`start (pid ${process.pid}${args.resume ? ', --resume' : ''})`); },
            ...(args.sumoBinary ? { sumoBinary: args.sumoBinary } : {}),
          });
          log.ended({ outcome });
          if (outcome.status === 'already-finished') process.stderr.write(`${outcome.dir} is finished already\n`);
          process.stdout.write(`${join(outcome.dir, 'episodes.csv')}\n`);
        } catch (error) {
          log.ended({ error });
          throw error;
        } finally {
          await log.close();
        }
      }
    } finally {
      stop.uninstall();
    }
  },
});
