import { CavlabError, CavlabUsageError } from '../errors.js';

/** One bad field of a tabular experiment config: where it is, what it holds, what it should be. */
export interface ConfigProblem {
  readonly field: string;
  readonly value: unknown;
  readonly expected: string;
}

/** A tabular config (or experiment file) with problems; lists all of them at once. */
export class TabularConfigError extends CavlabUsageError {
  constructor(readonly source: string, readonly problems: readonly ConfigProblem[]) {
    super(`${source}: ${problems.map((p) => `${p.field} = ${JSON.stringify(p.value) ?? String(p.value)} (expected ${p.expected})`).join('; ')}`);
  }
}

/** Inputs that do not fit together (vector lengths, state indices): a bug in the caller. */
export class TabularInputError extends CavlabError {}
