#!/usr/bin/env node
// cavlab's command line: one file per command; handlers parse, call the library, print.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { packageVersion } from '../paths.js';
import { benchCommand } from './bench.js';
import { EXIT_USAGE, reportError } from './errors.js';
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

export async function main(argv: readonly string[]): Promise<number> {
  let usageError: string | undefined;
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
    .demandCommand(1, 'Name a command; see cavlab --help')
    .strict()
    .help()
    // The terminal's width (capped), not yargs' 80 columns: descriptions were cut mid-word on wide terminals.
    .wrap(Math.min(HELP_MAX_WIDTH, process.stdout.columns ?? HELP_MAX_WIDTH))
    .fail((message, error) => {
      if (error) throw error;
      usageError = message;
    });
  try {
    await parser.parseAsync();
  } catch (error) {
    return reportError(error);
  }
  if (usageError !== undefined) {
    process.stderr.write(`cavlab: ${usageError}\n`);
    return EXIT_USAGE;
  }
  return 0;
}

process.exitCode = await main(hideBin(process.argv));
