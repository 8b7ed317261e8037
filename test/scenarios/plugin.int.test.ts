// A map nobody here wrote (netgenerate + randomTrips.py) goes through `scenario init`, `scenario validate` and a
// 200-step run scored with the generic observation and reward; broken manifests give one-line errors.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import yargs from 'yargs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { knownFunctions } from '../../src/env/functions.js';
import { scenarioCommand } from '../../src/cli/scenario.js';
import { createObservation } from '../../src/env/observations/registry.js';
import { createReward } from '../../src/env/rewards/registry.js';
import type { Snapshot, VehicleSnapshot } from '../../src/env/snapshot.js';
import { CavlabError } from '../../src/errors.js';
import { formatProblem } from '../../src/scenarios/errors.js';
import { learnerPicker } from '../../src/env/learner-picker.js';
import { loadManifest, SCENARIO_ROOT } from '../../src/scenarios/registry.js';
import { validateScenario } from '../../src/scenarios/validate.js';
import type { FcdRecord } from './sumo-run.js';
import { copyDir, parseFcd, removeDir, runTool, tempDir } from './sumo-run.js';

const PYTHON = '/usr/bin/python3';
const RANDOM_TRIPS = '/usr/share/sumo/tools/randomTrips.py';

/** Runs `cavlab scenario …` through yargs; returns what it printed and the error it threw. */
async function cli(...args: string[]): Promise<{ stdout: string; stderr: string; error: unknown }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  let error: unknown;
  try {
    await yargs(args).command(scenarioCommand).strict().fail((message, e) => {
      throw e ?? new Error(message);
    }).parseAsync();
  } catch (e) {
    error = e;
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return { stdout, stderr, error };
}

/** Per-step snapshots from FCD rows: leader/follower = next vehicle ahead/behind on the same lane. */
function snapshots(fcd: readonly FcdRecord[], speedLimit: number): Snapshot[] {
  const byTime = new Map<number, FcdRecord[]>();
  for (const r of fcd) byTime.set(r.time, [...(byTime.get(r.time) ?? []), r]);
  return [...byTime.entries()].map(([time, rows]) => {
    const vehicles = new Map<string, VehicleSnapshot>();
    const lanes = new Map<string, FcdRecord[]>();
    for (const r of rows) lanes.set(r.lane, [...(lanes.get(r.lane) ?? []), r]);
    for (const onLane of lanes.values()) {
      const sorted = [...onLane].sort((a, b) => a.pos - b.pos);
      sorted.forEach((r, i) => {
        const ahead = sorted[i + 1];
        const behind = sorted[i - 1];
        // Gap = distance between fronts − vehicle length (5 m) − minGap (2.5 m), SUMO's passenger defaults.
        vehicles.set(r.id, {
          id: r.id, type: r.type, speed: r.speed, x: r.x, y: r.y, roadId: r.lane.replace(/_\d+$/, ''), laneId: r.lane, lanePosition: r.pos,
          pathPosition: null, distance: 0,
          leader: ahead ? { id: ahead.id, gap: ahead.pos - r.pos - 7.5 } : null,
          follower: behind ? { id: behind.id, gap: r.pos - behind.pos - 7.5 } : null,
        });
      });
    }
    return { time, vehicles, context: { speedLimit, desiredSpeed: null, pathLength: null, loop: false } };
  });
}

describe('plug-in map (netgenerate + randomTrips.py)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await tempDir('plugin');
    const net = await runTool('netgenerate', ['--grid', '--grid.number', '3', '--grid.length', '100', '--default.speed', '13.89', '-o', 'grid.net.xml'], dir);
    expect(net.exitCode, net.stderr).toBe(0);
    const trips = await runTool(PYTHON, [RANDOM_TRIPS, '-n', 'grid.net.xml', '-r', 'grid.rou.xml', '-e', '120', '-p', '1', '--seed', '42', '--validate'], dir);
    expect(trips.exitCode, trips.stderr).toBe(0);
    await writeFile(join(dir, 'grid.sumocfg'), '<configuration>\n  <input>\n    <net-file value="grid.net.xml"/>\n    <route-files value="grid.rou.xml"/>\n  </input>\n</configuration>\n');
  });
  afterAll(() => removeDir(dir));

  it('goes through init, validate and a 200-step run with the generic observation and reward', async () => {
    const scenarioDir = join(dir, 'grid-scenario');
    const init = await cli('scenario', 'init', scenarioDir, '--sumocfg', join(dir, 'grid.sumocfg'));
    expect(init.error).toBeUndefined();
    expect(init.stdout).toMatch(/\nwrote .*scenario\.json/);
    expect(init.stdout).toMatch(/obsDim 5/);
    const manifest = await loadManifest(scenarioDir, knownFunctions());
    expect(manifest).toMatchObject({
      name: 'grid-scenario', sumo: { config: '../grid.sumocfg' }, speedLimit: 13.89, stepLength: 1,
      observation: { id: 'leader-follower' }, reward: { id: 'mean-speed' }, learners: { kind: 'entering' },
    });

    const validate = await cli('scenario', 'validate', scenarioDir);
    expect(validate.error).toBeUndefined();
    expect(validate.stdout).toMatch(/^ok: .*grid-scenario \(\d+ vehicles departed, \d+ learner candidates\)\n$/);

    // 200 steps of the map, scored the way the env will: learners picked as they enter, obs and reward per learner.
    const run = await runTool('sumo', ['-c', join(dir, 'grid.sumocfg'), '--step-length', '0.1', '--end', '20', '--fcd-output', 'fcd.xml', '--no-warnings', 'true'], dir);
    expect(run.exitCode, run.stderr).toBe(0);
    const steps = snapshots(parseFcd(await readFile(join(dir, 'fcd.xml'), 'utf8')), manifest.speedLimit);
    expect(steps.length).toBeGreaterThanOrEqual(190);
    const observe = createObservation(manifest.observation);
    const reward = createReward(manifest.reward);
    const picker = learnerPicker(manifest.learners);
    const learners = new Set<string>();
    const seen = new Set<string>();
    let scored = 0;
    for (const snap of steps) {
      for (const v of snap.vehicles.values()) {
        if (!seen.has(v.id)) {
          seen.add(v.id);
          if (picker.consider(v.id, v.type)) learners.add(v.id);
        }
      }
      for (const id of learners) {
        if (!snap.vehicles.has(id)) continue; // left the network
        const o = observe.fn(snap, id);
        expect(o).toHaveLength(observe.size);
        expect([...o].every((x) => Number.isFinite(x) && x >= 0 && x <= 1.5)).toBe(true);
        expect(Number.isFinite(reward(snap, id))).toBe(true);
        scored++;
      }
    }
    expect(learners.size).toBeGreaterThan(0);
    expect(scored).toBeGreaterThan(100);
  });
});

describe('broken scenarios give one line per problem', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await tempDir('broken');
  });
  afterAll(() => removeDir(dir));

  async function broken(name: string, edit: (m: Record<string, unknown>) => void, remove: string[] = []): Promise<string> {
    const d = join(dir, name);
    await copyDir(join(SCENARIO_ROOT, 'figure8'), d);
    const file = join(d, 'scenario.json');
    const m = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    edit(m);
    await writeFile(file, JSON.stringify(m));
    for (const f of remove) await rm(join(d, f));
    return d;
  }

  it('names a missing file', async () => {
    const d = await broken('missing-config', (m) => {
      m.sumo = { config: 'nope.sumocfg' };
    });
    expect((await validateScenario(d, knownFunctions())).problems.map(formatProblem)).toEqual([`${d}/scenario.json: sumo.config: file ${d}/nope.sumocfg does not exist`]);
    const routes = await broken('missing-routes', () => undefined, ['figure8.rou.xml']);
    expect((await validateScenario(routes, knownFunctions())).problems.map(formatProblem)).toEqual([`${routes}/scenario.json: sumo.routes: file ${routes}/figure8.rou.xml does not exist`]);
  });

  it('names a bad field and an unknown observation id', async () => {
    const d = await broken('bad-field', (m) => {
      m.horizon = -5;
      m.observation = { id: 'figure9' };
    });
    expect((await validateScenario(d, knownFunctions())).problems.map(formatProblem)).toEqual([
      `${d}/scenario.json: horizon: must be an integer ≥ 1, got -5`,
      `${d}/scenario.json: observation.id: unknown id "figure9"; known: figure8, merge, merge-position-speed, intersection8, leader-follower`,
    ]);
  });

  it('says when the learner type never appears', async () => {
    const d = await broken('no-learners', (m) => {
      m.learners = { kind: 'vehType', vehType: 'truck' };
    });
    expect((await validateScenario(d, knownFunctions())).problems.map(formatProblem)).toEqual([
      `${d}/scenario.json: learners.vehType: no vehicle of vType "truck" departs within warm-up + horizon (150 s); 14 departed (vTypes: human, cav)`,
    ]);
  });

  it('reports a net SUMO cannot load, and a path that is not in it', async () => {
    const d = await broken('bad-net', (m) => {
      m.path = { edges: ['bottom', 'left'], loop: false };
    });
    await writeFile(join(d, 'figure8.net.xml'), '<net><edge id="x"></net>');
    const problems = (await validateScenario(d, knownFunctions())).problems.map(formatProblem);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toBe(`${d}/scenario.json: path.edges: not a connected path in ${d}/figure8.net.xml: lane bottom_0 is not in the net`);
    expect(problems[1]).toMatch(new RegExp(`^${d}/scenario.json: sumo: SUMO cannot run ${d}/figure8.sumocfg \\(exit 1\\): .+`));
    for (const p of problems) expect(p).not.toContain('\n');
  });

  it('the CLI prints each problem on its own line and fails with exit code 1', async () => {
    const d = await broken('cli', (m) => {
      m.horizon = 0;
      m.speedLimit = 'fast';
    });
    const result = await cli('scenario', 'validate', d);
    expect(result.stderr.trim().split('\n')).toEqual([
      `${d}/scenario.json: horizon: must be an integer ≥ 1, got 0`,
      `${d}/scenario.json: speedLimit: must be a number > 0, got "fast"`,
    ]);
    expect(result.error).toBeInstanceOf(CavlabError);
    expect((result.error as CavlabError).exitCode).toBe(1);
    expect((result.error as CavlabError).message).toBe(`${d}: 2 problems`);
  });

  it('--scenario resolution: a registered name, a folder path, or a one-line error', async () => {
    const list = await cli('scenario', 'list', '--json');
    const rows = JSON.parse(list.stdout) as { name: string; vehicles: string }[];
    expect(rows.map((r) => [r.name, r.vehicles])).toEqual([['figure8', '14 vehicles'], ['figure8-all', '14 vehicles'], ['intersection8', '12 vehicles'], ['merge', '2300 veh/h']]);
    expect((await cli('scenario', 'validate', 'figure8')).stdout).toMatch(/^ok: .*figure8 \(14 vehicles departed, 9 learner candidates, path 421\.94 m\)/);
    const missing = await cli('scenario', 'validate', 'figure9');
    expect((missing.error as CavlabError).message).toBe('scenario "figure9" is neither a registered name (figure8, figure8-all, intersection8, merge) nor a folder with a scenario.json');
    expect((missing.error as CavlabError).exitCode).toBe(2);
  });
});
