import type { Argv, CommandModule } from 'yargs';
import { CavlabUsageError } from '../errors.js';
import { writeFigure } from '../plot/render.js';
import { knownFunctions } from '../env/functions.js';
import { loadScenario } from '../scenarios/sumo-options.js';
import { TRANSPORT_CHOICES } from '../sumo/transport.js';
import type { TransportChoice } from '../sumo/transport.js';
import { recordTrace } from '../trace/record.js';
import { writeReplayPage } from '../trace/replay-page.js';
import { speedFigure, summarizeTrace, writeSummaryCsv } from '../trace/summary.js';
import { typedCommand } from './typed-command.js';

interface RecordArgs { sumocfg?: string; scenario?: string; horizon: number; out: string; seed?: number; gui: boolean; sumoBinary?: string; transport: TransportChoice }
interface ViewArgs { trace: string; scenario?: string; out: string }
interface PlotArgs { trace: string; out?: string; csv?: string; format: 'png' | 'svg'; title: string }

const record = typedCommand<RecordArgs>()({
  command: 'record [sumocfg]',
  describe: "Run a SUMO config or a scenario and write every vehicle's id, x, y, speed, lane position, road and lane per step (JSON lines)",
  builder: (y: Argv) =>
    y.positional('sumocfg', { type: 'string', describe: 'SUMO configuration (.sumocfg)' })
      .option('scenario', { type: 'string', describe: 'A registered scenario name or a scenario folder (instead of a .sumocfg)' })
      .option('horizon', { alias: 'steps', type: 'number', demandOption: true, describe: 'Simulation steps to record (like `run --horizon`; --steps is the older name)' })
      .option('out', { type: 'string', demandOption: true, describe: 'Output file (.jsonl)' })
      .option('seed', { type: 'number', describe: 'SUMO random seed' })
      .option('gui', { type: 'boolean', default: false, describe: 'Watch it in sumo-gui' })
      .option('sumo-binary', { type: 'string', describe: 'SUMO binary to use' })
      .option('transport', { choices: TRANSPORT_CHOICES, default: 'auto' as const, describe: 'TCP TraCI or in-process libsumo (auto: libsumo when built and no --gui)' }),
  handler: async (args) => {
    if (!Number.isInteger(args.horizon) || args.horizon < 1) throw new CavlabUsageError(`--horizon must be a positive integer, got ${String(args.horizon)}`);
    if ((args.sumocfg === undefined) === (args.scenario === undefined)) throw new CavlabUsageError('give either a .sumocfg or --scenario <name|dir>');
    const inputs = args.scenario !== undefined ? (await loadScenario(args.scenario, knownFunctions())).sumo : { configFile: args.sumocfg ?? '' };
    const { lines, transport } = await recordTrace({
      steps: args.horizon,
      out: args.out,
      transport: args.transport,
      sumo: {
        ...inputs,
        gui: args.gui,
        ...(args.seed !== undefined ? { seed: args.seed } : {}),
        ...(args.sumoBinary ? { sumoBinary: args.sumoBinary } : {}),
      },
    });
    process.stderr.write(`wrote ${lines} steps to ${args.out} (transport ${transport})\n`);
  },
});

const plot = typedCommand<PlotArgs>()({
  command: 'plot <trace>',
  describe: 'Mean and minimum speed over time of a recorded trace, as a figure (and CSV with --csv)',
  builder: (y: Argv) =>
    y.positional('trace', { type: 'string', demandOption: true, describe: 'Trace file from `trace record`' })
      .option('out', { type: 'string', describe: 'Figure file (default: the trace\'s name with .png or .svg)' })
      .option('csv', { type: 'string', describe: 'Also write the per-step summary as CSV' })
      .option('format', { choices: ['png', 'svg'] as const, default: 'png' as const })
      .option('title', { type: 'string', default: 'Speeds over time' }),
  handler: async (args) => {
    const rows = await summarizeTrace(args.trace);
    if (args.csv) await writeSummaryCsv(rows, args.csv);
    const out = args.out ?? `${args.trace.replace(/\.jsonl?$/, '')}.${args.format}`;
    process.stdout.write(`${await writeFigure(speedFigure(rows, args.title), out, args.format)}\n`);
  },
});

const view: CommandModule<object, ViewArgs> = {
  command: 'view <trace>',
  describe: 'A self-contained HTML replay of a trace (lanes of the scenario\'s net, vehicles animated; no server, no network)',
  builder: (y: Argv) =>
    y.positional('trace', { type: 'string', demandOption: true, describe: 'Trace file from `trace record` or `eval --trace`' })
      .option('scenario', { type: 'string', describe: 'Scenario name or folder whose net is drawn (default: vehicles only)' })
      .option('out', { type: 'string', default: 'replay.html', describe: 'HTML file to write' }) as unknown as Argv<ViewArgs>,
  handler: async (args) => {
    const r = await writeReplayPage({ trace: args.trace, out: args.out, ...(args.scenario !== undefined ? { scenario: args.scenario } : {}) });
    process.stderr.write(`${r.frames} steps, ${r.vehicles} vehicles, ${(r.bytes / 1024).toFixed(0)} KiB\n`);
    process.stdout.write(`${r.out}\n`);
  },
};

export const traceCommand: CommandModule = {
  command: 'trace <command>',
  describe: 'Record, plot and replay vehicle traces',
  builder: (y: Argv) => y.command(record).command(plot).command(view).demandCommand(1),
  handler: () => undefined,
};
