// Shared by the fault-injection suite (issue 14): start cavlab as a user would, find the processes it started
// (every process carries a tag in its environment, inherited by workers and SUMO), kill them at seeded random
// moments, and check a run folder: every (epoch, phase) row of episodes.csv and every (episode, step) of steps.csv
// exactly once, steps.csv agreeing with episodes.csv's step counts, and the manifest's status.
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { ResultPromise } from 'execa';

export const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

/** A tag in the environment of every process one test starts (cavlab, sweep workers, SUMO). */
export function newTag(): string {
  return randomUUID();
}

export function cavlab(tag: string, args: readonly string[], env: Record<string, string> = {}): ResultPromise<{ reject: false; stdin: 'ignore' }> {
  return execa(process.execPath, [CLI, ...args], { reject: false, stdin: 'ignore', env: { CI: 'true', CAVLAB_FAULT_TAG: tag, ...env } });
}

export interface TaggedProcess { readonly pid: number; readonly comm: string }

/** Live processes carrying `tag` (Linux /proc; zombies do not count). */
export function tagged(tag: string): TaggedProcess[] {
  const found: TaggedProcess[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'latin1');
      if (!environ.includes(`CAVLAB_FAULT_TAG=${tag}\0`)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      found.push({ pid: Number(entry), comm: readFileSync(`/proc/${entry}/comm`, 'utf8').trim() });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** SUMO processes of `tag` still alive after up to `ms` (they die within a moment of their parent). */
export async function sumoLeft(tag: string, ms = 5_000): Promise<TaggedProcess[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const left = tagged(tag).filter((p) => p.comm === 'sumo' || p.comm === 'sumo-gui' || p.comm === 'setpriv');
    if (left.length === 0 || Date.now() > deadline) return left;
    await sleep(50);
  }
}

/** Every tagged process still alive after up to `ms` (orphans of any kind). */
export async function orphans(tag: string, ms = 5_000): Promise<TaggedProcess[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const left = tagged(tag);
    if (left.length === 0 || Date.now() > deadline) return left;
    await sleep(50);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

function rows(file: string): Record<string, string>[] {
  if (!existsSync(file)) return [];
  const [header, ...lines] = readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
  const columns = (header ?? '').split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i] ?? String(i), v])));
}

/** Complete rows in `file` (header excluded). */
export function rowCount(file: string): number {
  return rows(file).length;
}

/** Waits until `file` holds at least `n` rows; false on timeout. */
export async function waitForRows(file: string, n: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (rowCount(file) >= n) return true;
    await sleep(20);
  }
  return false;
}

export interface FolderCheck {
  /** Episode indices missing from episodes.csv (0 … expected-1). */
  readonly lost: number;
  /** Rows beyond the first for any (epoch, phase, episode) key, plus (episode, step) duplicates in steps.csv. */
  readonly duplicated: number;
  /** (episode, step) rows missing from steps.csv, counted against episodes.csv's steps column. */
  readonly stepsLost: number;
  readonly status: string;
  readonly episodes: number;
}

/** The run folder against its promise: `expected` episodes, each row once; steps.csv (if any) complete. */
export function checkFolder(dir: string, expected: number): FolderCheck {
  const episodes = rows(join(dir, 'episodes.csv'));
  const seen = new Map<string, number>();
  for (const r of episodes) {
    const key = `${r['episode']}/${r['epoch']}/${r['phase']}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  let duplicated = [...seen.values()].reduce((a, n) => a + n - 1, 0);
  const indices = new Set(episodes.map((r) => Number(r['episode'])));
  let lost = 0;
  for (let e = 0; e < expected; e++) if (!indices.has(e)) lost++;
  let stepsLost = 0;
  const stepsFile = join(dir, 'steps.csv');
  if (existsSync(stepsFile)) {
    const perEpisode = new Map<number, Set<number>>();
    for (const r of rows(stepsFile)) {
      const e = Number(r['episode']);
      const set = perEpisode.get(e) ?? new Set<number>();
      const step = Number(r['step']);
      if (set.has(step)) duplicated++;
      set.add(step);
      perEpisode.set(e, set);
    }
    for (const r of episodes) stepsLost += Number(r['steps']) - (perEpisode.get(Number(r['episode']))?.size ?? 0);
    // Steps of an episode that episodes.csv does not hold (an unfinished one) must not be there either.
    for (const [e, set] of perEpisode) if (!indices.has(e)) duplicated += set.size;
  }
  const manifest = join(dir, 'manifest.json');
  const status = existsSync(manifest) ? String((JSON.parse(readFileSync(manifest, 'utf8')) as { status: unknown }).status) : 'none';
  return { lost, duplicated, stepsLost, status, episodes: episodes.length };
}

/** Temp files a writer leaves only when it dies mid-write (and the next lock holder removes). */
export function strayTempFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    if (!existsSync(d)) return;
    for (const name of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, name.name);
      if (/\.tmp$|\.new-\d+$|\.stale-\d+$|^\.lock$/.test(name.name)) found.push(path);
      if (name.isDirectory() && !/\.new-\d+$/.test(name.name)) walk(path);
    }
  };
  walk(dir);
  return found;
}

/** One row of the fault table printed at the end of each file (and quoted in the closing note). */
export interface FaultRow {
  readonly fault: string;
  trials: number;
  lost: number;
  duplicated: number;
  orphans: number;
  message: string;
}

export function faultTable(title: string, table: readonly FaultRow[]): string {
  const lines = table.map((r) => `| ${r.fault} | ${r.trials} | ${r.lost} | ${r.duplicated} | ${r.orphans} | ${r.message.replace(/\|/g, '\\|')} |`);
  return [`${title}`, '| fault | trials | rows lost | rows duplicated | orphans | message printed |', '|---|---|---|---|---|---|', ...lines, ''].join('\n');
}

/** Last line a process wrote to stderr starting with "cavlab:" (its one-line message). */
export function lastWord(stderr: string): string {
  return stderr.split('\n').filter((l) => l.startsWith('cavlab: ')).pop() ?? '';
}
