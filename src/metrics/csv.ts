// The one writer of result CSVs (ARCHITECTURE.md, Results): typed columns, rows appended with csv-stringify,
// write + fsync at each flush (the runner flushes once per episode), and resumable: on open it finds the last
// complete row, cuts off a partially written line, and from then on drops rows whose key it already holds, so a
// resumed run never writes a row twice. The key is the FIRST column (e.g. the episode index) and never decreases.
import { open, readFile, stat, truncate } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { CsvRowError, CsvSchemaError } from './errors.js';

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
   * header; a last line without its newline (a write cut short) is removed.
   */
  static async open<C extends readonly [string, ...string[]]>(path: string, columns: C): Promise<CsvWriter<C>> {
    const header = csvLine(columns);
    let lastKey: number | null = null;
    const existing = await readFile(path, 'utf8').catch((error: unknown) => {
      if (isErrno(error, 'ENOENT')) return null;
      throw error;
    });
    if (existing === null || existing.length === 0 || !existing.includes('\n')) {
      // New file, or one that died before its header was complete.
      const handle = await open(path, 'w');
      await handle.write(header);
      await handle.sync();
      await syncDirectory(dirname(path));
      return new CsvWriter(path, columns, handle, null);
    }
    const complete = existing.slice(0, existing.lastIndexOf('\n') + 1);
    const found = complete.slice(0, complete.indexOf('\n') + 1);
    if (found !== header) throw new CsvSchemaError(path, header.trimEnd(), found.trimEnd());
    if (complete.length !== existing.length) await truncate(path, Buffer.byteLength(complete, 'utf8'));
    const lines = complete.split('\n');
    // lines ends with '' (text ends with '\n'); the one before is the last complete row, or the header.
    const lastLine = lines.length > 2 ? lines[lines.length - 2] ?? '' : '';
    if (lastLine !== '') {
      const key = Number(lastLine.slice(0, lastLine.indexOf(',') === -1 ? undefined : lastLine.indexOf(',')));
      if (!Number.isFinite(key)) throw new CsvRowError(path, `last row's key '${lastLine.split(',')[0] ?? ''}' is not a number`);
      lastKey = key;
    }
    return new CsvWriter(path, columns, await open(path, 'a'), lastKey);
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
    await this.handle.write(text);
    await this.handle.sync();
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.handle.close();
    }
  }
}

function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
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
