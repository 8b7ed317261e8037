// The one writer of result CSVs (ARCHITECTURE.md, Results): typed columns, rows appended with csv-stringify,
// write + fsync at each flush (the runner flushes once per episode), and resumable: on open it finds the last
// complete row, cuts off a partially written line and (on resume) the rows of an unfinished episode, and from then
// on drops rows whose key it already holds, so a resumed run writes every row exactly once. The key is the FIRST
// column (the episode index) and never decreases; one rule for episodes.csv, steps.csv and comm.csv.
import { open, stat, truncate } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { CsvRowError, CsvSchemaError } from './errors.js';
import { fsStep, isErrno } from './fs-errors.js';

export type CsvValue = number | string | boolean | null;
/** A row of a CSV with these columns: every column present, nothing else. */
export type CsvRow<C extends readonly string[]> = { readonly [K in C[number]]: CsvValue };

/** Significant digits of non-integer numbers: float32 carries ~7. */
const SIGNIFICANT_DIGITS = 7;

/** Number formatting for every result file: integers exact, other values to 7 significant digits. */
export function formatValue(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return value.replace(/[\r\n]+/g, ' '); // one record per line keeps resume line-based
  if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(SIGNIFICANT_DIGITS)));
}

function csvLine(values: readonly string[]): string {
  return stringify([values], { record_delimiter: '\n' });
}

export class CsvWriter<C extends readonly [string, ...string[]]> {
  readonly path: string;
  readonly columns: C;
  /** Key (first column) of the last complete row on disk when the file was opened; null for a new file. */
  readonly resumedAfter: number | null;
  private lastKey: number | null;
  private pending: string[] = [];
  private handle: FileHandle;

  private constructor(path: string, columns: C, handle: FileHandle, lastKey: number | null) {
    this.path = path;
    this.columns = columns;
    this.handle = handle;
    this.resumedAfter = lastKey;
    this.lastKey = lastKey;
  }

  /**
   * Opens `path` for appending, creating it with a header when absent. An existing file must have the same
   * header; a last line without its newline (a write cut short) is removed. With `keepThrough` (a resumed run:
   * the index of its last finished episode, -1 before any) every row whose key is past it is removed too, so
   * the rows of the episode that was being written when the run stopped are rewritten whole, once. The file is
   * scanned from its end, so a large steps.csv is not read whole.
   */
  static async open<C extends readonly [string, ...string[]]>(path: string, columns: C, options: { readonly keepThrough?: number } = {}): Promise<CsvWriter<C>> {
    return fsStep('open', path, async () => {
      const header = csvLine(columns);
      const headerBytes = Buffer.byteLength(header, 'utf8');
      const size = await stat(path).then((s) => s.size, (error: unknown) => {
        if (isErrno(error, 'ENOENT')) return 0;
        throw error;
      });
      const start = size === 0 ? '' : await readHead(path, Math.min(size, headerBytes));
      if (size === 0 || (size < headerBytes && !start.includes('\n'))) {
        // New file, or one that died before its header was complete.
        const handle = await open(path, 'w');
        await handle.write(header);
        await handle.sync();
        await syncDirectory(dirname(path));
        return new CsvWriter(path, columns, handle, null);
      }
      const found = start.slice(0, start.indexOf('\n') + 1 || undefined);
      if (found !== header) throw new CsvSchemaError(path, header.trimEnd(), found.trimEnd());
      const { cut, lastKey } = await keptEnd(path, size, headerBytes, options.keepThrough);
      if (cut < size) {
        await truncate(path, cut);
        const handle = await open(path, 'r+');
        await handle.sync().finally(() => handle.close());
      }
      return new CsvWriter(path, columns, await open(path, 'a'), lastKey);
    });
  }

  /** Key of the last row written or already on disk (null before any). */
  get lastWrittenKey(): number | null {
    return this.lastKey;
  }

  /**
   * Queues a row for the next flush. A row whose key is not past the file's last key at open time is already
   * on disk and is dropped; returns whether the row was queued.
   */
  append(row: CsvRow<C>): boolean {
    const values = this.columns.map((column: C[number]) => {
      if (!(column in row)) throw new CsvRowError(this.path, `row has no '${column}' column`);
      return row[column];
    });
    const key = values[0];
    if (typeof key !== 'number' || !Number.isFinite(key)) throw new CsvRowError(this.path, `key column '${this.columns[0]}' must be a finite number, got ${String(key)}`);
    if (this.resumedAfter !== null && key <= this.resumedAfter) return false;
    if (this.lastKey !== null && key < this.lastKey) throw new CsvRowError(this.path, `key ${key} comes after ${this.lastKey}: keys must not decrease`);
    this.pending.push(csvLine(values.map(formatValue)));
    this.lastKey = key;
    return true;
  }

  /** Writes the queued rows in one write and fsyncs, so a finished episode survives a crash. */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    await fsStep('write', this.path, async () => {
      await this.handle.write(text);
      await this.handle.sync();
    });
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.handle.close();
    }
  }
}

/** The first `bytes` bytes of a file as text. */
async function readHead(path: string, bytes: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buf, 0, bytes, 0);
    return buf.toString('utf8', 0, bytesRead);
  } finally {
    await handle.close();
  }
}

const SCAN_CHUNK = 64 * 1024;

/**
 * Where the kept part of a CSV ends, scanning from the end: a last line without its newline is cut, then every
 * row whose key is past `keepThrough` (keys never decrease). Returns that offset and the last kept row's key.
 */
async function keptEnd(path: string, size: number, headerBytes: number, keepThrough: number | undefined): Promise<{ cut: number; lastKey: number | null }> {
  const handle = await open(path, 'r');
  try {
    // buf holds the file's bytes [bufStart, size).
    let buf = Buffer.alloc(0);
    let bufStart = size;
    /** Absolute index of the last newline in [headerBytes - 1, limit), or -1. */
    const lastNewline = async (limit: number): Promise<number> => {
      for (;;) {
        const local = limit - bufStart;
        const at = local > 0 ? buf.lastIndexOf(0x0a, local - 1) : -1;
        if (at >= 0 && bufStart + at >= headerBytes - 1) return bufStart + at;
        if (bufStart <= headerBytes - 1) return -1;
        const from = Math.max(headerBytes - 1, bufStart - SCAN_CHUNK);
        const chunk = Buffer.alloc(bufStart - from);
        await handle.read(chunk, 0, chunk.length, from);
        buf = Buffer.concat([chunk, buf]);
        bufStart = from;
      }
    };
    let cut = (await lastNewline(size)) + 1; // after the last complete line (never before the header's newline)
    for (;;) {
      if (cut <= headerBytes) return { cut: headerBytes, lastKey: null };
      const lineStart = (await lastNewline(cut - 1)) + 1;
      const line = buf.toString('utf8', lineStart - bufStart, cut - 1 - bufStart);
      const comma = line.indexOf(',');
      const key = Number(comma === -1 ? line : line.slice(0, comma));
      if (line === '' || !Number.isFinite(key)) throw new CsvRowError(path, `row at byte ${lineStart} has no numeric key ('${line.slice(0, 40)}')`);
      if (keepThrough === undefined || key <= keepThrough) return { cut, lastKey: key };
      cut = lineStart;
    }
  } finally {
    await handle.close();
  }
}

/** fsync a directory so a new or renamed entry in it survives a crash (Linux; a no-op where unsupported). */
export async function syncDirectory(dir: string): Promise<void> {
  if (!(await stat(dir)).isDirectory()) return;
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    // Some platforms (Windows) cannot open or fsync directories: durability there is the OS's business.
    if (!isErrno(error, 'EISDIR') && !isErrno(error, 'EPERM') && !isErrno(error, 'EINVAL') && !isErrno(error, 'EBADF')) throw error;
  } finally {
    await handle?.close();
  }
}
