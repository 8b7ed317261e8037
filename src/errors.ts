// The bases of every error cavlab throws on purpose. Each layer keeps its subclasses in `<layer>/errors.ts`;
// `name` is the class's own name, set once here, so a subclass needs no line of its own to say it.

/** Base of every error cavlab throws on purpose; the CLI prints `message` as one line. */
export class CavlabError extends Error {
  /** The concrete class's name (`new.target`), e.g. 'TraciCommandError'. */
  override readonly name: string;
  /** Process exit code the CLI uses: 1 = failed, 2 = bad usage or bad input, 130/143 = stopped by SIGINT/SIGTERM. */
  readonly exitCode: 1 | 2 | 130 | 143 = 1;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad input that the user can fix (file, field, value): exit code 2. */
export class CavlabUsageError extends CavlabError {
  override readonly exitCode = 2;
}

/** Work stopped by SIGINT/SIGTERM: what finished is kept; exit 130 or 143 as a shell reports the signal. */
export class CavlabInterruptedError extends CavlabError {
  override readonly exitCode: 130 | 143;
  constructor(readonly signal: string, message: string) {
    super(message);
    this.exitCode = signalExitCode(signal);
  }
}

/** The shell's exit code for a process stopped by `signal`: 128 + its number (SIGINT 130, SIGTERM 143). */
export function signalExitCode(signal: string): 130 | 143 {
  return signal === 'SIGTERM' ? 143 : 130;
}
