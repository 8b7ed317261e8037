// Whole-file writes of the trace commands (eval --trace, trace view): a temp file beside the target, renamed into
// place, so a reader finds the old file or the new one, never half of one; failures name the operation and path.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fsStep } from '../metrics/fs-errors.js';

export async function writeTextAtomic(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await fsStep('write', temp, async () => {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(temp, text);
    });
    await fsStep('replace', file, () => rename(temp, file));
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}
