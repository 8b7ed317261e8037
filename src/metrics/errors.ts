import { CavlabError } from '../errors.js';

/** An existing result file whose header is not the one this version of cavlab writes. */
export class CsvSchemaError extends CavlabError {
  override readonly name = 'CsvSchemaError';
  constructor(readonly file: string, readonly expected: string, readonly found: string) {
    super(`${file}: header is '${found}', expected '${expected}' (results of another cavlab version? use a new --out)`);
  }
}

/** A row that cannot be written: a missing column, a key that goes backwards. */
export class CsvRowError extends CavlabError {
  override readonly name = 'CsvRowError';
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
  }
}

/** A manifest.json that is missing, not JSON, or lacks a field. */
export class ManifestError extends CavlabError {
  override readonly name = 'ManifestError';
  constructor(readonly file: string, reason: string, options?: { cause?: unknown }) {
    super(`${file}: ${reason}`, options);
  }
}
