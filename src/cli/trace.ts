import type { Argv, CommandModule } from 'yargs';
import { CavlabUsageError } from '../errors.js';
import { recordTrace } from '../trace/record.js';

interface RecordArgs { sumocfg: string; steps: number; out: string; seed?: number; gui: boolean; sumoBinary?: string }

const record: CommandModule<object, RecordArgs> = {
  command: 'record <sumocfg>',
  describe: "Run a SUMO config and write every vehicle's id, x, y, speed, lane position, road and lane per step (JSON lines)",
  builder: (y: Argv) =>
    y.positional('sumocfg', { type: 'string', demandOption: true, describe: 'SUMO configuration (.sumocfg)' })
      .option('steps', { type: 'number', demandOption: true, describe: 'Number of simulation steps' })
      .option('out', { type: 'string', demandOption: true, describe: 'Output file (.jsonl)' })
      .option('seed', { type: 'number', describe: 'SUMO random seed' })
      .option('gui', { type: 'boolean', default: false, describe: 'Watch it in sumo-gui' })
      .option('sumo-binary', { type: 'string', describe: 'SUMO binary to use' }) as unknown as Argv<RecordArgs>,
  handler: async (args) => {
    if (!Number.isInteger(args.steps) || args.steps < 1) throw new CavlabUsageError(`--steps must be a positive integer, got ${String(args.steps)}`);
    const lines = await recordTrace({
      steps: args.steps,
      out: args.out,
      sumo: {
        configFile: args.sumocfg,
        gui: args.gui,
        ...(args.seed !== undefined ? { seed: args.seed } : {}),
        ...(args.sumoBinary ? { sumoBinary: args.sumoBinary } : {}),
      },
    });
    process.stderr.write(`wrote ${lines} steps to ${args.out}\n`);
  },
};

export const traceCommand: CommandModule = {
  command: 'trace <command>',
  describe: 'Record vehicle traces',
  builder: (y: Argv) => y.command(record).demandCommand(1),
  handler: () => undefined,
};
