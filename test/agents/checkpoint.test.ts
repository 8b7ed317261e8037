import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCheckpoint, writeCheckpoint } from '../../src/agents/checkpoint.js';
import { CheckpointError } from '../../src/agents/errors.js';
import { parsePoolState } from '../../src/agents/pool-state.js';

describe('checkpoint files', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'cavlab-ckpt-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('round-trips nested data with float32 arrays and non-finite numbers exactly', async () => {
    const dir = join(root, 'a');
    const value = { id: 'x', n: 3, logAlpha: Number.NEGATIVE_INFINITY, flag: true, none: null, list: [1, 'two', { w: Float32Array.of(1.5, -0, 3e-39) }], big: new Float32Array(1000).map((_, i) => i / 7) };
    await writeCheckpoint(dir, value);
    expect((await readdir(dir)).sort()).toEqual(['data.bin', 'index.json']);
    const back = await readCheckpoint(dir);
    expect(back).toEqual(value);
    expect(Object.is((back as { list: [number, string, { w: Float32Array }] }).list[2].w[1], -0)).toBe(true);
  });

  it('replaces a previous checkpoint; a leftover temp dir or a crash between the renames does no harm', async () => {
    const dir = join(root, 'b');
    await writeCheckpoint(dir, { v: 1 });
    await mkdir(`${dir}.tmp`, { recursive: true });
    await writeFile(join(`${dir}.tmp`, 'index.json'), '{half');
    await writeCheckpoint(dir, { v: 2 });
    expect(await readCheckpoint(dir)).toEqual({ v: 2 });
    expect(existsSync(`${dir}.tmp`)).toBe(false);
    // A crash after "dir → dir.old" and before "tmp → dir" leaves only dir.old: it is read (and put back).
    await rename(dir, `${dir}.old`);
    expect(await readCheckpoint(dir)).toEqual({ v: 2 });
    expect(existsSync(dir)).toBe(true);
  });

  it('refuses what it cannot store and files that were cut or are missing', async () => {
    await expect(writeCheckpoint(join(root, 'c'), { f: () => 1 })).rejects.toThrow(/cannot store \$\.f/);
    await expect(writeCheckpoint(join(root, 'c'), { x: new Float64Array(2) })).rejects.toThrow(/Float64Array/);
    const dir = join(root, 'd');
    await writeCheckpoint(dir, { w: new Float32Array(10) });
    await truncate(join(dir, 'data.bin'), 20);
    await expect(readCheckpoint(dir)).rejects.toThrow(/data.bin has 20 bytes, the index says 40/);
    await expect(readCheckpoint(join(root, 'missing'))).rejects.toThrow(CheckpointError);
  });

  it('a pool state with a wrong shape is refused with the path of the bad part', () => {
    expect(() => parsePoolState({ slotMap: { ids: [], slotCount: 0 }, slots: [{ core: {} }] })).toThrow('pool.slots[0].core.weights: expected an object');
    expect(() => parsePoolState({ slotMap: { ids: [['a', -1]], slotCount: 1 }, slots: [] })).toThrow('pool.slotMap.ids[0][1]: expected a non-negative integer');
  });
});
