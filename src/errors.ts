/** Base of every error cavlab throws on purpose; the CLI prints `message` as one line. */
export class CavlabError extends Error {
  override readonly name: string = 'CavlabError';
  /** Process exit code the CLI uses: 1 = failed, 2 = bad usage or bad input, 130/143 = stopped by SIGINT/SIGTERM. */
  readonly exitCode: 1 | 2 | 130 | 143 = 1;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Bad input that the user can fix (file, field, value): exit code 2. */
export class CavlabUsageError extends CavlabError {
  override readonly name: string = 'CavlabUsageError';
  override readonly exitCode = 2;
}
