// The built CLI (`npm test` builds first), run as a user would.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { RING } from '../helpers/sumo.js';

const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

function cavlab(...args: string[]) {
  return execa('node', [CLI, ...args], { reject: false, stdin: 'ignore' });
}

function sumoChildrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n').map((l) => l.trim().split(/\s+/)).filter(([, c]) => c === 'sumo').map(([p]) => Number(p));
  } catch {
    return [];
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie still answers kill(0); look at its state.
    return !/\bZ\b/.test(execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }));
  } catch {
    return false;
  }
}

async function waitFor<T>(probe: () => T | undefined, ms: number): Promise<T | undefined> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('cavlab CLI', () => {
  it('has help and exits 2 with one line on bad usage', async () => {
    expect(existsSync(CLI)).toBe(true);
    const help = await cavlab('--help');
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/cavlab sumo/);
    const bad = await cavlab('frobnicate');
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('an unknown flag or a value outside the choices is refused before the command does anything, in one line', async () => {
    const out = mkdtempSync(join(tmpdir(), 'cavlab-flag-'));
    const run = await cavlab('run', '--scenario', 'figure8', '--algo', 'idm', '--episodes', '1', '--horizon', '20', '--out', out, '--name', 'typo', '--hiden', '64');
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual(['cavlab: Unknown argument: hiden']);
    expect(run.stdout).toBe('');
    expect(existsSync(join(out, 'typo'))).toBe(false);
    const list = await cavlab('scenario', 'list', '--bogus');
    expect([list.exitCode, list.stdout, list.stderr.trim()]).toEqual([2, '', 'cavlab: Unknown argument: bogus']);
    // A value outside an option's choices: yargs' message over several lines, kept whole on one.
    const choice = await cavlab('run', '--scenario', 'figure8', '--algo', 'idm', '--out', out, '--transport', 'tcp');
    expect(choice.exitCode).toBe(2);
    expect(choice.stderr.trim().split('\n')).toEqual(['cavlab: Invalid values: Argument: transport, Given: "tcp", Choices: "auto", "traci", "libsumo"']);
    // A number option given a word: named with what was typed (yargs alone would make it NaN).
    const word = await cavlab('run', '--scenario', 'figure8', '--algo', 'idm', '--out', out, '--name', 'typo', '--eval-every=often');
    expect([word.exitCode, word.stderr.trim()]).toEqual([2, 'cavlab: --eval-every must be a number, got "often"']);
    expect(existsSync(join(out, 'typo'))).toBe(false);
  });

  it('sumo check reports path, version and TraCI API; a missing binary is a one-line error', async () => {
    const ok = await cavlab('sumo', 'check', '--json');
    expect(ok.exitCode).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ version: expect.stringMatching(/^1\.\d+/), traciApi: 20 });
    const missing = await cavlab('sumo', 'check', '--sumo-binary', '/nonexistent/sumo');
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr.trim()).toBe('cavlab: SUMO binary /nonexistent/sumo does not exist or is not executable');
    const noPath = await execa(process.execPath, [CLI, 'sumo', 'check'], { reject: false, env: { PATH: '/nonexistent', SUMO_HOME: '' }, extendEnv: false });
    expect(noPath.exitCode).toBe(2);
    expect(noPath.stderr.trim().split('\n')).toHaveLength(1);
    expect(noPath.stderr).toMatch(/sumo not found/);
  });

  it('trace record writes one JSON line per step', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cavlab-cli-')), 'sub', 'trace.jsonl');
    const run = await cavlab('trace', 'record', RING, '--steps', '25', '--out', out);
    expect(run.exitCode).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(25);
    const last = JSON.parse(lines[24] ?? '{}') as { step: number; time: number; vehicles: Array<{ id: string }> };
    expect(last.step).toBe(25);
    expect(last.time).toBeCloseTo(2.5, 9);
    expect(last.vehicles).toHaveLength(14);
  });

  it('trace record with a missing config → exit 2 and one line naming the file', async () => {
    const run = await cavlab('trace', 'record', '/nonexistent/x.sumocfg', '--steps', '5', '--out', join(tmpdir(), 'x.jsonl'));
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trim()).toBe('cavlab: /nonexistent/x.sumocfg: file not found');
  });

  it.each(['SIGINT', 'SIGTERM', 'SIGKILL'] as const)('leaves no SUMO behind when cavlab gets %s', async (signal) => {
    const out = join(mkdtempSync(join(tmpdir(), 'cavlab-sig-')), 'trace.jsonl');
    const child = execa('node', [CLI, 'trace', 'record', RING, '--steps', '10000000', '--out', out, '--transport', 'traci'], { reject: false, stdin: 'ignore' });
    const pid = child.pid as number;
    const sumo = await waitFor(() => sumoChildrenOf(pid)[0], 10_000);
    expect(sumo, 'SUMO started').toBeGreaterThan(0);
    // Let it step a little so the signal lands mid-run.
    await waitFor(() => (existsSync(out) && readFileSync(out, 'utf8').length > 1000 ? true : undefined), 10_000);
    child.kill(signal);
    await child;
    const gone = await waitFor(() => (alive(sumo as number) ? undefined : true), 3_000);
    expect(gone, `SUMO ${sumo} still running after ${signal}`).toBe(true);
  });
});
