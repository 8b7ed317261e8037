// `cavlab plot <folder> --watch`: the built CLI watches a copied episodes.csv; an appended row is redrawn within a
// few seconds, a row written in two parts is drawn only once whole, and SIGINT ends the watch with exit 0.
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { completeRows } from '../../src/plot/watch.js';
import { CLI } from '../faults/helpers.js';

const work = mkdtempSync(join(tmpdir(), 'cavlab-watch-'));
const FIXTURE = fileURLToPath(new URL('../fixtures/pinned/isac.episodes.csv', import.meta.url));

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Resolves with the first stdout line matching `pattern` (rejects after `ms`). */
function lineMatching(lines: string[], pattern: RegExp, ms: number): Promise<string> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const look = (): void => {
      const hit = lines.find((l) => pattern.test(l));
      if (hit !== undefined) resolve(hit);
      else if (Date.now() > deadline) reject(new Error(`no line matching ${pattern} within ${ms} ms; got:\n${lines.join('\n')}`));
      else setTimeout(look, 50);
    };
    look();
  });
}

describe('plot --watch', () => {
  it('counts only complete rows', () => {
    expect(completeRows('')).toBe(0);
    expect(completeRows('a,b\n')).toBe(0);
    expect(completeRows('a,b\n1,2\n3,4\n')).toBe(2);
    expect(completeRows('a,b\n1,2\n3,')).toBeNull();
  });

  it('redraws when a row lands, waits for a partial row to finish, and stops on SIGINT', async () => {
    const run = join(work, 'exp', 'isac__figure8__seed2');
    mkdirSync(run, { recursive: true });
    const csv = join(run, 'episodes.csv');
    copyFileSync(FIXTURE, csv);
    const child = execa('node', [CLI, 'plot', join(work, 'exp'), '--watch'], { reject: false, stdin: 'ignore', env: { CI: 'true' } });
    const lines: string[] = [];
    child.stdout?.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter((l) => l.length > 0)));
    try {
      expect(await lineMatching(lines, /^redraw 1 at .*: 3 episode rows in 1 file → .*return\.png$/, 60_000)).toBeTruthy();
      expect(existsSync(join(work, 'exp', 'return.png'))).toBe(true);
      appendFileSync(csv, '3,4,train,200,-40.5,5.1,5.2,0,1000,10,9\n');
      await lineMatching(lines, /^redraw 2 at .*: 4 episode rows/, 10_000);
      appendFileSync(csv, '4,5,train,200,-3');
      await new Promise((r) => setTimeout(r, 1_500));
      // More than a poll later: no figure from half a row.
      expect(lines.filter((l) => /^redraw/.test(l))).toHaveLength(2);
      appendFileSync(csv, '8.5,6.1,6.2,0,1100,12,9\n');
      await lineMatching(lines, /^redraw 3 at .*: 5 episode rows/, 10_000);
      expect(lines.filter((l) => /^redraw/.test(l))).toHaveLength(3);
    } finally {
      child.kill('SIGINT');
    }
    const done = await child;
    expect(done.exitCode, done.stderr).toBe(0);
    expect(done.stderr).toMatch(/stopped watching after 3 redraws/);
  }, 90_000);
});
