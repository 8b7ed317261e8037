import { CavlabError, CavlabUsageError } from '../errors.js';

/** A requested TensorFlow.js backend could not be loaded or initialised here. */
export class BackendUnavailableError extends CavlabUsageError {
  override readonly name = 'BackendUnavailableError';
  constructor(readonly backend: string, reason: string, options?: { cause?: unknown }) {
    super(`nn backend '${backend}' is not available: ${reason}`, options);
  }
}

/** A flat parameter vector or tensor whose size does not match the network it is meant for. */
export class ShapeMismatchError extends CavlabError {
  override readonly name = 'ShapeMismatchError';
  constructor(readonly what: string, readonly expected: number, readonly actual: number) {
    super(`${what}: expected ${expected} values, got ${actual}`);
  }
}
