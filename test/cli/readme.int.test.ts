// The README followed line by line, as a newcomer would, in a fresh working folder: every `cavlab` command of its
// bash blocks that takes under a minute runs and exits 0 (tiny budgets where readme-commands.ts says so), so the
// README cannot drift from the CLI. The README's own map (`maps/town/town.sumocfg`) is made with SUMO's tools.
import { symlinkSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, runTool, tempDir } from '../scenarios/sumo-run.js';
import { argvFor, readmeCommands } from './readme-commands.js';

const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const EXPERIMENTS = fileURLToPath(new URL('../../experiments', import.meta.url));
const RANDOM_TRIPS = '/usr/share/sumo/tools/randomTrips.py';

/** A 3×3 grid of 100 m blocks with seeded random trips: the README's "maps/town". */
async function makeTown(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const net = await runTool('netgenerate', ['--grid', '--grid.number', '3', '--grid.length', '100', '--default.speed', '13.89', '-o', 'town.net.xml'], dir);
  expect(net.exitCode, net.stderr).toBe(0);
  const trips = await runTool('/usr/bin/python3', [RANDOM_TRIPS, '-n', 'town.net.xml', '-r', 'town.rou.xml', '-e', '300', '-p', '0.5', '--seed', '42', '--validate'], dir);
  expect(trips.exitCode, trips.stderr).toBe(0);
  await writeFile(join(dir, 'town.sumocfg'), '<configuration>\n  <input>\n    <net-file value="town.net.xml"/>\n    <route-files value="town.rou.xml"/>\n  </input>\n</configuration>\n');
}

describe('the README, followed line by line', () => {
  let cwd = '';
  beforeAll(async () => {
    cwd = await tempDir('readme');
    // Run from a fresh folder: `experiments/…` paths as in a checkout, results/ and maps/ written here.
    symlinkSync(EXPERIMENTS, join(cwd, 'experiments'));
    await makeTown(join(cwd, 'maps', 'town'));
  });
  afterAll(() => removeDir(cwd));

  it('runs every command that takes under a minute, each exiting 0', async () => {
    const failures: string[] = [];
    let ran = 0;
    for (const command of readmeCommands()) {
      const argv = argvFor(command, cwd);
      if (argv === null) continue;
      const r = await execa(process.execPath, [CLI, ...argv], { cwd, reject: false, stdin: 'ignore', env: { CI: 'true' }, timeout: 120_000 });
      ran++;
      if (r.exitCode !== 0) failures.push(`${command} → exit ${String(r.exitCode)}: ${r.stderr.trim().split('\n').pop() ?? ''}`);
    }
    expect(failures).toEqual([]);
    expect(ran).toBeGreaterThanOrEqual(20);
  }, 600_000);
});
