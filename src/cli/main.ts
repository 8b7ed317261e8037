#!/usr/bin/env node
// cavlab's command line: one file per command; handlers parse, call the library, print.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { packageVersion } from '../paths.js';
import { benchCommand } from './bench.js';
import { CavlabUsageError } from '../errors.js';
import { reportError } from './errors.js';
import { evalCommand } from './eval.js';
import { exportCommand } from './export.js';
import { plotCommand } from './plot.js';
import { runCommand } from './run.js';
import { scenarioCommand } from './scenario.js';
import { sumoCommand } from './sumo.js';
import { sweepCommand } from './sweep.js';
import { sweepWorkerCommand } from './sweep-worker.js';
import { traceCommand } from './trace.js';

/** Widest help text: wider is hard to read, and pipes (no columns) get this. */
const HELP_MAX_WIDTH = 120;

/** "Invalid values:\n  Argument: a, …\n  Argument: b, …" → "Invalid values: Argument: a, …; Argument: b, …". */
function oneLine(message: string): string {
  const [head = '', ...rest] = message.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  return rest.length === 0 ? head : `${head} ${rest.join('; ')}`;
}

/** What was typed after `--key` (or in `--key=…`), for the message about it. */
function typedValue(argv: readonly string[], key: string): string {
  for (const [i, arg] of argv.entries()) {
    if (arg === `--${key}`) return argv[i + 1] ?? '';
    if (arg.startsWith(`--${key}=`)) return arg.slice(key.length + 3);
  }
  return '';
}

/**
 * A number option given something that is not a number: yargs makes it NaN, and the command's own check could only
 * say "got NaN"; this names the option and what was typed. (yargs gives every option under its kebab-case key too;
 * the camelCase twins are skipped.)
 */
function numbersTyped(argv: readonly string[]) {
  return (args: Record<string, unknown>): void => {
    for (const [key, value] of Object.entries(args)) {
      if (typeof value === 'number' && Number.isNaN(value) && !/[A-Z]/.test(key)) {
        throw new CavlabUsageError(`--${key} must be a number, got ${JSON.stringify(typedValue(argv, key))}`);
      }
    }
  };
}

export async function main(argv: readonly string[]): Promise<number> {
  const parser = yargs(argv)
    .scriptName('cavlab')
    .version(packageVersion())
    .command(sumoCommand)
    .command(traceCommand)
    .command(scenarioCommand)
    .command(runCommand)
    .command(sweepCommand)
    .command(sweepWorkerCommand)
    .command(evalCommand)
    .command(exportCommand)
    .command(plotCommand)
    .command(benchCommand)
    .middleware(numbersTyped(argv))
    .demandCommand(1, 'Name a command; see cavlab --help')
    .strict()
    .help()
    // The terminal's width (capped), not yargs' 80 columns: descriptions were cut mid-word on wide terminals.
    .wrap(Math.min(HELP_MAX_WIDTH, process.stdout.columns ?? HELP_MAX_WIDTH))
    // Thrown, not recorded: yargs goes on to the command's handler when `fail` returns, so an unknown flag used to be
    // reported only after the run it came with had run (and written its folder).
    .fail((message, error) => {
      // yargs writes some messages over several lines ("Invalid values:\n  Argument: …"): one line, all of it.
      throw error ?? new CavlabUsageError(oneLine(message));
    });
  try {
    await parser.parseAsync();
  } catch (error) {
    return reportError(error);
  }
  return 0;
}

process.exitCode = await main(hideBin(process.argv));
