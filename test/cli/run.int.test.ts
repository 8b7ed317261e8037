// `cavlab run` as a user runs it (the built CLI against real SUMO): results layout, resume after a kill,
// bad input, interruption.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { EPISODE_COLUMNS } from '../../src/metrics/schemas.js';

const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'cavlab-run-'));

function cavlab(...args: string[]) {
  return execa('node', [CLI, ...args], { reject: false, stdin: 'ignore', env: { CI: 'true' } });
}

/** episodes.csv as records of numbers (phase kept as text). */
export function readEpisodes(file: string): Record<string, string | number>[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const columns = (header ?? '').split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i], columns[i] === 'phase' ? v : Number(v)])));
}

async function waitForRows(file: string, rows: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (existsSync(file) && readFileSync(file, 'utf8').trimEnd().split('\n').length > rows) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${file} did not reach ${rows} rows`);
}

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('cavlab run', () => {
  it('idm drives a full figure8 horizon with no collision and writes a valid manifest and CSV', async () => {
    const r = await cavlab('run', '--scenario', 'figure8', '--algo', 'idm', '--episodes', '1', '--seed', '3', '--out', out, '--name', 'idm');
    expect(r.stderr).toMatch(/train 1\/1 +return/);
    expect(r.exitCode).toBe(0);
    const dir = join(out, 'idm', 'idm__figure8__seed3');
    expect(r.stdout.trim()).toBe(join(dir, 'episodes.csv'));
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ status: 'finished', seed: 3, policyParameters: null, config: { algo: 'idm', scenario: 'figure8', horizon: null } });
    expect(manifest.versions.sumo).toMatch(/^SUMO 1\./);
    expect(['wasm+openblas', 'wasm', 'cpu', 'tfjs-node', 'tfjs-node-gpu']).toContain(manifest.versions.backend);
    const rows = readEpisodes(join(dir, 'episodes.csv'));
    expect(Object.keys(rows[0] ?? {})).toEqual([...EPISODE_COLUMNS]);
    expect(rows.map((row) => row.phase)).toEqual(['train', 'eval']);
    for (const row of rows) {
      expect(row.steps).toBe(1500);
      expect(row.collisions).toBe(0);
      expect(row.mean_speed).toBeGreaterThan(0);
      expect(row.mean_speed).toBeLessThanOrEqual(30);
      expect(row.distance).toBeGreaterThan(0);
    }
  });

  it('continues after a killed run at the next episode, with no duplicated row and the same results', async () => {
    const args = ['run', '--scenario', 'figure8', '--algo', 'idm', '--episodes', '8', '--eval-every', '3', '--horizon', '400', '--seed', '1', '--out', out];
    const child = execa('node', [CLI, ...args, '--name', 'killed'], { reject: false, stdin: 'ignore', env: { CI: 'true' } });
    const file = join(out, 'killed', 'idm__figure8__seed1', 'episodes.csv');
    await waitForRows(file, 2, 30_000);
    child.kill('SIGKILL');
    await child;
    const before = readEpisodes(file).length;
    expect(before).toBeLessThan(11);
    const again = await cavlab(...args, '--name', 'killed');
    expect(again.stderr).toContain('cavlab: ');
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toMatch(/already holds a run; add --resume/);
    const other = await cavlab(...args.map((a) => (a === '400' ? '300' : a)), '--name', 'killed');
    expect(other.exitCode).toBe(2);
    expect(other.stderr).toMatch(/already holds a run with another configuration \(.*horizon.*\); choose another --name/);
    const resumed = await cavlab(...args, '--name', 'killed', '--resume');
    expect(resumed.exitCode).toBe(0);
    const rows = readEpisodes(file);
    expect(rows.map((r) => r.episode)).toEqual([...Array(11).keys()]);
    const reference = await cavlab(...args, '--name', 'whole');
    expect(reference.exitCode).toBe(0);
    const whole = readEpisodes(join(out, 'whole', 'idm__figure8__seed1', 'episodes.csv'));
    expect(rows.map((r) => r.return)).toEqual(whole.map((r) => r.return));
    const finished = await cavlab(...args, '--name', 'killed', '--resume');
    expect(finished.exitCode).toBe(0);
    expect(finished.stderr).toMatch(/is finished already/);
  });

  it('isac learns on figure8 and merge for 2 short episodes and writes a valid manifest and CSV', async () => {
    for (const scenario of ['figure8', 'merge']) {
      const r = await cavlab('run', '--scenario', scenario, '--algo', 'isac', '--episodes', '2', '--horizon', '400', '--eval-every', '0', '--seed', '4', '--out', out, '--name', 'isac');
      expect(r.exitCode, r.stderr).toBe(0);
      const dir = join(out, 'isac', `isac__${scenario}__seed4`);
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      expect(manifest).toMatchObject({ status: 'finished', policyParameters: 68098, config: { algo: 'isac', algoConfig: { batchSize: 256, actorLr: 4e-5 } } });
      const rows = readEpisodes(join(dir, 'episodes.csv'));
      expect(rows.map((row) => row.phase)).toEqual(['train', 'train']);
      for (const row of rows) {
        for (const column of EPISODE_COLUMNS) expect(row[column], column).not.toBeNaN();
        expect(row.steps).toBe(400);
        expect(row.mean_speed).toBeGreaterThanOrEqual(0);
        expect(row.mean_speed).toBeLessThanOrEqual(30);
        expect(row.mean_learner_speed).toBeLessThanOrEqual(30);
        expect(row.collisions).toBeGreaterThanOrEqual(0);
      }
      // figure8's 9 learners pass learningStarts (256 transitions each) within the first episode.
      if (scenario === 'figure8') expect(rows.reduce((n, row) => n + Number(row.updates), 0)).toBeGreaterThan(100);
      expect(existsSync(join(dir, 'checkpoints', 'latest', 'controller'))).toBe(true);
    }
  }, 240_000);

  it('an isac run resumed after SIGKILL gives the same rows as an uninterrupted one', async () => {
    const args = ['run', '--scenario', 'figure8', '--algo', 'isac', '--episodes', '3', '--horizon', '300', '--eval-every', '0', '--seed', '5', '--out', out];
    const child = execa('node', [CLI, ...args, '--name', 'isac-killed'], { reject: false, stdin: 'ignore', env: { CI: 'true' } });
    const file = join(out, 'isac-killed', 'isac__figure8__seed5', 'episodes.csv');
    await waitForRows(file, 1, 60_000);
    child.kill('SIGKILL');
    await child;
    expect(readEpisodes(file).length).toBeLessThan(3);
    expect((await cavlab(...args, '--name', 'isac-killed', '--resume')).exitCode).toBe(0);
    expect((await cavlab(...args, '--name', 'isac-whole')).exitCode).toBe(0);
    const strip = (rows: Record<string, string | number>[]) => rows.map(({ wall_time: _w, ...rest }) => rest);
    const resumed = readEpisodes(file);
    expect(resumed.map((r) => r.episode)).toEqual([0, 1, 2]);
    expect(strip(resumed)).toEqual(strip(readEpisodes(join(out, 'isac-whole', 'isac__figure8__seed5', 'episodes.csv'))));
    // The learners in two worker threads: the same rows, and the process still ends by itself.
    const file2 = join(out, 'isac-workers.json');
    writeFileSync(file2, JSON.stringify({ name: 'isac-workers', kind: 'run', algo: 'isac', scenario: 'figure8', seeds: [5], episodes: 3, horizon: 300, evalEvery: 0, algoConfig: { learnerWorkers: 2 } }));
    const workers = await cavlab('run', file2, '--out', out);
    expect(workers.exitCode, workers.stderr).toBe(0);
    expect(strip(readEpisodes(join(out, 'isac-workers', 'isac__figure8__seed5', 'episodes.csv')))).toEqual(strip(resumed));
    // --workers 2 on the command line: the same rows; the manifest says how many ran, its recorded config is unchanged.
    const placed = await cavlab(...args, '--name', 'isac-cli-workers', '--workers', '2');
    expect(placed.exitCode, placed.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'isac-cli-workers', 'isac__figure8__seed5', 'manifest.json'), 'utf8')) as { workers: number; config: Record<string, unknown> };
    expect(manifest).toMatchObject({ workers: 2, config: { algoConfig: { learnerWorkers: 1 } } });
    expect(manifest.config).not.toHaveProperty('workers');
    expect(strip(readEpisodes(join(out, 'isac-cli-workers', 'isac__figure8__seed5', 'episodes.csv')))).toEqual(strip(resumed));
    const bad = await cavlab(...args, '--name', 'isac-bad-workers', '--workers', '3');
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr.trim()).toBe('cavlab: command line: workers: must be one of auto, 1, 2, got 3');
    expect(existsSync(join(out, 'isac-bad-workers'))).toBe(false);
  }, 300_000);

  it('refuses to resume with a different configuration', async () => {
    const r = await cavlab('run', '--scenario', 'figure8', '--algo', 'idm', '--episodes', '9', '--eval-every', '3', '--horizon', '400', '--seed', '1', '--out', out, '--name', 'killed', '--resume');
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--resume needs the same configuration/);
  });

  it('--episodes N --resume continues a finished run when its plan so far stays the same; other changes are refused', async () => {
    const args = (episodes: number, horizon = 100) => ['run', '--scenario', 'figure8', '--algo', 'idm', '--episodes', String(episodes), '--eval-every', '2', '--horizon', String(horizon), '--seed', '2', '--out', out, '--name', 'extended'];
    const file = join(out, 'extended', 'idm__figure8__seed2', 'episodes.csv');
    expect((await cavlab(...args(2))).exitCode).toBe(0);
    const first = readEpisodes(file);
    const longer = await cavlab(...args(4), '--resume');
    expect(longer.exitCode, longer.stderr).toBe(0);
    expect(longer.stderr).toMatch(/continuing from 2 to 4 training episodes/);
    const rows = readEpisodes(file);
    expect(rows.map((r) => `${r.epoch}${r.phase}`)).toEqual(['1train', '2train', '2eval', '3train', '4train', '4eval']);
    expect(rows.slice(0, 3)).toEqual(first);
    expect(JSON.parse(readFileSync(join(out, 'extended', 'idm__figure8__seed2', 'manifest.json'), 'utf8'))).toMatchObject({ status: 'finished', config: { episodes: 4 } });
    const other = await cavlab(...args(6, 200), '--resume');
    expect(other.exitCode).toBe(2);
    expect(other.stderr).toMatch(/differs: .*horizon.*only --episodes may change/);
    const offGrid = await cavlab(...args(3), '--resume');
    expect(offGrid.exitCode).toBe(2);
    expect(offGrid.stderr).toMatch(/not shortened/);
  }, 120_000);

  it('bad input is one line and exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--scenario', 'figure9', '--algo', 'idm'], /scenario "figure9" is neither a registered name/],
      [['--scenario', 'figure8', '--algo', 'ppo'], /unknown algorithm 'ppo' \(known: idm, isac/],
      [['--scenario', 'figure8', '--algo', 'idm', '--episodes', '-2'], /episodes: must be a positive integer, got -2/],
      [['--scenario', 'figure8'], /--algo/],
      [['nope.json'], /experiment "nope.json" is neither/],
    ];
    for (const [args, message] of cases) {
      const r = await cavlab('run', ...args, '--out', out);
      expect(r.exitCode, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
    const file = join(out, 'bad.json');
    writeFileSync(file, JSON.stringify({ name: 'bad', kind: 'run', algo: 'idm', scenario: 'figure8', evalEvery: 'often' }));
    const r = await cavlab('run', file, '--out', out);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim()).toBe(`cavlab: ${file}: evalEvery: must be a non-negative integer, got "often"`);
    writeFileSync(file, JSON.stringify({ name: 'bad', kind: 'run', algo: 'isac', scenario: 'figure8', algoConfig: { batchSize: 'big' } }));
    const hyper = await cavlab('run', file, '--out', out);
    expect(hyper.exitCode).toBe(2);
    expect(hyper.stderr.trim()).toBe(`cavlab: ${file}: algoConfig.batchSize: must be a positive integer, got "big"`);
    const swept = await cavlab('sweep', file, '--out', out, '--dry-run');
    expect(swept.exitCode).toBe(2);
    expect(swept.stderr.trim()).toBe(`cavlab: ${file}: isac__figure8__seed0: algoConfig.batchSize: must be a positive integer, got "big"`);
    writeFileSync(file, JSON.stringify({ name: 'bad', kind: 'run', algo: 'svmix', scenario: 'figure8', algoConfig: { learnerWorkers: 2 } }));
    const placed = await cavlab('run', file, '--out', out);
    expect(placed.exitCode).toBe(2);
    expect(placed.stderr.trim().split('\n')).toHaveLength(1);
    expect(placed.stderr).toMatch(/algoConfig\.learnerWorkers: is not a hyper-parameter of .*\(known: qHidden, .*\), got 2$/);
    expect(existsSync(join(out, 'bad'))).toBe(false);
  });

  it('names the first collision of an episode (step, vehicles, learner or not, lane) on stderr and in run.log, and in cavlab eval', async () => {
    // intersection8 with its learners held at ≥ 13 m/s (random warm-up actions in [13, 13.89]): on speedMode 23 they
    // do not yield at the crossing, and a learner meets a human there before step 700.
    const scenario = join(out, 'fast-intersection8');
    cpSync(fileURLToPath(new URL('../../sumo-scenarios/intersection8', import.meta.url)), scenario, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(scenario, 'scenario.json'), 'utf8')) as { name: string; horizon: number; action: { low: number } };
    writeFileSync(join(scenario, 'scenario.json'), JSON.stringify({ ...manifest, name: 'fast-intersection8', horizon: 700, action: { ...manifest.action, low: 13 } }));
    const r = await cavlab('run', '--scenario', scenario, '--algo', 'isac', '--episodes', '1', '--eval-every', '0', '--seed', '0', '--out', out, '--name', 'collide');
    expect(r.exitCode).toBe(0);
    const note = /train 1\/1: first collision at step (\d+) \([\d.]+ s\): (veh\d+) \((learner|not a learner), type (cav|human), [\d.]+ m\/s, lane (\S+)\) and (veh\d+) \((learner|not a learner), type (cav|human)/;
    const [line] = r.stderr.split('\n').filter((l) => l.includes('first collision'));
    expect(line).toMatch(note);
    const [, step, , firstRole, firstType, lane, , secondRole, secondType] = note.exec(line ?? '') ?? [];
    const rows = readEpisodes(join(out, 'collide', 'isac__fast-intersection8__seed0', 'episodes.csv'));
    expect(rows[0]?.collisions).toBe(1);
    expect(Number(step)).toBe(rows[0]?.steps);
    expect(lane).toMatch(/^:center_/);
    expect([firstRole === 'learner', secondRole === 'learner']).toEqual([firstType === 'cav', secondType === 'cav']);
    const log = readFileSync(join(out, 'collide', 'isac__fast-intersection8__seed0', 'run.log'), 'utf8');
    expect(log).toContain(line?.replace(/^cavlab: /, ''));
    // `cavlab eval` of the same run names each of its episodes' first collision the same way (fixed seeds: one of
    // these three 1,500-step episodes collides); one note per episode with a collision, none for the others.
    const runFolder = join(out, 'collide', 'isac__fast-intersection8__seed0');
    const evaluated = await cavlab('eval', runFolder, '--episodes', '3', '--checkpoint', 'latest', '--horizon', '1500');
    expect(evaluated.exitCode).toBe(0);
    const notes = evaluated.stderr.split('\n').filter((l) => /^cavlab: eval \d+: first collision at step \d+ \([\d.]+ s\): veh\d+ \(/.test(l));
    const evalRows = readEpisodes(join(runFolder, 'eval.csv'));
    const collided = evalRows.filter((row) => Number(row.collisions) > 0).map((row) => `eval ${Number(row.row) + 1}:`);
    expect(collided.length).toBeGreaterThan(0);
    expect(notes.map((l) => l.split(' ').slice(1, 3).join(' '))).toEqual(collided);
  });

  it('stops cleanly on SIGINT: exit 130, the manifest says interrupted and what finished stays', async () => {
    const child = execa('node', [CLI, 'run', '--scenario', 'figure8', '--algo', 'idm', '--episodes', '200', '--seed', '2', '--out', out, '--name', 'int'], { reject: false, stdin: 'ignore', env: { CI: 'true' } });
    const dir = join(out, 'int', 'idm__figure8__seed2');
    await waitForRows(join(dir, 'episodes.csv'), 1, 30_000);
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode).toBe(130);
    expect(r.stderr).toMatch(/interrupted by SIGINT; finished episodes are kept, --resume continues after them/);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.status).toBe('interrupted');
    expect(manifest.error).toMatch(/interrupted by SIGINT/);
    expect(readEpisodes(join(dir, 'episodes.csv')).length).toBeGreaterThanOrEqual(1);
  });
});
