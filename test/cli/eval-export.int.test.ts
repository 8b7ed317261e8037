// `cavlab eval` and `cavlab export` on a real (tiny) run: the best checkpoint replays its evaluation exactly,
// eval.csv is written and episodes.csv is not touched; the exported file acts like the checkpoint's actors.
// And a map whose learners never appear fails the run with exit 1.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { readCheckpoint } from '../../src/agents/checkpoint.js';
import { findPool } from '../../src/policy/export.js';
import { loadPolicy } from '../../src/policy/policy-file.js';
import { SCENARIO_ROOT } from '../../src/scenarios/registry.js';

const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

function cavlab(...args: string[]) {
  return execa(process.execPath, [CLI, ...args], { reject: false, stdin: 'ignore', env: { CI: 'true' } });
}

function csvRows(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const columns = (header ?? '').split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [columns[i] ?? '', v])));
}

describe('cavlab eval and export', () => {
  it('replay the best checkpoint exactly, leave episodes.csv alone, and export actors loadPolicy can run', async () => {
    const out = mkdtempSync(join(tmpdir(), 'cavlab-eval-'));
    // The run evaluates with the mean action, as `cavlab eval` does by default (runs sample it by default).
    const experiment = join(out, 'e.json');
    writeFileSync(experiment, JSON.stringify({ kind: 'run', name: 'e', algo: 'isac', scenario: 'figure8', evalPolicy: 'deterministic' }));
    const run = await cavlab('run', experiment, '--episodes', '1', '--horizon', '300', '--seed', '3', '--out', out);
    expect(run.exitCode, run.stderr).toBe(0);
    const dir = join(out, 'e', 'isac__figure8__seed3');
    const before = readFileSync(join(dir, 'episodes.csv'), 'utf8');
    const evalRow = csvRows(join(dir, 'episodes.csv')).find((r) => r['phase'] === 'eval');

    const ev = await cavlab('eval', dir);
    expect(ev.exitCode, ev.stderr).toBe(0);
    expect(ev.stdout.trim()).toBe(join(dir, 'eval.csv'));
    const rows = csvRows(join(dir, 'eval.csv'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ row: '0', checkpoint: 'best', policy: 'deterministic', seed: '3', steps: '300' });
    // Same policy, same traffic as the run's evaluation → the same return.
    expect(rows[0]?.['return']).toBe(evalRow?.['return']);
    expect(readFileSync(join(dir, 'episodes.csv'), 'utf8')).toBe(before);
    // A second eval appends after the first.
    const again = await cavlab('eval', dir, '--checkpoint', 'latest', '--seed', '9', '--stochastic', '--horizon', '50');
    expect(again.exitCode, again.stderr).toBe(0);
    expect(csvRows(join(dir, 'eval.csv')).map((r) => [r['row'], r['policy'], r['steps']])).toEqual([['0', 'deterministic', '300'], ['1', 'stochastic', '50']]);

    const file = join(out, 'policy.json');
    const ex = await cavlab('export', dir, '--out', file);
    expect(ex.exitCode, ex.stderr).toBe(0);
    const policy = await loadPolicy(file);
    expect(policy.file.observation).toMatchObject({ id: 'figure8', size: 6 });
    expect(policy.file.action).toMatchObject({ kind: 'acceleration', low: [-3], high: [3] });
    const pool = findPool(await readCheckpoint(join(dir, 'checkpoints', 'best', 'controller')));
    expect(policy.count).toBe(pool?.actors.length);
    expect(policy.count).toBe(9);
    const a = policy.act(new Float32Array(6).fill(0.5), 0);
    expect(a).toHaveLength(1);
    expect(Math.abs(a[0] ?? 9)).toBeLessThanOrEqual(3);
    expect((await cavlab('export', dir, '--out', file)).exitCode).toBe(2); // exists: --force replaces
  }, 180_000);

  it('refuses a run with nothing to export or evaluate in one line', async () => {
    const out = mkdtempSync(join(tmpdir(), 'cavlab-eval-idm-'));
    expect((await cavlab('run', '--scenario', 'figure8', '--algo', 'idm', '--episodes', '1', '--horizon', '20', '--eval-every', '0', '--out', out, '--name', 'i')).exitCode).toBe(0);
    const dir = join(out, 'i', 'idm__figure8__seed0');
    const ex = await cavlab('export', dir, '--out', join(out, 'p.json'));
    expect(ex.exitCode).toBe(2);
    expect(ex.stderr.trim().split('\n')).toHaveLength(1);
    expect(ex.stderr).toMatch(/no best checkpoint \(it has latest: --checkpoint latest\)/);
    const ex2 = await cavlab('export', dir, '--checkpoint', 'latest', '--out', join(out, 'p.json'));
    expect(ex2.stderr.trim()).toMatch(/idm has no learned policy to export/);
    const notRun = await cavlab('eval', out);
    expect(notRun.exitCode).toBe(2);
    expect(notRun.stderr.trim()).toMatch(/is not a run folder/);
  }, 120_000);

  it('fails a run whose learners never appear with exit 1 and one line', async () => {
    const root = mkdtempSync(join(tmpdir(), 'cavlab-nolearner-'));
    const scenario = join(root, 'figure8-trucks');
    cpSync(join(SCENARIO_ROOT, 'figure8'), scenario, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(scenario, 'scenario.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(scenario, 'scenario.json'), JSON.stringify({ ...manifest, learners: { kind: 'vehType', vehType: 'truck' } }));
    const r = await cavlab('run', '--scenario', scenario, '--algo', 'isac', '--episodes', '1', '--horizon', '20', '--out', root);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim().split('\n').pop()).toMatch(/^cavlab: no learner appeared in the first episode \(20 steps\)/);
  }, 120_000);
});
