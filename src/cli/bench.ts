import type { Argv } from 'yargs';
import { SAC_SUITE_DEFAULTS, SAC_SUITE_QUICK, runSacBench } from '../bench/sac.js';
import { formatSacBench } from '../bench/sac-format.js';
import { TRACI_BENCH_DEFAULTS, TRACI_BENCH_QUICK, formatTraciBench, runTraciBench } from '../bench/traci.js';
import { typedCommand } from './typed-command.js';

const CASES = ['traci', 'sac'] as const;
type BenchCase = (typeof CASES)[number];

interface BenchArgs { case: BenchCase; quick: boolean; json: boolean; repetitions?: number; python: string }

export const benchCommand = typedCommand<BenchArgs>()({
  command: 'bench [case]',
  describe: 'Benchmarks, measured side by side in one run (cases: traci, sac)',
  builder: (y: Argv) =>
    y.positional('case', { type: 'string', default: 'traci', choices: CASES, describe: 'What to measure' })
      .option('quick', { type: 'boolean', default: false, describe: 'Fewer repetitions; sac: skips the slow cpu backend' })
      .option('repetitions', { type: 'number', describe: 'Repetitions, interleaved (the median is reported)' })
      .option('python', { type: 'string', default: TRACI_BENCH_DEFAULTS.python, describe: 'Python for the reference timings (traci/libsumo; torch for sac)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print JSON' }),
  handler: async (args) => {
    if (args.case === 'sac') {
      const base = args.quick ? SAC_SUITE_QUICK : SAC_SUITE_DEFAULTS;
      const result = await runSacBench({ ...base, python: args.python, ...(args.repetitions ? { repetitions: args.repetitions } : {}) });
      process.stdout.write(args.json ? `${JSON.stringify(result)}\n` : `${formatSacBench(result)}\n`);
      return;
    }
    const base = args.quick ? TRACI_BENCH_QUICK : TRACI_BENCH_DEFAULTS;
    const result = await runTraciBench({ ...base, python: args.python, ...(args.repetitions ? { repetitions: args.repetitions } : {}) });
    process.stdout.write(args.json ? `${JSON.stringify(result)}\n` : `${formatTraciBench(result)}\n`);
  },
});
