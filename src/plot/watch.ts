// `cavlab plot <folder> --watch` (issue 23): the figures are drawn again whenever new episode rows have landed in
// the episodes.csv files under the folder, until the signal stops it; one line per redraw.
//
// Decision: polling (every WATCH_POLL_MS) instead of fs.watch: it sees files of runs that start later (a sweep),
// works the same on network file systems, and only ever stats and reads, so writers are never disturbed. Rows are
// counted up to the last newline; while any file ends in a partial line (a row being written) the redraw waits for
// the next poll, so a figure never shows half a row.
import { readFile, stat } from 'node:fs/promises';

export const WATCH_POLL_MS = 1_000;

export interface WatchOptions {
  /** The episodes.csv files to watch (listed again at every poll: new runs appear). */
  readonly files: () => Promise<readonly string[]>;
  /** Draws the figures; returns the files written. */
  readonly redraw: () => Promise<readonly string[]>;
  /** Told one line per redraw (or per failed redraw). */
  readonly report: (line: string) => void;
  readonly signal: AbortSignal;
  readonly pollMs?: number;
}

interface FileRows {
  readonly size: number;
  readonly mtimeMs: number;
  /** Complete rows (header excluded), or null while the file ends in a partial line. */
  readonly rows: number | null;
}

/** Complete data rows of a CSV text, or null when its last line is not finished yet. */
export function completeRows(text: string): number | null {
  if (text.length === 0) return 0;
  if (!text.endsWith('\n')) return null;
  const lines = text.split('\n').filter((l) => l.length > 0).length;
  return Math.max(0, lines - 1);
}

async function countRows(file: string, cache: Map<string, FileRows>): Promise<FileRows | null> {
  const s = await stat(file).catch(() => null);
  if (s === null) return null;
  const known = cache.get(file);
  if (known && known.size === s.size && known.mtimeMs === s.mtimeMs) return known;
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return null;
  const entry = { size: s.size, mtimeMs: s.mtimeMs, rows: completeRows(text) };
  cache.set(file, entry);
  return entry;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((done) => {
    if (signal.aborted) return done();
    const timer = setTimeout(finish, ms);
    function finish(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', finish);
      done();
    }
    signal.addEventListener('abort', finish, { once: true });
  });
}

/** Redraws on every change of the row counts until `signal` aborts; returns the number of redraws. */
export async function watchFigures(options: WatchOptions): Promise<number> {
  const cache = new Map<string, FileRows>();
  let drawn: string | null = null;
  let redraws = 0;
  while (!options.signal.aborted) {
    const files = await options.files();
    const counts = await Promise.all(files.map((f) => countRows(f, cache)));
    const settled = counts.every((c) => c === null || c.rows !== null);
    const total = counts.reduce((n, c) => n + (c?.rows ?? 0), 0);
    const key = files.map((f, i) => `${f}:${counts[i]?.rows ?? '-'}`).join('|');
    if (settled && key !== drawn) {
      drawn = key;
      const when = new Date().toISOString().slice(11, 19);
      try {
        const written = await options.redraw();
        redraws++;
        options.report(`redraw ${redraws} at ${when}: ${total} episode rows in ${files.length} file${files.length === 1 ? '' : 's'} → ${written.join(', ')}`);
      } catch (error) {
        options.report(`no redraw at ${when}: ${(error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''}`);
      }
    }
    await sleep(options.pollMs ?? WATCH_POLL_MS, options.signal);
  }
  return redraws;
}
