// merge in real SUMO: the highway is never made to wait by the ramp, both inflows hold over an hour, and
// learners chosen as they enter also leave.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildScenario } from '../../src/scenarios/build.js';
import { merge, MAIN_ROUTE_EDGES } from '../../src/scenarios/generators/merge.js';
import { learnerPicker } from '../../src/env/learner-picker.js';
import { parseNet, pathIndex } from '../../src/scenarios/net.js';
import { SCENARIO_ROOT } from '../../src/scenarios/registry.js';
import { elements, readStatistics, removeDir, runTool, tempDir } from './sumo-run.js';

describe('merge (real SUMO)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await tempDir('merge');
    await buildScenario(merge(), dir);
  });
  afterAll(() => removeDir(dir));

  it('builds the committed net and routes byte for byte', async () => {
    for (const name of ['merge.net.xml', 'merge.rou.xml', 'scenario.json']) {
      expect(await readFile(join(dir, name), 'utf8'), name).toBe(await readFile(join(SCENARIO_ROOT, 'merge', name), 'utf8'));
    }
  });

  it('never lets the ramp become the major road', async () => {
    const net = parseNet(await readFile(join(dir, 'merge.net.xml'), 'utf8'));
    const state = (from: string): string | undefined => net.connections.find((c) => c.from === from && c.to === 'center')?.state;
    // Default zipper: neither side yields outright. Main road 100 + 500 + 24.5 (junction) + 100 m.
    expect([state('left'), state('bottom')]).toEqual(['Z', 'Z']);
    expect(pathIndex(net, MAIN_ROUTE_EDGES, false).length).toBeCloseTo(724.63, 1);
    // With a priority junction the edge priorities make the highway major (SUMO 1.15 picks the ramp otherwise).
    const other = await tempDir('merge-priority');
    try {
      await buildScenario(merge({ mergeJunctionType: 'priority' }), other);
      const pnet = parseNet(await readFile(join(other, 'merge.net.xml'), 'utf8'));
      const pstate = (from: string): string | undefined => pnet.connections.find((c) => c.from === from && c.to === 'center')?.state;
      expect([pstate('left'), pstate('bottom')]).toEqual(['M', 'm']);
    } finally {
      await removeDir(other);
    }
  });

  it('over one simulated hour: inflows within ±10 % of 2200 and 100 veh/h, main-road vehicles never wait, learners join and leave', async () => {
    const run = await runTool('sumo', [
      '-c', 'merge.sumocfg', '--end', '3600', '--tripinfo-output', 'trips.xml', '--tripinfo-output.write-unfinished', 'true',
      '--statistic-output', 'stats.xml', '--no-warnings', 'true',
    ], dir);
    expect(run.exitCode, run.stderr).toBe(0);
    const trips = elements(await readFile(join(dir, 'trips.xml'), 'utf8'), 'tripinfo').map((t) => ({
      id: t.get('id') ?? '', type: t.get('vType') ?? '', depart: Number(t.get('depart')), arrival: Number(t.get('arrival')), waiting: Number(t.get('waitingTime')),
    })).filter((t) => t.depart >= 0 && t.depart < 3600);
    const main = trips.filter((t) => t.id.startsWith('main.'));
    const ramp = trips.filter((t) => t.id.startsWith('ramp.'));
    expect(main.length).toBeGreaterThanOrEqual(1980); // measured 2114
    expect(main.length).toBeLessThanOrEqual(2420);
    expect(ramp.length).toBeGreaterThanOrEqual(90); // measured 100
    expect(ramp.length).toBeLessThanOrEqual(110);
    // "Waiting" is SUMO's: time at speed < 0.1 m/s. No main-road vehicle ever stops.
    expect(Math.max(...main.map((t) => t.waiting))).toBe(0);
    const stats = await readStatistics(join(dir, 'stats.xml'));
    expect([stats.teleports, stats.collisions]).toEqual([0, 0]);

    // Learners: after the 30 s warm-up, 13 main-road vehicles are picked in order of entry; they leave the network.
    const manifest = merge().manifest;
    const warmup = manifest.warmupSteps * manifest.stepLength;
    const end = warmup + manifest.horizon * manifest.stepLength;
    const picker = learnerPicker(manifest.learners);
    const learners = trips.filter((t) => t.depart >= warmup && t.depart < end).sort((a, b) => a.depart - b.depart).filter((t) => picker.consider(t.id, t.type));
    expect(learners).toHaveLength(13);
    expect(learners.every((t) => t.id.startsWith('main.') && t.arrival > t.depart)).toBe(true);
  });
});
