// A run's `run.log`: one timestamped line per finished episode plus start, notices and the end (finished, stopped,
// failed). Opened once the folder is locked (RunOptions.onLocked), so two writers never share it; written for
// `cavlab run` and for every sweep worker alike.
import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { join } from 'node:path';
import { RunInterruptedError } from './errors.js';
import { episodeLine } from './progress.js';
import type { RunOutcome } from './run.js';
import type { ProgressSink } from './progress.js';

export const RUN_LOG = 'run.log';

export class RunLog {
  private stream: WriteStream | null = null;

  /** Opens `<dir>/run.log` for appending (a resumed run continues the same log). */
  open(dir: string): void {
    this.stream = createWriteStream(join(dir, RUN_LOG), { flags: 'a' });
  }

  /** One line with the time; nothing before `open`. */
  write(text: string): void {
    this.stream?.write(`${new Date().toISOString()} ${text}\n`);
  }

  /** How the run ended: finished (or already finished), or stopped / failed with the error's first line (returned). */
  ended(result: { readonly outcome: RunOutcome } | { readonly error: unknown }): string {
    if ('outcome' in result) {
      const line = result.outcome.status === 'already-finished' ? 'already finished' : `finished after ${result.outcome.episodesRun} episodes`;
      this.write(line);
      return line;
    }
    const { error } = result;
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    this.write(`${error instanceof RunInterruptedError ? 'stopped' : 'failed'}: ${message}`);
    return message;
  }

  /** The episode lines, as a progress sink. */
  progress(): ProgressSink {
    return {
      episodeStart: () => undefined,
      step: () => undefined,
      episodeEnd: (planned, row, total) => this.write(episodeLine(planned, row, total)),
    };
  }

  async close(): Promise<void> {
    const open = this.stream;
    this.stream = null;
    if (open !== null) await new Promise<void>((done) => open.end(done));
  }
}

/** Both sinks, in order. */
export function bothProgress(a: ProgressSink, b: ProgressSink): ProgressSink {
  return {
    episodeStart: (planned, total) => { a.episodeStart(planned, total); b.episodeStart(planned, total); },
    step: (result) => { a.step(result); b.step(result); },
    episodeEnd: (planned, row, total) => { a.episodeEnd(planned, row, total); b.episodeEnd(planned, row, total); },
  };
}
