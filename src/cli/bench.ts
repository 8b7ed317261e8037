import type { Argv, CommandModule } from 'yargs';
import { TRACI_BENCH_DEFAULTS, TRACI_BENCH_QUICK, formatTraciBench, runTraciBench } from '../bench/traci.js';

interface BenchArgs { case: string; quick: boolean; json: boolean; repetitions?: number; python: string }

export const benchCommand: CommandModule<object, BenchArgs> = {
  command: 'bench [case]',
  describe: 'Benchmarks, measured side by side in one run (cases: traci)',
  builder: (y: Argv) =>
    y.positional('case', { type: 'string', default: 'traci', choices: ['traci'], describe: 'What to measure' })
      .option('quick', { type: 'boolean', default: false, describe: 'Fewer repetitions' })
      .option('repetitions', { type: 'number', describe: 'Repetitions (median is reported)' })
      .option('python', { type: 'string', default: TRACI_BENCH_DEFAULTS.python, describe: 'Python with SUMO traci/libsumo for the reference timings' })
      .option('json', { type: 'boolean', default: false, describe: 'Print JSON' }) as unknown as Argv<BenchArgs>,
  handler: async (args) => {
    const base = args.quick ? TRACI_BENCH_QUICK : TRACI_BENCH_DEFAULTS;
    const result = await runTraciBench({ ...base, python: args.python, ...(args.repetitions ? { repetitions: args.repetitions } : {}) });
    process.stdout.write(args.json ? `${JSON.stringify(result)}\n` : `${formatTraciBench(result)}\n`);
  },
};
