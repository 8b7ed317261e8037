// `cavlab scenario list | build <name> | validate <dir> | init <dir> --sumocfg <file>`.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { knownFunctions } from '../env/functions.js';
import { LEADER_FOLLOWER_DEFAULTS, LEADER_FOLLOWER_SIZE } from '../env/observations/leader-follower.js';
import { CavlabError, CavlabUsageError } from '../errors.js';
import { buildScenario } from '../scenarios/build.js';
import { formatProblem } from '../scenarios/errors.js';
import { SCENARIO_GENERATORS } from '../scenarios/generators/all.js';
import { initScenario } from '../scenarios/init.js';
import { describeLearners } from '../scenarios/learners.js';
import { listScenarios, readScenarioManifest, resolveScenario, SCENARIO_ROOT } from '../scenarios/registry.js';
import { describeDemand, resolveSumoFiles } from '../scenarios/sumo-files.js';
import { validateScenario } from '../scenarios/validate.js';
import { typedCommand } from './typed-command.js';

/** `scenario init` picks the leader-follower observation (it works on any map). */
const INIT_OBSERVATION = { size: LEADER_FOLLOWER_SIZE, maxGap: LEADER_FOLLOWER_DEFAULTS.maxGap } as const;

/** `scenario validate` found problems (they were printed one per line before this). */
export class ScenarioValidationFailed extends CavlabError {}

/** One row of `scenario list`. */
export interface ScenarioListing {
  readonly name: string;
  readonly dir: string;
  readonly vehicles: string;
  readonly learners: string;
  readonly horizon: number | null;
  readonly source: string | null;
  /** Problems reading the manifest, if any. */
  readonly problems: readonly string[];
}

export async function listScenarioInfo(root: string = SCENARIO_ROOT): Promise<ScenarioListing[]> {
  const out: ScenarioListing[] = [];
  for (const name of listScenarios(root)) {
    const dir = join(root, name);
    const { manifest, problems } = await readScenarioManifest(dir, knownFunctions());
    let vehicles = '?';
    if (manifest) {
      try {
        const files = resolveSumoFiles(dir, manifest.sumo);
        vehicles = describeDemand(files.routes.filter((f) => existsSync(f)).map((f) => readFileSync(f, 'utf8')));
      } catch {
        // an unreadable .sumocfg shows as '?'; `validate` says why
      }
    }
    out.push({
      name, dir, vehicles, learners: manifest ? describeLearners(manifest.learners) : '?', horizon: manifest?.horizon ?? null,
      source: manifest?.source ?? null, problems: problems.map(formatProblem),
    });
  }
  return out;
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd()).join('\n');
}

interface ListArgs { json: boolean; root?: string }
const list = typedCommand<ListArgs>()({
  command: 'list',
  describe: 'List the scenarios in sumo-scenarios/ (name, vehicles, learners, horizon, source paper)',
  builder: (y: Argv) =>
    y.option('json', { type: 'boolean', default: false, describe: 'Print JSON' })
      .option('root', { type: 'string', describe: 'Folder of scenarios instead of the bundled sumo-scenarios/' }),
  handler: async (args) => {
    const rows = await listScenarioInfo(args.root ? resolve(args.root) : SCENARIO_ROOT);
    if (args.json) {
      process.stdout.write(`${JSON.stringify(rows)}\n`);
      return;
    }
    process.stdout.write(`${table([
      ['NAME', 'VEHICLES', 'LEARNERS', 'HORIZON', 'SOURCE'],
      ...rows.map((r) => [r.name, r.vehicles, r.learners, r.horizon === null ? '?' : String(r.horizon), r.problems[0] ?? r.source ?? '-']),
    ])}\n`);
  },
});

interface BuildArgs { name: string; out?: string }
const build = typedCommand<BuildArgs>()({
  command: 'build <name>',
  describe: `Regenerate a built-in scenario (${Object.keys(SCENARIO_GENERATORS).join(', ')}) and its net`,
  builder: (y: Argv) =>
    y.positional('name', { type: 'string', demandOption: true, describe: 'Scenario name' })
      .option('out', { type: 'string', describe: 'Folder to write instead of sumo-scenarios/<name>' }),
  handler: async (args) => {
    const generate = SCENARIO_GENERATORS[args.name];
    if (!generate) throw new CavlabUsageError(`no generator named ${JSON.stringify(args.name)}; built-in: ${Object.keys(SCENARIO_GENERATORS).join(', ')}`);
    const dir = args.out ? resolve(args.out) : join(SCENARIO_ROOT, args.name);
    const built = await buildScenario(generate(), dir);
    process.stdout.write(`built ${args.name} in ${built.dir} (${built.files.length} files)\n`);
  },
});

interface ValidateArgs { dir: string; sumoBinary?: string; json: boolean }
const validate = typedCommand<ValidateArgs>()({
  command: 'validate <dir>',
  describe: 'Check a scenario folder: manifest, files, SUMO loads it, learners appear; one line per problem',
  builder: (y: Argv) =>
    y.positional('dir', { type: 'string', demandOption: true, describe: 'Scenario folder or registered name' })
      .option('sumo-binary', { type: 'string', describe: 'SUMO binary to use' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the report as JSON' }),
  handler: async (args) => {
    const dir = resolveScenario(args.dir);
    const report = await validateScenario(dir, knownFunctions(), args.sumoBinary ? { sumoBinary: args.sumoBinary } : {});
    if (args.json) {
      process.stdout.write(`${JSON.stringify({ dir, ...report, manifest: undefined, problems: report.problems.map(formatProblem) })}\n`);
    } else {
      for (const p of report.problems) process.stderr.write(`${formatProblem(p)}\n`);
    }
    if (report.problems.length > 0) throw new ScenarioValidationFailed(`${dir}: ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}`);
    if (!args.json) {
      const length = report.pathLength === null ? '' : `, path ${report.pathLength.toFixed(2)} m`;
      process.stdout.write(`ok: ${dir} (${report.departed} vehicles departed, ${report.learnerCandidates} learner candidates${length})\n`);
    }
  },
});

interface InitArgs { dir: string; sumocfg: string; force: boolean; name?: string }
const init = typedCommand<InitArgs>()({
  command: 'init <dir>',
  describe: 'Write a scenario.json with generic defaults for an existing SUMO map',
  builder: (y: Argv) =>
    y.positional('dir', { type: 'string', demandOption: true, describe: 'Scenario folder to create or fill' })
      .option('sumocfg', { type: 'string', demandOption: true, describe: 'The map\'s .sumocfg: relative to <dir> first, then to the current directory (<dir> wins when both exist)' })
      .option('name', { type: 'string', describe: 'Scenario name (default: the folder name)' })
      .option('force', { type: 'boolean', default: false, describe: 'Replace an existing scenario.json' }),
  handler: async (args) => {
    const { file, choices } = await initScenario(args.dir, args.sumocfg, { observation: INIT_OBSERVATION, force: args.force, ...(args.name ? { name: args.name } : {}) });
    const width = Math.max(...choices.map((c) => c.field.length));
    for (const c of choices) process.stdout.write(`  ${c.field.padEnd(width)}  ${c.value}\n  ${' '.repeat(width)}  why: ${c.why}\n`);
    process.stdout.write(`wrote ${file}; check it with: cavlab scenario validate ${args.dir}\n`);
  },
});

export const scenarioCommand: CommandModule = {
  command: 'scenario <command>',
  describe: 'Scenarios: list, build, validate, init',
  builder: (y: Argv) => y.command(list).command(build).command(validate).command(init).demandCommand(1),
  handler: () => undefined,
};
