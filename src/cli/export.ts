// `cavlab export <run> --out policy.json`: a run's trained actors with their observation and action spaces, for
// inference through the API (`loadPolicy`) without cavlab's training code.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { CavlabUsageError } from '../errors.js';
import { exportPolicy } from '../policy/export.js';
import { CHECKPOINTS, openSavedRun, savedCheckpoint } from '../runner/saved-run.js';
import type { CheckpointName } from '../runner/saved-run.js';
import { typedCommand } from './typed-command.js';

interface ExportArgs { run: string; out: string; checkpoint: CheckpointName; force: boolean }

/** The episode index a checkpoint was taken after (its run.json), or null. */
async function checkpointEpisode(dir: string): Promise<number | null> {
  try {
    const state: unknown = JSON.parse(await readFile(join(dir, 'run.json'), 'utf8'));
    return typeof state === 'object' && state !== null && 'episode' in state && typeof state.episode === 'number' ? state.episode : null;
  } catch {
    return null;
  }
}

export const exportCommand = typedCommand<ExportArgs>()({
  command: 'export <run>',
  describe: 'Write a run\'s trained policy (weights, observation/action spaces) as JSON for loadPolicy()',
  builder: (y: Argv) =>
    y.positional('run', { type: 'string', demandOption: true, describe: 'Run folder (results/<experiment>/<run>)' })
      .option('out', { type: 'string', demandOption: true, describe: 'Policy file to write (e.g. policy.json)' })
      .option('checkpoint', { choices: CHECKPOINTS, default: 'best' as const, describe: 'best (highest evaluation return) or latest' })
      .option('force', { type: 'boolean', default: false, describe: 'Replace an existing file' }),
  handler: async (args) => {
    const out = resolve(args.out);
    if (existsSync(out) && !args.force) throw new CavlabUsageError(`${out} exists; pass --force to replace it`);
    const run = await openSavedRun(args.run);
    const dir = savedCheckpoint(run, args.checkpoint);
    const policy = await exportPolicy(run, { name: args.checkpoint, dir, episode: await checkpointEpisode(dir) });
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, `${JSON.stringify(policy)}\n`);
    process.stderr.write(`${policy.policies.length} policies (${policy.source.algo}, ${args.checkpoint} checkpoint), observation ${policy.observation.id} (${policy.observation.size} values), action ${policy.action.kind} in [${policy.action.low.join(', ')}, ${policy.action.high.join(', ')}] ${policy.action.unit}\n`);
    process.stdout.write(`${out}\n`);
  },
});
