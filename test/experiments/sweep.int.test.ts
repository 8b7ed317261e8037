// `cavlab sweep` and `cavlab plot <experiment>` as a user runs them (the built CLI, real SUMO, idm runs):
// grid × seeds in worker processes, a failing run recorded while the others finish, finished runs skipped,
// an interrupted run resumed, bad files and figure ids as one-line errors.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'cavlab-sweep-'));
const out = join(work, 'results');

function cavlab(...args: string[]) {
  return execa('node', [CLI, ...args], { reject: false, stdin: 'ignore', env: { CI: 'true' }, cwd: work });
}

function readIndex(name: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(join(out, name, 'index.csv'), 'utf8').trimEnd().split('\n');
  const columns = (header ?? '').split(',');
  // The error column may be quoted; the tests read the columns before it.
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i] ?? `extra${i}`, v])));
}

function starts(runDir: string): number {
  return readFileSync(join(runDir, 'run.log'), 'utf8').split('\n').filter((l) => / start /.test(l)).length;
}

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('cavlab sweep (local executor)', () => {
  const file = join(work, 'grid.yaml');
  writeFileSync(file, [
    'name: grid', 'kind: sweep', 'algo: idm', 'episodes: 1', 'evalEvery: 0', 'horizon: 60',
    'grid:', '  scenario: [figure8, ./no-such-scenario]', '  evalEpisodes: [1]', 'seeds: [0, 1]', 'figures: [learning-curve, rsm-masac/fig5]', '',
  ].join('\n'));
  const ids = ['idm__figure8__evalEpisodes-1__seed0', 'idm__figure8__evalEpisodes-1__seed1', 'idm__no-such-scenario__evalEpisodes-1__seed0', 'idm__no-such-scenario__evalEpisodes-1__seed1'];

  it('plans the grid without running anything (--dry-run)', async () => {
    const r = await cavlab('sweep', file, '--out', out, '--dry-run');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n').map((l) => l.split('\t')[0])).toEqual(ids);
    expect(existsSync(join(out, 'grid'))).toBe(false);
  });

  it('records a failing run with its error while the others finish', async () => {
    const r = await cavlab('sweep', file, '--out', out, '--jobs', '2');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^cavlab: 2 of 4 runs failed \(errors in .*index\.csv\)$/m);
    expect(r.stdout.trim()).toBe(join(out, 'grid', 'index.csv'));
    const index = readIndex('grid');
    expect(index.map((row) => [row.run, row.status])).toEqual([[ids[0], 'finished'], [ids[1], 'finished'], [ids[2], 'failed'], [ids[3], 'failed']]);
    expect(index[0]).toMatchObject({ path: ids[0], algo: 'idm', scenario: 'figure8', grid: 'evalEpisodes-1', seed: '0', episodes: '1', final_epoch: '1', final_collisions: '0' });
    expect(Number(index[0]?.final_return)).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'grid', 'index.csv'), 'utf8')).toContain('scenario ""./no-such-scenario"" is neither a registered name');
    const manifest = JSON.parse(readFileSync(join(out, 'grid', ids[0] ?? '', 'manifest.json'), 'utf8'));
    // idm has no learners to place: the manifest says 1 worker (a sweep's --jobs rule is in runner/placement.test.ts).
    expect(manifest).toMatchObject({ status: 'finished', seed: 0, workers: 1, config: { algo: 'idm', label: 'evalEpisodes-1', experiment: 'grid', horizon: 60 } });
  });

  it('skips finished runs when run again and reports status from the folders', async () => {
    const r = await cavlab('sweep', file, '--out', out, '--jobs', '2');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('2 finished runs skipped');
    expect(starts(join(out, 'grid', ids[0] ?? ''))).toBe(1);
    // A run that fails its checks gets no folder: the error is in the sweep's state folder (and index.csv).
    expect(existsSync(join(out, 'grid', ids[2] ?? ''))).toBe(false);
    expect(readFileSync(join(out, 'grid', '.sweep', 'errors', `${ids[2] ?? ''}.txt`), 'utf8')).toMatch(/no-such-scenario/);
    const status = await cavlab('sweep', file, '--out', out, '--status');
    expect(status.exitCode).toBe(0);
    expect(status.stdout.split('\n')[0]).toBe(`${ids[0]}\tfinished`);
    expect(status.stderr).toContain('grid: 4 runs: 2 finished, 2 failed, 0 running, 0 pending');
  });

  it('plots the experiment\'s figures from its results', async () => {
    const r = await cavlab('plot', file, '--results', out);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([join(out, 'grid', 'figures', 'learning-curve.png'), join(out, 'grid', 'figures', 'rsm-masac_fig5.png')]);
    const svg = await cavlab('plot', join(out, 'grid'), '--figure', 'rsm-masac/fig5', '--format', 'svg');
    expect(readFileSync(svg.stdout.trim(), 'utf8')).toContain('Training epoch');
    const unknown = await cavlab('plot', join(out, 'grid'), '--figure', 'fig5');
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/^cavlab: unknown figure "fig5" \(known: learning-curve, rsm-masac\/fig5, .*\)$/);
    // The folder mode without --figure is unchanged.
    const plain = await cavlab('plot', join(out, 'grid'));
    expect(plain.stdout.trim()).toBe(join(out, 'grid', 'return.png'));
  });

  it('resumes an interrupted run where it stopped', async () => {
    const resumable = join(work, 'resume.json');
    writeFileSync(resumable, JSON.stringify({ name: 'resume', kind: 'sweep', algo: 'idm', scenario: 'figure8', episodes: 8, horizon: 500, evalEvery: 0, seeds: [5] }));
    const dir = join(out, 'resume', 'idm__figure8__seed5');
    const csv = join(dir, 'episodes.csv');
    const sweep = execa('node', [CLI, 'sweep', resumable, '--out', out], { reject: false, stdin: 'ignore', env: { CI: 'true' } });
    const deadline = Date.now() + 40_000;
    while (!(existsSync(csv) && readFileSync(csv, 'utf8').trimEnd().split('\n').length >= 3) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    sweep.kill('SIGTERM');
    const stopped = await sweep;
    expect(stopped.exitCode).toBe(143);
    const before = readFileSync(csv, 'utf8').trimEnd().split('\n').length - 1;
    expect(before).toBeGreaterThanOrEqual(2);
    expect(before).toBeLessThan(8);
    expect(readIndex('resume')[0]?.status).toBe('interrupted');
    const again = await cavlab('sweep', resumable, '--out', out);
    expect(again.exitCode).toBe(0);
    const episodes = readFileSync(csv, 'utf8').trimEnd().split('\n').slice(1).map((l) => Number(l.split(',')[0]));
    expect(episodes).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(starts(dir)).toBe(2);
    expect(readIndex('resume')[0]).toMatchObject({ status: 'finished', episodes: '8' });
  });

  it('rejects a bad experiment file with one line naming the file and the field', async () => {
    const bad = join(work, 'bad.json');
    writeFileSync(bad, JSON.stringify({ name: 'bad', kind: 'sweep', algo: 'idm', scenario: 'figure8', grid: { horizon: [100, 'long'] } }));
    const r = await cavlab('sweep', bad, '--out', out);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(`cavlab: ${bad}: grid.horizon[1]: must be a number, got "long"`);
    const missing = await cavlab('sweep', 'no/such/experiment', '--out', out);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/^cavlab: experiment "no\/such\/experiment" is neither a \.json\/\.yaml file nor a name under .*experiments$/);
  });
});
