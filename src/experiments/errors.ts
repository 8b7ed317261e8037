import { CavlabError, CavlabUsageError } from '../errors.js';
import { signalExitCode } from '../runner/errors.js';

/** A bad experiment file: "<file>: <JSON path>: <problem>", one line. */
export class ExperimentFileError extends CavlabUsageError {
  override readonly name = 'ExperimentFileError';
  constructor(readonly file: string, readonly path: string, problem: string) {
    super(`${file}: ${path}: ${problem}`);
  }
}

/** The named experiment is not a file nor a name under experiments/. */
export class ExperimentNotFoundError extends CavlabUsageError {
  override readonly name = 'ExperimentNotFoundError';
}

/** A sweep could not be submitted or observed (sbatch/squeue missing or failing). */
export class ExecutorError extends CavlabError {
  override readonly name = 'ExecutorError';
}

/** Some runs of a sweep failed; the others finished and index.csv lists both. */
export class SweepFailedError extends CavlabError {
  override readonly name = 'SweepFailedError';
}

/** The sweep was stopped by SIGINT/SIGTERM: its running runs are `interrupted`; the next sweep resumes them. */
export class SweepInterruptedError extends CavlabError {
  override readonly name = 'SweepInterruptedError';
  override readonly exitCode: 130 | 143;
  constructor(readonly signal: string, readonly interrupted: number) {
    super(`interrupted by ${signal} (${interrupted} run(s) interrupted); run the sweep again to resume them`);
    this.exitCode = signalExitCode(signal);
  }
}
