import type { Argv } from 'yargs';
import { SAC_SUITE_DEFAULTS, SAC_SUITE_QUICK, runSacBench } from '../bench/sac.js';
import { formatPaperEpoch, formatSacBench } from '../bench/sac-format.js';
import { PAPER_EPOCH_DEFAULTS, PAPER_EPOCH_QUICK, runPaperEpochBench } from '../bench/paper-epoch.js';
import { MODEL_BASED_BENCH_DEFAULTS, MODEL_BASED_BENCH_QUICK, formatModelBasedBench, runModelBasedBench } from '../bench/model-based.js';
import { TRACI_BENCH_DEFAULTS, TRACI_BENCH_QUICK, formatTraciBench, runTraciBench } from '../bench/traci.js';
import { CavlabUsageError } from '../errors.js';
import { typedCommand } from './typed-command.js';

const CASES = ['traci', 'sac', 'model-based'] as const;
type BenchCase = (typeof CASES)[number];
/** Parts of the sac case: 'updates' (paths, workers, pool, action selection), 'paper-epoch' (issue 16), or both. */
const SAC_PARTS = ['all', 'updates', 'paper-epoch'] as const;
type SacPart = (typeof SAC_PARTS)[number];

interface BenchArgs { case: BenchCase; part: SacPart; quick: boolean; json: boolean; repetitions?: number; python: string }

export const benchCommand = typedCommand<BenchArgs>()({
  command: 'bench [case] [part]',
  describe: 'Benchmarks, measured side by side in one run (cases: traci, sac, model-based; sac parts: updates, paper-epoch)',
  builder: (y: Argv) =>
    y.positional('case', { type: 'string', default: 'traci', choices: CASES, describe: 'What to measure' })
      .positional('part', { type: 'string', default: 'all', choices: SAC_PARTS, describe: 'sac only: which part (all = both)' })
      .option('quick', { type: 'boolean', default: false, describe: 'Fewer repetitions; sac: skips the slow cpu backend; model-based: 300-step episodes' })
      .option('repetitions', { type: 'number', describe: 'Repetitions, interleaved (the median is reported)' })
      .option('python', { type: 'string', default: TRACI_BENCH_DEFAULTS.python, describe: 'Python for the reference timings (traci/libsumo; torch for sac)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print JSON' }),
  handler: async (args) => {
    // yargs checks choices of options, not of positionals.
    if (!CASES.includes(args.case)) throw new CavlabUsageError(`bench: unknown case '${String(args.case)}' (${CASES.join(', ')})`);
    if (!SAC_PARTS.includes(args.part)) throw new CavlabUsageError(`bench: unknown sac part '${String(args.part)}' (${SAC_PARTS.join(', ')})`);
    if (args.case === 'sac') {
      const base = args.quick ? SAC_SUITE_QUICK : SAC_SUITE_DEFAULTS;
      const updates = args.part === 'paper-epoch' ? null : await runSacBench({ ...base, python: args.python, ...(args.repetitions ? { repetitions: args.repetitions } : {}) });
      const epoch = args.part === 'updates' ? null : await runPaperEpochBench({ ...(args.quick ? PAPER_EPOCH_QUICK : PAPER_EPOCH_DEFAULTS), python: args.python });
      if (args.json) process.stdout.write(`${JSON.stringify({ ...updates, ...(epoch === null ? {} : { paperEpoch: epoch.paperEpoch, paperEpochDetail: epoch }) })}\n`);
      else process.stdout.write(`${[updates === null ? null : formatSacBench(updates), epoch === null ? null : formatPaperEpoch(epoch)].filter((t) => t !== null).join('\n')}\n`);
      return;
    }
    if (args.case === 'model-based') {
      const result = await runModelBasedBench(args.quick ? MODEL_BASED_BENCH_QUICK : MODEL_BASED_BENCH_DEFAULTS);
      process.stdout.write(args.json ? `${JSON.stringify({ modelBased: result })}\n` : `${formatModelBasedBench(result)}\n`);
      return;
    }
    const base = args.quick ? TRACI_BENCH_QUICK : TRACI_BENCH_DEFAULTS;
    const result = await runTraciBench({ ...base, python: args.python, ...(args.repetitions ? { repetitions: args.repetitions } : {}) });
    process.stdout.write(args.json ? `${JSON.stringify(result)}\n` : `${formatTraciBench(result)}\n`);
  },
});
