import { CavlabError, CavlabUsageError } from '../errors.js';

/** A bad field in an experiment file or on the command line: "<source>: <field>: <problem>". */
export class RunConfigError extends CavlabUsageError {
  override readonly name = 'RunConfigError';
  constructor(readonly source: string, readonly field: string, problem: string) {
    super(`${source}: ${field}: ${problem}`);
  }
}

/** The run folder exists and --resume was not given: nothing is overwritten in place. */
export class RunExistsError extends CavlabUsageError {
  override readonly name = 'RunExistsError';
  constructor(readonly dir: string) {
    super(`${dir} already holds a run; add --resume to continue it, or choose another --out or --seed`);
  }
}

/** A run folder that cannot be resumed (different config, missing or damaged checkpoint). */
export class ResumeError extends CavlabUsageError {
  override readonly name = 'ResumeError';
}

/** The run stopped on a signal; what finished is on disk and `--resume` continues it. */
export class RunInterruptedError extends CavlabError {
  override readonly name = 'RunInterruptedError';
}

/** The scenario's learner selection picked nobody in the run's first episode: nothing could be learned or scored. */
export class NoLearnersError extends CavlabError {
  override readonly name = 'NoLearnersError';
  constructor(readonly scenario: string, readonly steps: number) {
    super(`no learner appeared in the first episode (${steps} steps) of scenario ${scenario}; check its learners field with: cavlab scenario validate ${scenario}`);
  }
}
