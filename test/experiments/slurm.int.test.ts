// `cavlab sweep --executor slurm` on a private one-node Slurm started by scripts/slurm-local.sh (its own slurm.conf,
// munge socket and ports in a temp folder; the system's Slurm is not touched) and stopped again after the tests: a
// 2-run idm sweep as one array job, status from the runs' folders, and the same run ids in index.csv as a local
// sweep. Skipped with the reason printed where Slurm cannot start; with CI=true that is a failure instead.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const SCRIPT = fileURLToPath(new URL('../../scripts/slurm-local.sh', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'cavlab-slurm-'));
/** The private cluster's folder (slurm.conf, munge, state, logs, pid files). */
const cluster = join(work, 'cluster');
const SLURM_CONF = join(cluster, 'slurm.conf');

async function startSlurm(): Promise<string | null> {
  if (process.platform !== 'linux') return 'the local Slurm script supports Linux only';
  const r = await execa('bash', [SCRIPT, 'start', cluster], { reject: false, stdin: 'ignore', timeout: 600_000 });
  return r.exitCode === 0 ? null : (r.stdout.trim().split('\n').pop() || r.stderr.trim().split('\n').pop() || `scripts/slurm-local.sh exited with ${String(r.exitCode)}`);
}

const notRunning = await startSlurm();
if (notRunning !== null) process.stderr.write(`slurm.int.test: skipped: ${notRunning}\n`);

function cavlab(...args: string[]) {
  return execa('node', [CLI, ...args], { reject: false, stdin: 'ignore', env: { CI: 'true', SLURM_CONF }, cwd: work });
}

function indexRows(root: string): string[][] {
  return readFileSync(join(root, 'two', 'index.csv'), 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(','));
}

afterAll(async () => {
  // The daemons this file started stop with it; the folder (config, state, logs) goes too.
  await execa('bash', [SCRIPT, 'stop', cluster], { reject: false, stdin: 'ignore', timeout: 60_000 });
  rmSync(work, { recursive: true, force: true });
});

describe('slurm executor', () => {
  it.runIf(notRunning !== null && process.env['CI'] === 'true')('starts a local Slurm in CI', () => {
    throw new Error(`Slurm did not start: ${notRunning ?? ''}`);
  });

  it.skipIf(notRunning !== null)('runs a 2-run sweep as one array job with the run ids of a local sweep', async () => {
    const file = join(work, 'two.json');
    writeFileSync(file, JSON.stringify({
      name: 'two', kind: 'sweep', algo: 'idm', scenario: 'figure8', episodes: 1, horizon: 60, evalEvery: 0, seeds: [0, 1],
      resources: { cpusPerTask: 1, memory: '1G', time: '00:10:00' },
    }));
    const slurmOut = join(work, 'slurm');
    const slurm = await cavlab('sweep', file, '--executor', 'slurm', '--wait', '--out', slurmOut);
    expect(slurm.stderr).toMatch(/submitted Slurm job \d+/);
    expect(slurm.exitCode).toBe(0);
    const script = readFileSync(join(slurmOut, 'two', '.sweep', 'sweep.sbatch'), 'utf8');
    expect(script).toContain('#SBATCH --array=0-1\n');
    expect(script).toContain('#SBATCH --mem=1G\n');
    const local = await cavlab('sweep', file, '--out', join(work, 'local'), '--jobs', '2');
    expect(local.exitCode).toBe(0);
    const fromSlurm = indexRows(slurmOut);
    const fromLocal = indexRows(join(work, 'local'));
    expect(fromSlurm.map((r) => r[0])).toEqual(['idm__figure8__seed0', 'idm__figure8__seed1']);
    expect(fromSlurm.map((r) => r[0])).toEqual(fromLocal.map((r) => r[0]));
    expect(fromSlurm.map((r) => r[2])).toEqual(['finished', 'finished']);
    // idm on a fixed seed is deterministic: the same final return either way.
    expect(fromSlurm.map((r) => r[9])).toEqual(fromLocal.map((r) => r[9]));
    const status = await cavlab('sweep', file, '--out', slurmOut, '--status');
    expect(status.stderr).toContain('two: 2 runs: 2 finished, 0 failed, 0 running, 0 pending');
    // Nothing left to do: no second job.
    const again = await cavlab('sweep', file, '--executor', 'slurm', '--out', slurmOut);
    expect(again.exitCode).toBe(0);
    expect(again.stderr).toContain('2 finished runs skipped');
    expect(again.stderr).not.toContain('submitted');
  }, 300_000);

  it.skipIf(notRunning !== null)('refuses a Slurm field with a newline before anything is submitted', async () => {
    const file = join(work, 'inject.json');
    writeFileSync(file, JSON.stringify({ name: 'inject', kind: 'sweep', algo: 'idm', scenario: 'figure8', resources: { partition: 'p\ntouch pwned #' } }));
    const r = await cavlab('sweep', file, '--executor', 'slurm', '--out', join(work, 'inject'));
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim()).toMatch(/resources\.partition: must be a Slurm name/);
    expect(existsSync(join(work, 'inject'))).toBe(false);
    const flag = await cavlab('sweep', file.replace('inject', 'two'), '--executor', 'slurm', '--out', join(work, 'inject'), '--account', 'a;b');
    expect(flag.exitCode).toBe(2);
    expect(flag.stderr.trim()).toBe('cavlab: command line: --account: must be a Slurm name (letters, digits, ".", "_", "-"), got "a;b"');
  });
});

describe('slurm-local.sh', () => {
  it.skipIf(notRunning !== null)('keeps its cluster private: its daemons read its own slurm.conf', async () => {
    const ps = await execa('ps', ['-eo', 'args'], { reject: false });
    const ours = ps.stdout.split('\n').filter((l) => l.includes(cluster));
    expect(ours.some((l) => l.startsWith('slurmctld'))).toBe(true);
    expect(ours.some((l) => l.startsWith('slurmd'))).toBe(true);
    expect(readFileSync(SLURM_CONF, 'utf8')).toContain(`AuthInfo=socket=${join(cluster, 'munge', 'munge.socket')}`);
  });
});
