// intersection8 in real SUMO: a 480 ± 2 m loop, a crossing without traffic light, learners and humans circulating.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildScenario } from '../../src/scenarios/build.js';
import { EIGHT_LOOP_EDGES } from '../../src/scenarios/generators/eight-loop.js';
import { intersection8 } from '../../src/scenarios/generators/intersection8.js';
import { parseNet, pathIndex } from '../../src/scenarios/net.js';
import { SCENARIO_ROOT } from '../../src/scenarios/registry.js';
import { parseFcd, readStatistics, removeDir, runTool, tempDir } from './sumo-run.js';

async function circulate(dir: string): Promise<{ stats: Awaited<ReturnType<typeof readStatistics>>; types: Map<string, string>; edgesPerVehicle: number[] }> {
  const run = await runTool('sumo', [
    '-c', 'intersection8.sumocfg', '--end', '150', '--statistic-output', 'stats.xml', '--time-to-teleport', '30',
    '--fcd-output', 'fcd.xml', '--no-warnings', 'true',
  ], dir);
  expect(run.exitCode, run.stderr).toBe(0);
  const fcd = parseFcd(await readFile(join(dir, 'fcd.xml'), 'utf8'));
  const types = new Map(fcd.map((r) => [r.id, r.type]));
  const edgesPerVehicle = [...types.keys()].map((id) => new Set(fcd.filter((r) => r.id === id && !r.lane.startsWith(':')).map((r) => r.lane)).size);
  return { stats: await readStatistics(join(dir, 'stats.xml')), types, edgesPerVehicle };
}

describe('intersection8 (real SUMO)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await tempDir('intersection8');
    await buildScenario(intersection8(), dir);
  });
  afterAll(() => removeDir(dir));

  it('builds the committed net byte for byte', async () => {
    for (const name of ['intersection8.net.xml', 'intersection8.rou.xml', 'scenario.json']) {
      expect(await readFile(join(dir, name), 'utf8'), name).toBe(await readFile(join(SCENARIO_ROOT, 'intersection8', name), 'utf8'));
    }
  });

  it('is a 480 ± 2 m loop whose crossing has no traffic light', async () => {
    const net = parseNet(await readFile(join(dir, 'intersection8.net.xml'), 'utf8'));
    const loop = pathIndex(net, EIGHT_LOOP_EDGES, true);
    expect(Math.abs(loop.length - 480)).toBeLessThanOrEqual(2); // measured 480.08
    expect(net.trafficLights).toEqual([]);
    expect(net.junctions.get('center')?.type).toBe('priority');
    expect([...net.junctions.values()].some((j) => j.type.includes('traffic_light'))).toBe(false);
  });

  it('8 learners and 4 humans circulate for 1500 steps without teleport or collision', async () => {
    const { stats, types, edgesPerVehicle } = await circulate(dir);
    expect(stats).toEqual({ loaded: 12, inserted: 12, running: 12, teleports: 0, collisions: 0 });
    expect([...types.values()].filter((t) => t === 'cav')).toHaveLength(8);
    expect(edgesPerVehicle.every((n) => n === 6)).toBe(true);
  });

  it('also with 12 humans (Table 2: 4 to 12)', async () => {
    const other = await tempDir('intersection8-12');
    try {
      await buildScenario(intersection8({ humans: 12 }), other);
      const { stats, types, edgesPerVehicle } = await circulate(other);
      expect(stats).toEqual({ loaded: 20, inserted: 20, running: 20, teleports: 0, collisions: 0 });
      expect([...types.values()].filter((t) => t === 'human')).toHaveLength(12);
      expect(edgesPerVehicle.every((n) => n === 6)).toBe(true);
    } finally {
      await removeDir(other);
    }
  });
});
