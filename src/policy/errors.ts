// Errors of exporting and loading trained policies.
import { CavlabError, CavlabUsageError } from '../errors.js';

/** A run folder or checkpoint that has no policy to export or evaluate (idm, no checkpoint yet, …). */
export class NoPolicyError extends CavlabUsageError {
  override readonly name = 'NoPolicyError';
}

/** A policy.json that is not a cavlab policy file or is damaged: names the file and what is wrong. */
export class PolicyFileError extends CavlabError {
  override readonly name = 'PolicyFileError';
  constructor(readonly file: string, problem: string, options?: { cause?: unknown }) {
    super(`${file}: ${problem}`, options);
  }
}
