import { CavlabError, CavlabInterruptedError, CavlabUsageError } from '../errors.js';

/** A bad field in an experiment file or on the command line: "<source>: <field>: <problem>". */
export class RunConfigError extends CavlabUsageError {
  constructor(readonly source: string, readonly field: string, problem: string) {
    super(`${source}: ${field}: ${problem}`);
  }
}

/** The run folder exists and --resume was not given: nothing is overwritten in place. */
export class RunExistsError extends CavlabUsageError {
  /** `differences`: how the run on disk differs from the one asked for (configDifferences), empty when it is the same. */
  constructor(readonly dir: string, differences: readonly string[] = []) {
    super(differences.length === 0
      ? `${dir} already holds a run; add --resume to continue it, or choose another --name, --out or --seed`
      : `${dir} already holds a run with another configuration (${differences.join('; ')}); choose another --name (or --out or --seed) for this one`);
  }
}

/** A run folder that cannot be resumed (different config, missing or damaged checkpoint). */
export class ResumeError extends CavlabUsageError {}

/** `cavlab eval` stopped by SIGINT/SIGTERM: the evaluation episodes already written stay in eval.csv. */
export class EvalInterruptedError extends CavlabInterruptedError {
  constructor(readonly file: string, signal: string) {
    super(signal, `interrupted by ${signal}; finished evaluation episodes are in ${file}`);
  }
}

/** The run stopped on a signal; what finished is on disk and `--resume` continues it. Exit 130 (SIGINT) or 143 (SIGTERM). */
export class RunInterruptedError extends CavlabInterruptedError {
  constructor(readonly dir: string, signal: string) {
    super(signal, `${dir}: interrupted by ${signal}; finished episodes are kept, --resume continues after them`);
  }
}

/** Another live process writes this run folder: one writer per folder. */
export class RunLockedError extends CavlabUsageError {
  constructor(readonly dir: string, readonly owner: { readonly pid: number; readonly host: string; readonly since: string }) {
    super(`${dir} is being written by pid ${owner.pid} on ${owner.host} (since ${owner.since}); wait for it to end or stop it (a lock of a dead process is taken over by itself)`);
  }
}

/** A run folder or checkpoint that has no policy to export or evaluate (idm, no checkpoint yet, …). */
export class NoPolicyError extends CavlabUsageError {}

/** A name that would put results outside the results root or into a hidden or odd folder. */
export class RunPathError extends CavlabUsageError {}

/** The scenario's learner selection picked nobody in the run's first episode: nothing could be learned or scored. */
export class NoLearnersError extends CavlabError {
  constructor(readonly scenario: string, readonly steps: number) {
    super(`no learner appeared in the first episode (${steps} steps) of scenario ${scenario}; check its learners field with: cavlab scenario validate ${scenario}`);
  }
}
