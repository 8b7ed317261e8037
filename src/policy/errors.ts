// Errors of exporting and loading trained policies.
import { CavlabError } from '../errors.js';

// A saved run without a policy is found by src/runner/saved-run.ts; cavlab/policy users catch it from here.
export { NoPolicyError } from '../runner/errors.js';

/** A policy.json that is not a cavlab policy file or is damaged: names the file and what is wrong. */
export class PolicyFileError extends CavlabError {
  constructor(readonly file: string, problem: string, options?: { cause?: unknown }) {
    super(`${file}: ${problem}`, options);
  }
}
