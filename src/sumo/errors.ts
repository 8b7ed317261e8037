import { CavlabError, CavlabUsageError } from '../errors.js';

/** No SUMO binary where we looked. */
export class SumoNotFoundError extends CavlabUsageError {}

/** A configuration, net or route file that does not exist or cannot be read. */
export class SumoInputError extends CavlabUsageError {
  constructor(readonly file: string, reason: string) {
    super(`${file}: ${reason}`);
  }
}

/** SUMO did not come up: argv and the tail of its stderr say why. */
export class SumoStartError extends CavlabError {
  constructor(message: string, readonly argv: readonly string[], readonly stderrTail: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** SUMO exited while the client still used it. */
export class SumoExitedError extends CavlabError {
  constructor(readonly code: number | undefined, readonly signal: string | undefined, readonly stderrTail: string) {
    const how = signal ? `was killed by ${signal}` : `exited with code ${code ?? 'unknown'}`;
    const why = sumoErrors(stderrTail);
    super(`SUMO ${how}${why ? `: ${why}` : ''}`);
  }
}

/** SUMO's "Error:" lines on one line (or its last line when there is none), for one-line messages. */
export function sumoErrors(stderrTail: string): string {
  const lines = stderrTail.split('\n').map((l) => l.trim()).filter((l) => l.length > 0 && l !== 'Quitting (on error).');
  const errors = lines.filter((l) => l.startsWith('Error:')).map((l) => l.replace(/^Error:\s*/, '')).filter((l) => l.length > 0);
  return (errors.length > 0 ? errors.slice(-3).join('; ') : (lines.at(-1) ?? '')).slice(0, 500);
}
