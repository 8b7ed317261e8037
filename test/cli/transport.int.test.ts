// `cavlab run --transport`: identical episodes.csv through TCP TraCI and in-process libsumo (idm and isac), the
// manifest says which transport ran, and a crash inside the in-process SUMO takes down its own run only.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { libsumoSkipReason } from '../helpers/libsumo.js';

const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const skip = libsumoSkipReason('test/cli/transport.int.test.ts');
const out = mkdtempSync(join(tmpdir(), 'cavlab-transport-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function cavlab(...args: string[]) {
  return execa('node', [CLI, ...args], { reject: false, stdin: 'ignore', env: { CI: 'true' } });
}

/** episodes.csv as records (numbers, phase kept as text). */
function readEpisodes(file: string): Record<string, string | number>[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const columns = (header ?? '').split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i], columns[i] === 'phase' ? v : Number(v)])));
}

/** episodes.csv without wall_time (the one column that measures the machine, not the run). */
function results(dir: string): Record<string, string | number>[] {
  return readEpisodes(join(dir, 'episodes.csv')).map(({ wall_time: _wallTime, ...row }) => row);
}

function manifest(dir: string): { status: string; transport?: string } {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { status: string; transport?: string };
}

async function waitForRows(file: string, rows: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const lines = (() => {
      try {
        return readFileSync(file, 'utf8').trimEnd().split('\n').length;
      } catch {
        return 0;
      }
    })();
    if (lines > rows) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${file} did not reach ${rows} rows`);
}

describe.skipIf(skip !== undefined)('cavlab run --transport', () => {
  for (const [algo, episodes, horizon] of [['idm', '1', '400'], ['isac', '2', '150']] as const) {
    it(`gives the same episodes.csv for ${algo} through traci and libsumo`, async () => {
      const dirs: string[] = [];
      for (const transport of ['traci', 'libsumo']) {
        const r = await cavlab('run', '--scenario', 'figure8', '--algo', algo, '--episodes', episodes, '--horizon', horizon, '--eval-every', '0',
          '--seed', '4', '--transport', transport, '--out', out, '--name', `${algo}-${transport}`);
        expect(r.exitCode, r.stderr).toBe(0);
        const dir = join(out, `${algo}-${transport}`, `${algo}__figure8__seed4`);
        expect(manifest(dir)).toMatchObject({ status: 'finished', transport });
        dirs.push(dir);
      }
      const [tcp, inProcess] = dirs.map(results);
      expect(tcp).toHaveLength(Number(episodes));
      expect(inProcess).toEqual(tcp);
    });
  }

  it('rejects a transport it does not know, and libsumo with --gui, with one line and exit 2', async () => {
    const bad = await cavlab('run', '--scenario', 'figure8', '--algo', 'idm', '--transport', 'udp', '--out', out);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/transport/);
    const gui = await cavlab('run', '--scenario', 'figure8', '--algo', 'idm', '--transport', 'libsumo', '--gui', '--out', out, '--name', 'gui');
    expect(gui.exitCode).toBe(2);
    expect(gui.stderr.trim().split('\n').filter((l) => l.startsWith('cavlab:'))).toEqual([expect.stringMatching(/--transport libsumo: sumo-gui runs only as a TCP server/)]);
    expect(gui.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('a crash inside the in-process SUMO ends its own run only; its finished episodes stay and --resume continues', async () => {
    const args = (name: string, episodes: string) => ['run', '--scenario', 'figure8', '--algo', 'idm', '--episodes', episodes, '--eval-every', '0',
      '--seed', '5', '--transport', 'libsumo', '--out', out, '--name', name];
    const crashed = join(out, 'crash', 'idm__figure8__seed5');
    const victim = execa('node', [CLI, ...args('crash', '6')], { reject: false, stdin: 'ignore', env: { CI: 'true' } });
    const bystander = cavlab(...args('bystander', '2'));
    await waitForRows(join(crashed, 'episodes.csv'), 1, 120_000);
    // What a segfault in libsumo does to the process that holds it (the signal a real crash raises).
    victim.kill('SIGSEGV');
    const died = await victim;
    expect(died.signal).toBe('SIGSEGV');
    const rows = results(crashed);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.every((r) => r.steps === 1500)).toBe(true); // complete rows only
    expect(manifest(crashed).status).toBe('running'); // nobody could mark it: sweep-status shows it unfinished
    const other = await bystander;
    expect(other.exitCode, other.stderr).toBe(0);
    expect(manifest(join(out, 'bystander', 'idm__figure8__seed5')).status).toBe('finished');
    const resumed = await cavlab(...args('crash', '6'), '--resume');
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    const all = results(crashed);
    expect(all.map((r) => r.episode)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(all.slice(0, rows.length)).toEqual(rows); // nothing written before the crash was lost or rewritten
  });
});
