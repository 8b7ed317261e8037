import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CsvWriter, formatValue } from '../../src/metrics/csv.js';
import { CsvRowError, CsvSchemaError } from '../../src/metrics/errors.js';
import { COMM_COLUMNS, EPISODE_COLUMNS, STEP_COLUMNS } from '../../src/metrics/schemas.js';
import type { EpisodeRow } from '../../src/metrics/schemas.js';

const COLUMNS = ['episode', 'agent', 'return'] as const;

function row(episode: number, agent = 'a', ret = episode / 3): { episode: number; agent: string; return: number } {
  return { episode, agent, return: ret };
}

describe('CsvWriter', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cavlab-csv-'));
    file = join(dir, 'episodes.csv');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a header and rows, formatted', async () => {
    const writer = await CsvWriter.open(file, COLUMNS);
    expect(writer.resumedAfter).toBeNull();
    writer.append(row(0, 'x,y'));
    writer.append(row(1));
    await writer.close();
    expect(await readFile(file, 'utf8')).toBe('episode,agent,return\n0,"x,y",0\n1,a,0.3333333\n');
  });

  it('a resumed writer continues after the last row and never writes a row twice', async () => {
    const first = await CsvWriter.open(file, COLUMNS);
    for (let e = 0; e < 3; e++) {
      first.append(row(e, 'a'));
      first.append(row(e, 'b'));
      await first.flush();
    }
    await first.close();
    const second = await CsvWriter.open(file, COLUMNS);
    expect(second.resumedAfter).toBe(2);
    // The run restarts from an older checkpoint (episode 1): episodes 1 and 2 are replayed but not rewritten.
    for (let e = 1; e < 5; e++) {
      expect(second.append(row(e, 'a'))).toBe(e > 2);
      await second.flush();
    }
    await second.close();
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['0,a', '0,b', '1,a', '1,b', '2,a', '2,b', '3,a', '4,a']);
  });

  it('survives a partially written last line', async () => {
    const writer = await CsvWriter.open(file, COLUMNS);
    writer.append(row(0));
    writer.append(row(1));
    await writer.close();
    await appendFile(file, '2,a,0.66'); // the process died mid-write
    const resumed = await CsvWriter.open(file, COLUMNS);
    expect(resumed.resumedAfter).toBe(1);
    resumed.append(row(2));
    await resumed.close();
    expect(await readFile(file, 'utf8')).toBe('episode,agent,return\n0,a,0\n1,a,0.3333333\n2,a,0.6666667\n');
  });

  it('starts over when even the header was cut short', async () => {
    await writeFile(file, 'episode,ag');
    const writer = await CsvWriter.open(file, COLUMNS);
    expect(writer.resumedAfter).toBeNull();
    writer.append(row(0));
    await writer.close();
    expect(await readFile(file, 'utf8')).toBe('episode,agent,return\n0,a,0\n');
  });

  it('refuses a file with another header, a missing column, and keys that go backwards', async () => {
    await writeFile(file, 'episode,other\n0,1\n');
    await expect(CsvWriter.open(file, COLUMNS)).rejects.toBeInstanceOf(CsvSchemaError);
    await rm(file);
    const writer = await CsvWriter.open(file, COLUMNS);
    writer.append(row(5));
    expect(() => writer.append(row(4))).toThrow(CsvRowError);
    // @ts-expect-error the type refuses a missing column; so must the writer for untyped callers
    expect(() => writer.append({ episode: 6, agent: 'a' })).toThrow(/no 'return' column/);
    await writer.close();
  });

  it('on resume removes every row past the last finished episode, partial or complete (one rule for every CSV)', async () => {
    const writer = await CsvWriter.open(file, COLUMNS);
    for (let e = 0; e < 4; e++) for (const agent of ['a', 'b', 'c']) writer.append(row(e, agent));
    await writer.close();
    await appendFile(file, '4,a,0.1\n4,b'); // episode 4 was being written when the disk filled up
    // Episode 3's rows are on disk but its checkpoint never was: the last finished episode is 2.
    const resumed = await CsvWriter.open(file, COLUMNS, { keepThrough: 2 });
    expect(resumed.resumedAfter).toBe(2);
    for (let e = 3; e < 5; e++) for (const agent of ['a', 'b', 'c']) expect(resumed.append(row(e, agent))).toBe(true);
    await resumed.close();
    const keys = (await readFile(file, 'utf8')).trimEnd().split('\n').slice(1).map((l) => l.split(',').slice(0, 2).join(''));
    expect(keys).toEqual(['0a', '0b', '0c', '1a', '1b', '1c', '2a', '2b', '2c', '3a', '3b', '3c', '4a', '4b', '4c']);
    // Before any finished episode nothing but the header stays.
    const fresh = await CsvWriter.open(file, COLUMNS, { keepThrough: -1 });
    expect(fresh.resumedAfter).toBeNull();
    await fresh.close();
    expect(await readFile(file, 'utf8')).toBe('episode,agent,return\n');
  });

  it('applies the same rule to steps.csv and comm.csv (their first column is the episode too)', async () => {
    for (const columns of [STEP_COLUMNS, COMM_COLUMNS]) {
      const path = join(dir, `${columns[1]}.csv`);
      expect(columns[0]).toBe('episode');
      const writer = await CsvWriter.open(path, columns);
      const blank = Object.fromEntries(columns.map((c) => [c, 0])) as Record<(typeof columns)[number], number>;
      for (let e = 0; e < 3; e++) for (let k = 0; k < 4; k++) writer.append({ ...blank, episode: e, [columns[1]]: k } as never);
      await writer.close();
      const resumed = await CsvWriter.open(path, columns, { keepThrough: 0 });
      await resumed.close();
      const keys = (await readFile(path, 'utf8')).trimEnd().split('\n').slice(1).map((l) => l.split(',')[0]);
      expect(keys).toEqual(['0', '0', '0', '0']);
    }
  });

  it('scans a large file from its end in chunks', async () => {
    const writer = await CsvWriter.open(file, COLUMNS);
    for (let e = 0; e < 300; e++) for (let a = 0; a < 40; a++) writer.append(row(e, `agent-${a}`));
    await writer.close();
    const resumed = await CsvWriter.open(file, COLUMNS, { keepThrough: 250 });
    await resumed.close();
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    expect(lines.length - 1).toBe(251 * 40);
    expect(lines.at(-1)?.startsWith('250,agent-39,')).toBe(true);
  });

  it('names the operation and the file when the file system fails', async () => {
    await writeFile(join(dir, 'plain'), '');
    await expect(CsvWriter.open(join(dir, 'plain', 'episodes.csv'), COLUMNS)).rejects.toThrow(
      `cannot open ${join(dir, 'plain', 'episodes.csv')}: ENOTDIR (not a directory)`,
    );
  });

  it('formats values: integers exact, floats to 7 significant digits, null empty, no newlines in strings', () => {
    expect(formatValue(3)).toBe('3');
    expect(formatValue(0.1 + 0.2)).toBe('0.3');
    expect(formatValue(1 / 3e9)).toBe('3.333333e-10');
    expect(formatValue(Number.NaN)).toBe('NaN');
    expect(formatValue(null)).toBe('');
    expect(formatValue(true)).toBe('true');
    expect(formatValue('a\nb')).toBe('a b');
  });

  it('the episodes.csv schema is typed', async () => {
    const writer = await CsvWriter.open(file, EPISODE_COLUMNS);
    const r: EpisodeRow = { episode: 0, epoch: 0, phase: 'train', steps: 300, return: -1.5, mean_speed: 7.2, mean_learner_speed: 7.5, collisions: 0, distance: 1234.5, wall_time: 2.25, updates: 270, learners: 9, critic_loss: 0.5, actor_loss: null, alpha: 0.01, entropy: null };
    writer.append(r);
    await writer.close();
    expect((await readFile(file, 'utf8')).split('\n')[1]).toBe('0,0,train,300,-1.5,7.2,7.5,0,1234.5,2.25,270,9,0.5,,0.01,');
  });
});
