// Every `cavlab …` command in the README's ```bash blocks, and how the README test treats it: run as written,
// run with tiny budgets substituted (the README's own runs take minutes), or skipped with the reason. A command
// added to the README without an entry here fails readme.test.ts, so the README cannot drift from the CLI.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const README = fileURLToPath(new URL('../../README.md', import.meta.url));

/** Tiny budgets for runs: 1 training episode (plus its evaluation) of 30 steps. */
export const TINY = ['--episodes', '1', '--horizon', '30'] as const;

export type Plan =
  | { readonly run: 'as-is' }
  /** The command with these arguments instead (`{tmp}` = the test's working folder). */
  | { readonly run: 'instead'; readonly args: readonly string[] }
  | { readonly skip: string };

/** README command (comment stripped) → plan. Order does not matter here; the README's order is the run order. */
export const PLANS: Readonly<Record<string, Plan>> = {
  'cavlab --help': { run: 'as-is' },
  'cavlab sumo check': { run: 'as-is' },
  'cavlab run quickstart': { run: 'instead', args: ['run', 'quickstart', ...TINY] },
  'cavlab eval results/quickstart/isac__figure8__seed1 --episodes 2': { run: 'as-is' },
  'cavlab eval results/quickstart/isac__figure8__seed1 --checkpoint latest --gui': {
    run: 'instead', args: ['eval', 'results/quickstart/isac__figure8__seed1', '--checkpoint', 'latest'],
  },
  'cavlab export results/quickstart/isac__figure8__seed1 --out policy.json': { run: 'as-is' },
  'cavlab plot results/quickstart': { run: 'as-is' },
  'cavlab run --scenario figure8 --algo isac --episodes 3 --horizon 300 --seed 1': {
    run: 'instead', args: ['run', '--scenario', 'figure8', '--algo', 'isac', ...TINY, '--seed', '1'],
  },
  'cavlab run experiments/quickstart.json --name quickstart-2': { run: 'instead', args: ['run', 'experiments/quickstart.json', '--name', 'quickstart-2', ...TINY] },
  'cavlab run quickstart --resume': { run: 'instead', args: ['run', 'quickstart', '--resume', ...TINY] },
  'cavlab plot results/quickstart --metric mean_speed': { run: 'as-is' },
  'cavlab sweep rsm-masac/sweeps/fig6 --dry-run': { run: 'as-is' },
  'cavlab sweep rsm-masac/sweeps/fig6 --budget smoke': { skip: '8 runs: a few minutes' },
  'cavlab sweep rsm-masac/sweeps/fig6 --status': { skip: 'needs the smoke sweep above' },
  'cavlab plot rsm-masac/sweeps/fig6': { skip: 'needs the smoke sweep above' },
  'cavlab plot results/rsm-masac-fig6-smoke --figure rsm-masac/fig6 --format svg': { skip: 'needs the smoke sweep above' },
  'cavlab sweep rsm-masac/sweeps/fig6 --executor slurm --partition gpu': { skip: 'needs a Slurm cluster (test/experiments covers a local one)' },
  'cavlab run experiments/pr/digital.json --out results/pr': { run: 'as-is' },
  'cavlab run experiments/pr/grid.json --out results/pr': { run: 'as-is' },
  'cavlab plot results/pr --figure pr/fig4': { run: 'as-is' },
  'cavlab scenario list': { run: 'as-is' },
  'cavlab scenario build figure8': { run: 'instead', args: ['scenario', 'build', 'figure8', '--out', '{tmp}/built-figure8'] },
  'cavlab scenario init maps/town --sumocfg town.sumocfg': { run: 'as-is' },
  'cavlab scenario validate maps/town': { run: 'as-is' },
  'cavlab run --scenario maps/town --algo isac': { run: 'instead', args: ['run', '--scenario', 'maps/town', '--algo', 'isac', '--horizon', '30'] },
  'cavlab trace record --scenario merge --horizon 300 --out trace.jsonl': { run: 'as-is' },
  'cavlab trace record maps/town/town.sumocfg --horizon 300 --out town.jsonl': { run: 'as-is' },
  'cavlab trace plot trace.jsonl --csv speeds.csv': { run: 'as-is' },
  'cavlab trace view trace.jsonl --scenario merge --out replay.html': { run: 'as-is' },
  'cavlab eval results/quickstart/isac__figure8__seed1 --trace eval.jsonl': { run: 'as-is' },
  'cavlab plot results/quickstart --watch': { skip: 'runs until Ctrl-C (test/plot/watch.test.ts covers it)' },
  'cavlab bench traci': { skip: 'a benchmark: minutes' },
  'cavlab bench sac': { skip: 'a benchmark: minutes' },
  'cavlab bench sac paper-epoch --quick': { skip: 'a benchmark: minutes' },
  'cavlab bench model-based': { skip: 'a benchmark: two intersection8 runs, minutes' },
};

/** The `cavlab …` commands of the README's bash blocks in order, comments stripped, `a && b` split. */
export function readmeCommands(text: string = readFileSync(README, 'utf8')): string[] {
  const out: string[] = [];
  for (const block of text.matchAll(/```bash\n([\s\S]*?)```/g)) {
    for (const line of (block[1] ?? '').split('\n')) {
      for (const part of line.split('&&')) {
        const command = part.replace(/\s+#.*$/, '').trim();
        if (command.startsWith('cavlab ') || command === 'cavlab') out.push(command);
      }
    }
  }
  return out;
}

/** argv (without `cavlab`) of a command as the test runs it, or null when skipped. */
export function argvFor(command: string, tmp: string): string[] | null {
  const plan = PLANS[command];
  if (plan === undefined || 'skip' in plan) return null;
  if (plan.run === 'as-is') return command.split(/\s+/).slice(1);
  return plan.args.map((a) => a.replace('{tmp}', tmp));
}
