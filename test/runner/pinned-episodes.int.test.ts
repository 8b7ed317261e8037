// Pins the numbers of a short isac and rsm-masac run (figure8, seed 2, three 200-step episodes, small networks,
// an early first update) to the episodes.csv rows committed under test/fixtures/pinned/. A restructuring must keep
// them: same seed, same numbers. Every column of the fixture is compared except wall_time; columns the fixture does
// not have (diagnostics added later) are ignored. The runs use pure wasm (CAVLAB_NATIVE=0), whose arithmetic does
// not depend on the CPU's BLAS kernels.
//
// A fixture changes only with a deliberate change of behaviour, said in the commit that regenerates it:
//   CAVLAB_UPDATE_PINS=1 npx vitest run test/runner/pinned-episodes.int.test.ts
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/pinned/', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'cavlab-pinned-'));
const SMALL = { actorHidden: [16, 16], criticHidden: [16, 16], batchSize: 32, learningStarts: 32, updateAfter: 64, envStepsPerUpdate: 5 };
const UNPINNED = new Set(['wall_time']);

afterAll(() => rmSync(out, { recursive: true, force: true }));

interface Table {
  header: string[];
  rows: string[][];
}

function readTable(file: string): Table {
  const [header, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
  return { header: (header ?? '').split(','), rows: lines.map((line) => line.split(',')) };
}

/** The table restricted to the given columns, in their order. */
function project(table: Table, columns: readonly string[]): string[][] {
  const at = columns.map((c) => table.header.indexOf(c));
  return table.rows.map((row) => at.map((i) => row[i] ?? '<missing>'));
}

async function runPinned(algo: string, algoConfig: Record<string, unknown>): Promise<Table> {
  const file = join(out, `${algo}.json`);
  writeFileSync(file, JSON.stringify({ name: 'pinned', kind: 'run', algo, scenario: 'figure8', seeds: [2], episodes: 3, horizon: 200, evalEvery: 0, algoConfig }));
  const r = await execa('node', [CLI, 'run', file, '--out', out], { reject: false, stdin: 'ignore', env: { CI: 'true', CAVLAB_NATIVE: '0' } });
  expect(r.exitCode, r.stderr).toBe(0);
  return readTable(join(out, 'pinned', `${algo}__figure8__seed2`, 'episodes.csv'));
}

describe('pinned episodes.csv for fixed seeds', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['isac', SMALL],
    ['rsm-masac', { ...SMALL, updatesPerRound: 2 }],
  ];
  for (const [algo, algoConfig] of cases) {
    it(`${algo}: figure8, seed 2, 3 × 200 steps gives the pinned rows`, async () => {
      const got = await runPinned(algo, algoConfig);
      const fixture = join(FIXTURES, `${algo}.episodes.csv`);
      if (process.env.CAVLAB_UPDATE_PINS === '1') {
        const keep = got.header.filter((c) => !UNPINNED.has(c));
        writeFileSync(fixture, [keep, ...project(got, keep)].map((r) => r.join(',')).join('\n') + '\n');
      }
      const pinned = readTable(fixture);
      const columns = pinned.header.filter((c) => !UNPINNED.has(c));
      expect(columns.filter((c) => !got.header.includes(c)), 'pinned columns missing from the run').toEqual([]);
      expect(project(got, columns)).toEqual(project(pinned, columns));
    }, 180_000);
  }
});
