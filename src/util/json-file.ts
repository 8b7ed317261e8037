// Reads a JSON file for a checker: the two ways it can fail before any field is looked at (unreadable, not JSON)
// become the caller's own error class through `makeError`, with the original failure as its cause.
import { readFile } from 'node:fs/promises';

export type JsonFileProblem = 'cannot be read' | 'is not valid JSON';

export async function readJsonFile(file: string, makeError: (problem: JsonFileProblem, cause: unknown) => Error): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw makeError('cannot be read', error);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw makeError('is not valid JSON', error);
  }
}
