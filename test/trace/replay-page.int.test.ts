// The replay page in a real headless Chromium (issue 23): a trace recorded from figure8 and the trace of a
// `cavlab eval --trace` episode become pages that load with no console message, draw a canvas that is not blank,
// show the learners in their own colour, and whose slider position (URL hash #frame=N) moves the vehicles.
// Needs Debian's `chromium`: under CI its absence is a failure, elsewhere the file is skipped with the reason.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { countColour, readPng } from '../helpers/png.js';
import type { Image } from '../helpers/png.js';
import { CLI } from '../faults/helpers.js';

const work = mkdtempSync(join(tmpdir(), 'cavlab-replay-'));
const CHROMIUM = (process.env['PATH'] ?? '/usr/bin').split(':').flatMap((dir) => ['chromium', 'chromium-browser'].map((name) => join(dir, name))).find((p) => existsSync(p)) ?? null;
const missing = CHROMIUM === null ? 'no chromium or chromium-browser on PATH (Debian package `chromium`)' : null;
if (missing !== null) process.stderr.write(`replay-page.int.test: skipped: ${missing}\n`);

afterAll(() => rmSync(work, { recursive: true, force: true }));

function cavlab(...args: string[]) {
  return execa('node', [CLI, ...args], { reject: false, stdin: 'ignore', env: { CI: 'true' } });
}

/** Screenshot of `page` at frame `frame` (paused there), and the console lines Chromium logged. */
async function shoot(page: string, frame: number, name: string): Promise<{ image: Image; console: string[] }> {
  const png = join(work, `${name}.png`);
  const r = await execa(CHROMIUM as string, [
    '--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--enable-logging=stderr', '--v=0', `--user-data-dir=${join(work, 'profile')}`,
    '--window-size=800,600', '--virtual-time-budget=2000', `--screenshot=${png}`, `${pathToFileURL(page).href}#frame=${frame}`,
  ], { reject: false, stdin: 'ignore', timeout: 120_000 });
  expect(existsSync(png), r.stderr).toBe(true);
  return { image: readPng(readFileSync(png)), console: r.stderr.split('\n').filter((l) => l.includes(':CONSOLE')) };
}

function differing(a: Image, b: Image): number {
  let n = 0;
  for (let i = 0; i < a.pixels.length; i += a.channels) {
    if (a.pixels[i] !== b.pixels[i] || a.pixels[i + 1] !== b.pixels[i + 1] || a.pixels[i + 2] !== b.pixels[i + 2]) n++;
  }
  return n;
}

const nonWhite = (image: Image): number => image.width * image.height - countColour(image, '#ffffff', 3);

describe('replay page in headless Chromium', () => {
  it.runIf(missing !== null && process.env['CI'] === 'true')('has chromium in CI', () => {
    throw new Error(`replay page test needs chromium: ${missing ?? ''}`);
  });

  it.skipIf(missing !== null)('a figure8 trace: loads cleanly, draws lanes and vehicles, the slider moves them', async () => {
    const trace = join(work, 'f8.jsonl');
    const rec = await cavlab('trace', 'record', '--scenario', 'figure8', '--steps', '200', '--seed', '1', '--out', trace);
    expect(rec.exitCode, rec.stderr).toBe(0);
    const page = join(work, 'f8.html');
    const view = await cavlab('trace', 'view', trace, '--scenario', 'figure8', '--out', page);
    expect(view.exitCode, view.stderr).toBe(0);
    expect(view.stdout.trim()).toBe(page);
    expect(readFileSync(page, 'utf8')).not.toMatch(/\b(src|href)="(https?:)?\/\//);
    const early = await shoot(page, 20, 'early');
    const late = await shoot(page, 180, 'late');
    expect(early.console).toEqual([]);
    expect(late.console).toEqual([]);
    // Lanes (grey) and human vehicles (blue) are drawn; the page is far from blank.
    expect(nonWhite(early.image)).toBeGreaterThan(20_000);
    expect(countColour(early.image, '#b4b4b4', 6)).toBeGreaterThan(10_000);
    expect(countColour(early.image, '#1f77b4', 30)).toBeGreaterThan(200);
    expect(differing(early.image, late.image)).toBeGreaterThan(500);
  }, 180_000);

  it.skipIf(missing !== null)('the trace of an eval episode shows its learners in their own colour', async () => {
    const run = await cavlab('run', '--scenario', 'figure8', '--algo', 'idm', '--episodes', '1', '--horizon', '60', '--eval-every', '0', '--seed', '2', '--out', work, '--name', 'ev');
    expect(run.exitCode, run.stderr).toBe(0);
    const trace = join(work, 'eval.jsonl');
    const ev = await cavlab('eval', join(work, 'ev', 'idm__figure8__seed2'), '--checkpoint', 'latest', '--horizon', '60', '--trace', trace);
    expect(ev.exitCode, ev.stderr).toBe(0);
    const lines = readFileSync(trace, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { learners: string[]; vehicles: unknown[] });
    expect(lines).toHaveLength(60);
    expect(lines[0]?.learners.length).toBeGreaterThan(0);
    const page = join(work, 'eval.html');
    expect((await cavlab('trace', 'view', trace, '--scenario', 'figure8', '--out', page)).exitCode).toBe(0);
    expect(statSync(page).size).toBeLessThan(2_000_000);
    const shot = await shoot(page, 30, 'eval');
    expect(shot.console).toEqual([]);
    expect(countColour(shot.image, '#d62728', 30)).toBeGreaterThan(100);
    expect(countColour(shot.image, '#1f77b4', 30)).toBeGreaterThan(100);
  }, 180_000);
});
