import { CavlabError, CavlabInterruptedError, CavlabUsageError } from '../errors.js';

/** A bad experiment file: "<file>: <JSON path>: <problem>", one line. */
export class ExperimentFileError extends CavlabUsageError {
  constructor(readonly file: string, readonly path: string, problem: string) {
    super(`${file}: ${path}: ${problem}`);
  }
}

/** The named experiment is not a file nor a name under experiments/. */
export class ExperimentNotFoundError extends CavlabUsageError {}

/** A sweep could not be submitted or observed (sbatch/squeue missing or failing). */
export class ExecutorError extends CavlabError {}

/** Some runs of a sweep failed; the others finished and index.csv lists both. */
export class SweepFailedError extends CavlabError {}

/** The sweep was stopped by SIGINT/SIGTERM: its running runs are `interrupted`; the next sweep resumes them. */
export class SweepInterruptedError extends CavlabInterruptedError {
  constructor(signal: string, readonly interrupted: number) {
    super(signal, `interrupted by ${signal} (${interrupted} run(s) interrupted); run the sweep again to resume them`);
  }
}
