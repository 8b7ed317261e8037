// figure8 in real SUMO: Flow's loop length, 14 vehicles with the documented learners, 1500 steps under IDM.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildScenario } from '../../src/scenarios/build.js';
import { EIGHT_LOOP_EDGES } from '../../src/scenarios/generators/eight-loop.js';
import { figure8 } from '../../src/scenarios/generators/figure8.js';
import { parseNet, pathIndex, positionOnPath } from '../../src/scenarios/net.js';
import { SCENARIO_ROOT } from '../../src/scenarios/registry.js';
import { parseFcd, readStatistics, removeDir, runTool, tempDir } from './sumo-run.js';

describe('figure8 (real SUMO)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await tempDir('figure8');
    await buildScenario(figure8(), dir);
  });
  afterAll(() => removeDir(dir));

  it('builds the committed files byte for byte', async () => {
    for (const name of ['figure8.net.xml', 'figure8.rou.xml', 'figure8.sumocfg', 'scenario.json']) {
      expect(await readFile(join(dir, name), 'utf8'), name).toBe(await readFile(join(SCENARIO_ROOT, 'figure8', name), 'utf8'));
    }
  });

  it('has a loop of 421.9 ± 1 m measured on lane lengths, internal lanes included', async () => {
    const net = parseNet(await readFile(join(dir, 'figure8.net.xml'), 'utf8'));
    const loop = pathIndex(net, EIGHT_LOOP_EDGES, true);
    expect(Math.abs(loop.length - 421.9)).toBeLessThan(1); // measured 421.94 (402.74 of edges)
    // Only the two straight links cross the center; the vertical road is the major one.
    const center = net.connections.filter((c) => c.via?.startsWith(':center'));
    expect(center.map((c) => `${c.from}>${c.to}:${c.state}`).sort()).toEqual(['bottom>top:M', 'right>left:m']);
  });

  it('runs 14 vehicles (learners at 1,3,4,5,6,8,9,10,12) for 1500 steps with no teleport or collision', async () => {
    // time-to-teleport 30 s overrides the config's "never", so a jam would show up as a teleport.
    const run = await runTool('sumo', [
      '-c', 'figure8.sumocfg', '--end', '150', '--statistic-output', 'stats.xml', '--collision-output', 'collisions.xml',
      '--time-to-teleport', '30', '--fcd-output', 'fcd.xml', '--no-warnings', 'true',
    ], dir);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(await readStatistics(join(dir, 'stats.xml'))).toEqual({ loaded: 14, inserted: 14, running: 14, teleports: 0, collisions: 0 });

    const net = parseNet(await readFile(join(dir, 'figure8.net.xml'), 'utf8'));
    const loop = pathIndex(net, EIGHT_LOOP_EDGES, true);
    const fcd = parseFcd(await readFile(join(dir, 'fcd.xml'), 'utf8'));
    const first = fcd.filter((r) => r.time === fcd[0]?.time);
    expect(first.map((r) => r.id)).toHaveLength(14);
    // Placement order = index order along the loop, and the learner type sits on the documented indices.
    const byIndex = [...first].sort((a, b) => Number(a.id.slice(3)) - Number(b.id.slice(3)));
    const positions = byIndex.map((r) => positionOnPath(loop, r.lane, r.pos) ?? Number.NaN);
    expect(positions.every((p, i) => i === 0 || p > (positions[i - 1] ?? 0))).toBe(true);
    expect(byIndex.flatMap((r, i) => (r.type === 'cav' ? [i] : []))).toEqual([1, 3, 4, 5, 6, 8, 9, 10, 12]);
    // Everyone keeps circulating: every vehicle drives on all six edges and is still there at 150 s.
    for (const id of byIndex.map((r) => r.id)) {
      const edges = new Set(fcd.filter((r) => r.id === id).map((r) => r.lane.replace(/_\d+$/, '')));
      for (const e of EIGHT_LOOP_EDGES) expect(edges.has(e), `${id} on ${e}`).toBe(true);
    }
    expect(fcd.filter((r) => r.time === fcd.at(-1)?.time)).toHaveLength(14);
  });
});
