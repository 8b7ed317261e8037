// episodes.csv's training diagnostics (issue 15): critic_loss, actor_loss, alpha and entropy are the means over the
// episode's gradient steps — finite once updates start, empty cells without any (idm, eval) — and a run with its
// learners in two worker threads writes the same rows as one in this thread.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'cavlab-diagnostics-'));
const SMALL = { actorHidden: [16, 16], criticHidden: [16, 16], batchSize: 32, learningStarts: 32, updateAfter: 64, envStepsPerUpdate: 5 };
const DIAGNOSTICS = ['critic_loss', 'actor_loss', 'alpha', 'entropy'] as const;

afterAll(() => rmSync(out, { recursive: true, force: true }));

type Row = Record<string, string>;

async function run(name: string, algo: string, algoConfig: Record<string, unknown>): Promise<Row[]> {
  const file = join(out, `${name}.json`);
  writeFileSync(file, JSON.stringify({ name, kind: 'run', algo, scenario: 'figure8', seeds: [3], episodes: 2, horizon: 120, evalEvery: 2, evalEpisodes: 1, algoConfig }));
  const r = await execa('node', [CLI, 'run', file, '--out', out], { reject: false, stdin: 'ignore', env: { CI: 'true', CAVLAB_NATIVE: '0' } });
  expect(r.exitCode, r.stderr).toBe(0);
  const [header, ...lines] = readFileSync(join(out, name, `${algo}__figure8__seed3`, 'episodes.csv'), 'utf8').trimEnd().split('\n');
  const columns = (header ?? '').split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i] ?? '', v])));
}

describe('training diagnostics in episodes.csv', () => {
  it('isac: finite means in training episodes with updates, empty cells in the eval episode; workers write the same rows', async () => {
    const rows = await run('isac-local', 'isac', SMALL);
    const train = rows.filter((r) => r.phase === 'train');
    expect(train.length).toBe(2);
    for (const row of train) {
      expect(Number(row.updates)).toBeGreaterThan(0);
      for (const c of DIAGNOSTICS) expect(Number.isFinite(Number(row[c])) && row[c] !== '', `${c} = '${row[c]}'`).toBe(true);
      expect(Number(row.alpha)).toBeGreaterThan(0);
    }
    const evals = rows.filter((r) => r.phase === 'eval');
    expect(evals.length).toBe(1);
    for (const c of DIAGNOSTICS) expect(evals[0]?.[c]).toBe('');
    const workers = await run('isac-workers', 'isac', { ...SMALL, learnerWorkers: 2 });
    const strip = (r: Row): Row => Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'wall_time'));
    expect(workers.map(strip)).toEqual(rows.map(strip));
  }, 240_000);

  it('idm: no learners, empty diagnostics cells; resuming a folder written before the columns existed fails in one line', async () => {
    const rows = await run('idm', 'idm', {});
    expect(rows.length).toBe(3);
    for (const row of rows) for (const c of DIAGNOSTICS) expect(row[c]).toBe('');
    // Decision: an older episodes.csv is not migrated — the resume refuses it with the writer's one-line "header is …".
    const dir = join(out, 'idm', 'idm__figure8__seed3');
    const csv = readFileSync(join(dir, 'episodes.csv'), 'utf8').split('\n');
    const columns = (csv[0] ?? '').split(',');
    const keep = columns.map((c, i) => (DIAGNOSTICS.includes(c as (typeof DIAGNOSTICS)[number]) ? -1 : i)).filter((i) => i >= 0);
    writeFileSync(join(dir, 'episodes.csv'), csv.map((line) => (line === '' ? line : keep.map((i) => line.split(',')[i]).join(','))).join('\n'));
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, status: 'interrupted' }));
    const r = await execa('node', [CLI, 'run', join(out, 'idm.json'), '--out', out, '--resume'], { reject: false, stdin: 'ignore', env: { CI: 'true', CAVLAB_NATIVE: '0' } });
    expect(r.exitCode).toBe(1);
    // One error line (after the backend notice), no stack trace.
    const errors = r.stderr.trim().split('\n').filter((line) => line.startsWith('cavlab:') || /^\s+at /.test(line));
    expect(errors.length, r.stderr).toBe(1);
    expect(errors[0]).toMatch(/episodes\.csv: header is '.*learners', expected '.*learners,critic_loss,actor_loss,alpha,entropy'/);
  }, 120_000);
});
