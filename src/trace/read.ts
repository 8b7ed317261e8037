// Reading a trace file (`cavlab trace record`, `cavlab eval --trace`): one TraceLine per JSON line; a malformed
// line or a missing file is a one-line usage error naming the file (and line).
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { CavlabUsageError } from '../errors.js';
import type { TraceLine } from './record.js';

function isTraceLine(value: unknown): value is TraceLine {
  return typeof value === 'object' && value !== null && 'step' in value && 'time' in value && 'vehicles' in value && Array.isArray(value.vehicles);
}

/** The trace's lines in order. */
export async function* traceLines(file: string): AsyncGenerator<TraceLine> {
  let lineNo = 0;
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  try {
    for await (const text of lines) {
      lineNo++;
      if (text.trim() === '') continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new CavlabUsageError(`${file}:${lineNo}: not a JSON line`);
      }
      if (!isTraceLine(parsed)) throw new CavlabUsageError(`${file}:${lineNo}: expected {step, time, vehicles[]}`);
      yield parsed;
    }
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') throw new CavlabUsageError(`${file}: file not found`);
    throw error;
  }
}
