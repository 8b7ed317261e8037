// A cavlab CSV (episodes.csv, comm.csv, …) as rows keyed by its header; the written files hold no quoted commas.
import { readFileSync } from 'node:fs';

export function readCsv(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const columns = (header ?? '').split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i] ?? '', v])));
}
