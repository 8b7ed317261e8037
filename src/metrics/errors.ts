import { CavlabError } from '../errors.js';

/** An existing result file whose header is not the one this version of cavlab writes. */
export class CsvSchemaError extends CavlabError {
  constructor(readonly file: string, readonly expected: string, readonly found: string) {
    super(`${file}: header is '${found}', expected '${expected}' (results of another cavlab version? use a new --out)`);
  }
}

/** A row that cannot be written: a missing column, a key that goes backwards. */
export class CsvRowError extends CavlabError {
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
  }
}

/** A manifest.json that is missing, not JSON, or lacks a field. */
export class ManifestError extends CavlabError {
  constructor(readonly file: string, reason: string, options?: { cause?: unknown }) {
    super(`${file}: ${reason}`, options);
  }
}

/**
 * A file-system operation on a results folder failed (disk full, read-only, permissions, a file where a folder
 * should be): one line naming the operation, the path and the reason, e.g.
 * "cannot write results/x/steps.csv: ENOSPC (no space left on device)".
 */
export class FileSystemError extends CavlabError {
  constructor(readonly operation: string, readonly path: string, readonly code: string, reason: string, options?: { cause?: unknown }) {
    super(`cannot ${operation} ${path}: ${code}${reason ? ` (${reason})` : ''}`, options);
  }
}
