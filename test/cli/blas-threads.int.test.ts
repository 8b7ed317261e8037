// A run records its OpenBLAS thread count (manifest versions.blasThreads): OpenBLAS splits its products by thread
// count, so a run resumed with another count no longer reproduces the uninterrupted one, and `--resume` says so.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'cavlab-blas-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function run(episodes: number, threads: string | undefined, resume: boolean) {
  const { OPENBLAS_NUM_THREADS: _outer, ...inherited } = process.env;
  const env: Record<string, string | undefined> = { ...inherited, CI: 'true' };
  if (threads !== undefined) env['OPENBLAS_NUM_THREADS'] = threads;
  const args = [CLI, 'run', '--scenario', 'figure8', '--algo', 'isac', '--episodes', String(episodes), '--horizon', '60', '--eval-every', '0', '--seed', '1', '--out', out, '--name', 'blas', ...(resume ? ['--resume'] : [])];
  return execa('node', args, { reject: false, stdin: 'ignore', env, extendEnv: false });
}

describe('OpenBLAS threads in the manifest', () => {
  it('records the thread count; resuming with another one says the numbers will differ', { timeout: 120_000 }, async () => {
    const first = await run(1, undefined, false);
    expect(first.exitCode, first.stderr).toBe(0);
    const file = join(out, 'blas', 'isac__figure8__seed1', 'manifest.json');
    const before = JSON.parse(readFileSync(file, 'utf8')).versions;
    if (before.backend !== 'wasm+openblas') {
      // Pure wasm (no addon): nothing to record or warn about.
      expect(before.blasThreads).toBeNull();
      return;
    }
    // One thread unless OPENBLAS_NUM_THREADS chooses (src/nn/backend.ts).
    expect(before.blasThreads).toBe(1);
    const resumed = await run(2, '2', true);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/began with 1 OpenBLAS thread\(s\) and continues with 2: from here its numbers differ from an uninterrupted run's \(OPENBLAS_NUM_THREADS=1 reproduces it\)/);
    expect(JSON.parse(readFileSync(file, 'utf8')).versions.blasThreads).toBe(2);
  });
});
