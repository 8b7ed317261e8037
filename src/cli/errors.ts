import { CavlabError } from '../errors.js';

/** Exit codes of every command besides 0 (ok): failed, bad usage or bad input. */
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** One line for the user; the stack only with CAVLAB_DEBUG=1. */
export function reportError(error: unknown, stderr: NodeJS.WritableStream = process.stderr): number {
  const debug = process.env.CAVLAB_DEBUG === '1';
  if (error instanceof CavlabError) {
    stderr.write(`cavlab: ${error.message.split('\n')[0] ?? ''}\n`);
    if (debug && error.stack) stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  stderr.write(`cavlab: unexpected error: ${message.split('\n')[0] ?? ''}\n`);
  if (debug && error instanceof Error && error.stack) stderr.write(`${error.stack}\n`);
  return EXIT_FAILED;
}
