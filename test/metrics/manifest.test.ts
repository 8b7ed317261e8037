import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManifestError } from '../../src/metrics/errors.js';
import { readGitSha, readManifest, runtimeVersions, updateManifest, writeManifest } from '../../src/metrics/manifest.js';
import type { RunManifest } from '../../src/metrics/manifest.js';
import { PACKAGE_ROOT } from '../../src/paths.js';

describe('run manifest', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cavlab-manifest-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const manifest = (): RunManifest => ({
    schemaVersion: 1,
    status: 'running',
    config: { algo: 'isac', scenario: 'figure8', sac: { batchSize: 256, alpha: 'auto' } },
    seed: 1,
    gitSha: null,
    versions: runtimeVersions('wasm', '1.15.0'),
    policyParameters: 68_098,
    startedAt: new Date(0).toISOString(),
    endedAt: null,
    error: null,
  });

  it('writes atomically (no temp file left) and reads back what it wrote', async () => {
    await writeManifest(dir, manifest());
    expect(await readdir(dir)).toEqual(['manifest.json']);
    const read = await readManifest(dir);
    expect(read).toEqual(manifest());
    expect(read.versions.tfjs).toBe('4.22.0');
    expect(read.versions.node).toBe(process.versions.node);
  });

  it('an update replaces the whole file: a reader sees the old or the new manifest, never a mix', async () => {
    await writeManifest(dir, manifest());
    const endedAt = new Date(1000).toISOString();
    await updateManifest(dir, { status: 'finished', endedAt });
    const text = await readFile(join(dir, 'manifest.json'), 'utf8');
    expect(JSON.parse(text)).toMatchObject({ status: 'finished', endedAt, seed: 1 });
    expect(await readdir(dir)).toEqual(['manifest.json']);
  });

  it('a broken or incomplete manifest is a ManifestError naming the fields', async () => {
    await writeFile(join(dir, 'manifest.json'), '{"schemaVersion": 1, "status": "done"');
    await expect(readManifest(dir)).rejects.toThrow(/not valid JSON/);
    await writeFile(join(dir, 'manifest.json'), JSON.stringify({ ...manifest(), status: 'done', seed: '1' }));
    await expect(readManifest(dir)).rejects.toThrow(/status "done", seed/);
    await rm(join(dir, 'manifest.json'));
    await expect(readManifest(dir)).rejects.toBeInstanceOf(ManifestError);
  });

  it('reads the git commit of the checkout without running git', async () => {
    const sha = await readGitSha(PACKAGE_ROOT);
    // null only when the package is not a git checkout (an npm install).
    if (existsSync(join(PACKAGE_ROOT, '.git'))) expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(await readGitSha(dir)).toBeNull();
  });
});
