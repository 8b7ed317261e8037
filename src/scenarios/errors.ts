// Errors of the scenarios layer: each names the file (and field) a user has to fix.
import { CavlabError, CavlabUsageError } from '../errors.js';

/** One problem in a scenario folder: where (file, field path), what, and the offending value. */
export interface ScenarioProblem {
  readonly file: string;
  /** JSON path in scenario.json ("learners.count"), or "" for the file itself. */
  readonly field: string;
  readonly message: string;
}

/** `file: field: message`, one line. */
export function formatProblem(problem: ScenarioProblem): string {
  return problem.field ? `${problem.file}: ${problem.field}: ${problem.message}` : `${problem.file}: ${problem.message}`;
}

/** A scenario.json (or the files it names) with one or more problems; the message lists them all, one per line. */
export class ScenarioInvalidError extends CavlabUsageError {
  constructor(readonly problems: readonly ScenarioProblem[]) {
    super(problems.length === 1 && problems[0] ? formatProblem(problems[0]) : `${problems.length} problems:\n${problems.map(formatProblem).join('\n')}`);
  }
}

/** `--scenario` named neither a registered scenario nor a folder with a scenario.json. */
export class ScenarioNotFoundError extends CavlabUsageError {
  constructor(readonly scenario: string, readonly known: readonly string[]) {
    super(`scenario ${JSON.stringify(scenario)} is neither a registered name (${known.join(', ') || 'none'}) nor a folder with a scenario.json`);
  }
}

/** A SUMO tool (netconvert, sumo) that failed: argv and the tail of its stderr. */
export class ScenarioToolError extends CavlabError {
  constructor(message: string, readonly argv: readonly string[], readonly stderrTail: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
