// File-system faults and bad names (issue 14): a full disk mid-run (a tmpfs, where this machine lets the test
// mount one; skipped with the reason printed otherwise, and always unmounted), a read-only results root, a file
// where a folder should be; checks that fail before anything is written (no SUMO, a missing net); names that
// would escape the results root. Each: one line naming the operation and the path, and nothing lost or stray.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { FaultRow } from './helpers.js';
import { cavlab, checkFolder, faultTable, lastWord, newTag, orphans, strayTempFiles } from './helpers.js';

const work = mkdtempSync(join(tmpdir(), 'cavlab-faults-disk-'));
const FIGURE8 = fileURLToPath(new URL('../../sumo-scenarios/figure8', import.meta.url));
const table: FaultRow[] = [];
const mounts: string[] = [];

/** Mounts a tmpfs of `size` at `dir`; the reason when this machine does not allow it. */
function mountTmpfs(dir: string, size: string, readOnly = false): string | null {
  if (process.platform !== 'linux') return 'tmpfs needs Linux';
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${readOnly ? ',ro' : ''}`, 'tmpfs', dir], { stdio: 'pipe' });
    mounts.push(dir);
    return null;
  } catch (error) {
    return `cannot mount a tmpfs here (${(error instanceof Error ? error.message : String(error)).split('\n')[0]})`;
  }
}

function unmount(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'pipe' });
  } catch {
    execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
  }
  mounts.splice(mounts.indexOf(dir), 1);
}

const full = join(work, 'full');
const noTmpfs = mountTmpfs(full, '96k');
if (noTmpfs !== null) process.stderr.write(`disk-faults: full-disk case skipped: ${noTmpfs}\n`);

afterAll(() => {
  for (const dir of [...mounts]) unmount(dir);
  process.stderr.write(`\n${faultTable('fault table: file system, checks and names', table)}`);
  rmSync(work, { recursive: true, force: true });
});

function record(fault: string, message: string, lost = 0, duplicated = 0, orphanCount = 0): void {
  table.push({ fault, trials: 1, lost, duplicated, orphans: orphanCount, message });
}

describe('file-system faults', () => {
  it.skipIf(noTmpfs !== null)('a disk that fills up mid-run: one ENOSPC line naming the file, manifest failed, nothing stray; resume after space is freed completes it once', async () => {
    const tag = newTag();
    const args = ['run', '--scenario', 'figure8', '--algo', 'idm', '--episodes', '20', '--horizon', '100', '--eval-every', '5', '--steps', '--out', full, '--name', 'full'];
    const failed = await cavlab(tag, args);
    const dir = join(full, 'full', 'idm__figure8__seed0');
    const message = lastWord(failed.stderr);
    expect(failed.exitCode, failed.stderr).toBe(1);
    expect(failed.stderr.trim().split('\n').filter((l) => l.startsWith('cavlab: '))).toHaveLength(1);
    expect(message).toMatch(new RegExp(`^cavlab: cannot [a-z ]+ ${dir}/\\S+: ENOSPC \\(no space left on device\\)$`));
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { status: string; error: string };
    expect(manifest.status).toBe('failed');
    expect(manifest.error).toMatch(/ENOSPC/);
    expect(strayTempFiles(dir)).toEqual([]);
    const orphanCount = (await orphans(tag)).length;
    execFileSync('mount', ['-o', 'remount,size=8m', full]);
    const resumed = await cavlab(tag, [...args, '--resume']);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    const check = checkFolder(dir, 24);
    record('disk full (tmpfs 96 KiB) mid-run, then resume', message, check.lost + check.stepsLost, check.duplicated, orphanCount + (await orphans(tag)).length);
    expect(check).toMatchObject({ lost: 0, duplicated: 0, stepsLost: 0, status: 'finished', episodes: 24 });
  }, 120_000);

  it('a read-only results root and a file where a folder should be: one line with operation, path and reason; nothing written', async () => {
    const readOnly = join(work, 'ro');
    const noRo = mountTmpfs(readOnly, '1m', true);
    if (noRo === null) {
      const r = await cavlab(newTag(), ['run', '--scenario', 'figure8', '--algo', 'idm', '--out', readOnly]);
      expect(r.exitCode).toBe(1);
      const message = lastWord(r.stderr);
      expect(message).toBe(`cavlab: cannot create ${join(readOnly, 'adhoc')}: EROFS (read-only file system)`);
      expect(readdirSync(readOnly)).toEqual([]);
      record('read-only results root', message);
      unmount(readOnly);
    } else {
      process.stderr.write(`disk-faults: read-only case skipped: ${noRo}\n`);
    }
    const plain = join(work, 'plain-file');
    writeFileSync(plain, 'not a folder');
    const r = await cavlab(newTag(), ['run', '--scenario', 'figure8', '--algo', 'idm', '--out', join(plain, 'results')]);
    expect(r.exitCode).toBe(1);
    const message = lastWord(r.stderr);
    expect(message).toMatch(new RegExp(`^cavlab: cannot create ${plain}/results\\S*: ENOTDIR \\(not a directory\\)$`));
    record('results root under a plain file', message);
  }, 120_000);
});

describe('check, then write', () => {
  it('no SUMO on PATH, or a missing net file: one line, exit 2, and no run folder', async () => {
    const out = join(work, 'checks');
    const empty = join(work, 'empty-bin');
    mkdirSync(empty, { recursive: true });
    const noSumo = await cavlab(newTag(), ['run', '--scenario', 'figure8', '--algo', 'idm', '--out', out], { PATH: empty, SUMO_HOME: '' });
    expect(noSumo.exitCode).toBe(2);
    expect(lastWord(noSumo.stderr)).toMatch(/^cavlab: sumo not found in \$SUMO_HOME\/bin or PATH/);
    record('SUMO missing from PATH', lastWord(noSumo.stderr));
    const scenario = join(work, 'no-net');
    cpSync(FIGURE8, scenario, { recursive: true });
    rmSync(join(scenario, 'figure8.net.xml'));
    const noNet = await cavlab(newTag(), ['run', '--scenario', scenario, '--algo', 'idm', '--out', out]);
    expect(noNet.exitCode).toBe(2);
    expect(lastWord(noNet.stderr)).toBe(`cavlab: ${join(scenario, 'figure8.net.xml')}: file not found`);
    record('net file missing', lastWord(noNet.stderr));
    expect(existsSync(out)).toBe(false);
    // The plain rerun is not blocked by a folder the failure left.
    const fine = await cavlab(newTag(), ['run', '--scenario', 'figure8', '--algo', 'idm', '--horizon', '20', '--eval-every', '0', '--out', out]);
    expect(fine.exitCode, fine.stderr).toBe(0);
  }, 120_000);
});

describe('path rules', () => {
  it('no name source writes outside the results root', async () => {
    const out = join(work, 'root', 'results');
    for (const name of ['../../x', '/abs/x']) {
      const r = await cavlab(newTag(), ['run', '--scenario', 'figure8', '--algo', 'idm', '--out', out, '--name', name]);
      expect(r.exitCode).toBe(2);
      expect(lastWord(r.stderr)).toBe(`cavlab: experiment name (--name or the experiment file's "name") ${JSON.stringify(name)} cannot name a results folder: use up to 200 letters, digits, ".", "_", "+" or "-", starting with a letter or digit`);
    }
    record('--name ../../x, --name /abs/x', 'cavlab: experiment name (--name …) "../../x" cannot name a results folder: …');
    const scenario = join(work, 'evil-scenario');
    cpSync(FIGURE8, scenario, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(scenario, 'scenario.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(scenario, 'scenario.json'), JSON.stringify({ ...manifest, name: 'x/../../../y' }));
    const evil = await cavlab(newTag(), ['run', '--scenario', scenario, '--algo', 'idm', '--out', out]);
    expect(evil.exitCode).toBe(2);
    expect(lastWord(evil.stderr)).toMatch(/^cavlab: scenario name \(scenario\.json "name"\) "x\/\.\.\/\.\.\/\.\.\/y" cannot name a results folder/);
    record('scenario.json name x/../../../y', lastWord(evil.stderr));
    const sweep = join(work, 'evil-sweep.json');
    writeFileSync(sweep, JSON.stringify({ name: 'evil', kind: 'sweep', algo: 'idm', scenario, seeds: [0] }));
    const swept = await cavlab(newTag(), ['sweep', sweep, '--out', out, '--dry-run']);
    expect(swept.exitCode).toBe(2);
    expect(lastWord(swept.stderr)).toMatch(/scenario name \(scenario\.json "name"\) "x\/\.\.\/\.\.\/\.\.\/y" cannot name a results folder/);
    expect(existsSync(dirname(out))).toBe(false);
    expect(existsSync(join(work, 'y'))).toBe(false);
  }, 120_000);
});
