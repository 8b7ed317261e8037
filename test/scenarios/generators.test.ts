import { describe, expect, it } from 'vitest';
import { eightLoopEdgeLengths, eightLoopEdgeTotal, evenPlacements, loopFrom } from '../../src/scenarios/generators/eight-loop.js';
import { figure8, figure8All } from '../../src/scenarios/generators/figure8.js';
import { approachPlacements, intersection8, loopPosition } from '../../src/scenarios/generators/intersection8.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { merge } from '../../src/scenarios/generators/merge.js';
import { FLOW_IDM_CONTROLLER, FLOW_SUMO_CAR_FOLLOWING } from '../../src/scenarios/generators/common.js';
import { formatNumber } from '../../src/scenarios/generators/xml.js';
import { parseManifest } from '../../src/scenarios/parse-manifest.js';

function file(g: ReturnType<typeof figure8>, suffix: string): string {
  const f = g.files.find((x) => x.name.endsWith(suffix));
  if (!f) throw new Error(`no ${suffix}`);
  return f.text;
}

function vehicles(routes: string): { id: string; type: string; route: string; pos: number }[] {
  return [...routes.matchAll(/<vehicle id="([^"]+)" type="([^"]+)" depart="0" departPos="([^"]+)" departSpeed="0" route="([^"]+)"/g)]
    .map((m) => ({ id: m[1] ?? '', type: m[2] ?? '', pos: Number(m[3]), route: m[4] ?? '' }));
}

describe('figure8 generator', () => {
  const g = figure8();

  it('is deterministic and matches the stored snapshot', () => {
    expect(figure8()).toEqual(g);
    for (const f of g.files) expect(f.text).toMatchSnapshot(f.name);
  });

  it("uses Flow's explicit lengths: straights r, rings 3πr/2", () => {
    expect(eightLoopEdgeLengths(30)).toEqual({ bottom: 30, top: 30, upper_ring: (3 * Math.PI * 30) / 2, right: 30, left: 30, lower_ring: (3 * Math.PI * 30) / 2 });
    expect(eightLoopEdgeTotal(30)).toBeCloseTo(402.74, 2);
    const edges = file(g, '.edg.xml');
    expect(edges).toContain('<edge id="bottom" from="bottom" to="center" priority="78" numLanes="1" speed="30" length="30"/>');
    expect(edges).toContain('id="upper_ring" from="top" to="right" priority="46" numLanes="1" speed="30" length="141.37167"');
    expect(file(g, '.nod.xml')).toContain('<node id="center" x="0" y="0" type="priority" radius="3.1"/>');
  });

  it('declares only the straight links at the crossing', () => {
    const cons = [...file(g, '.con.xml').matchAll(/from="(\w+)" to="(\w+)"/g)].map((m) => `${m[1]}>${m[2]}`);
    expect(cons).toContain('bottom>top');
    expect(cons).toContain('right>left');
    expect(cons.filter((c) => c.startsWith('bottom>') || c.startsWith('right>'))).toHaveLength(2);
  });

  it('places 14 vehicles evenly; learners are indices 1,3,4,5,6,8,9,10,12', () => {
    const vs = vehicles(file(g, '.rou.xml'));
    expect(vs.map((v) => v.id)).toEqual(Array.from({ length: 14 }, (_, i) => `veh${i}`));
    expect(vs.flatMap((v, i) => (v.type === 'cav' ? [i] : []))).toEqual([1, 3, 4, 5, 6, 8, 9, 10, 12]);
    const spacing = eightLoopEdgeTotal(30) / 14; // 28.767 m
    const placements = evenPlacements(30, 14);
    // veh1 at 28.77 m is still on `bottom` (30 m); veh2 at 57.53 m is 27.53 m into `top`.
    expect(placements[1]).toEqual({ edge: 'bottom', position: spacing });
    expect(placements[2]?.edge).toBe('top');
    expect(placements[2]?.position).toBeCloseTo(2 * spacing - 30, 9);
    expect(placements[3]?.edge).toBe('upper_ring');
    expect(placements[3]?.position).toBeCloseTo(3 * spacing - 60, 9);
    // Each vehicle's route starts on its edge and repeats the loop.
    for (const [i, v] of vs.entries()) expect(v.route).toBe(`loop_${placements[i]?.edge}`);
    expect(file(g, '.rou.xml')).toContain('<route id="loop_upper_ring" edges="upper_ring right left lower_ring bottom top" repeat="1000"/>');
    expect(loopFrom('left')).toEqual(['left', 'lower_ring', 'bottom', 'top', 'upper_ring', 'right']);
  });

  it("gives the vehicle types Flow's defaults named in the scenario's README (public code's figureeight9.py)", () => {
    // Humans: IDMController a = 1, b = 1.5, T = 1, δ = 4, s0 = 2 on SumoCarFollowingParams(decel = 1.5): sigma 0.5,
    // maxSpeed 20, speedFactor 1, speedDev 0.1, impatience 0.5 (the code's copy of flow/core/params.py).
    expect(file(g, '.rou.xml')).toContain('<vType id="human" carFollowModel="IDM" accel="1" decel="1.5" tau="1" delta="4" minGap="2" sigma="0.5" maxSpeed="20" speedFactor="1" speedDev="0.1" impatience="0.5" color="1,1,1"/>');
    // Learners: SumoCarFollowingParams' defaults: accel 1.5, decel 1.5, tau 1, minGap 2.5, maxSpeed 20, …
    expect(file(g, '.rou.xml')).toContain('<vType id="cav" carFollowModel="IDM" accel="1.5" decel="1.5" tau="1" delta="4" minGap="2.5" sigma="0.5" maxSpeed="20" speedFactor="1" speedDev="0.1" impatience="0.5" color="1,0,0"/>');
    expect(FLOW_SUMO_CAR_FOLLOWING).toEqual({ accel: 1.5, decel: 1.5, sigma: 0.5, tau: 1, minGap: 2.5, maxSpeed: 20, speedFactor: 1, speedDev: 0.1, impatience: 0.5 });
    expect(FLOW_IDM_CONTROLLER).toEqual({ v0: 30, T: 1, a: 1, b: 1.5, delta: 4, s0: 2, noise: 0 });
    // Every vehicle in speed mode 1 ("obey_safe_speed"); a crash zeroes the reward, the episode goes on.
    expect(g.manifest).toMatchObject({ learnerSpeedMode: 1, vehicleSpeedMode: 1, collision: 'teleport' });
  });

  it("writes exactly the vTypes its README names (and merge's likewise)", () => {
    for (const [scenario, generated] of [['figure8', g], ['merge', merge()]] as const) {
      const readme = readFileSync(join(PACKAGE_ROOT, 'sumo-scenarios', scenario, 'README.md'), 'utf8');
      const named = readme.split('\n').filter((l) => l.startsWith('<vType '));
      const written = file(generated, '.rou.xml').split('\n').map((l) => l.trim()).filter((l) => l.startsWith('<vType '));
      expect(named.length, scenario).toBeGreaterThan(0);
      expect(named, scenario).toEqual(written);
    }
  });

  it('figure8-all (Fig. 13): the same loop and placements with all 14 vehicles learners, written as committed', () => {
    const all = figure8All();
    expect(all.name).toBe('figure8-all');
    const routes = file(all, '.rou.xml');
    expect(routes.match(/<vehicle [^>]*type="cav"/g)).toHaveLength(14);
    expect(routes.match(/<vehicle [^>]*type="human"/g)).toBeNull();
    // Same departures as figure8: only the types differ.
    const departures = (text: string): string[] => [...text.matchAll(/departPos="([^"]+)"[^>]*route="([^"]+)"/g)].map((m) => `${m[1]}@${m[2]}`);
    expect(departures(routes)).toEqual(departures(file(g, '.rou.xml')));
    for (const f of all.files) expect(readFileSync(join(PACKAGE_ROOT, 'sumo-scenarios', 'figure8-all', f.name), 'utf8'), f.name).toBe(f.text);
    const { problems } = parseManifest(JSON.parse(JSON.stringify(all.manifest)), 'scenario.json');
    expect(problems).toEqual([]);
  });

  it('writes a manifest that passes the validator with RSM-MASAC values', () => {
    const { manifest, problems } = parseManifest(JSON.parse(JSON.stringify(g.manifest)), 'scenario.json');
    expect(problems).toEqual([]);
    expect(manifest).toMatchObject({ horizon: 1500, communicationRange: 90, speedLimit: 30, desiredSpeed: 20, stepLength: 0.1, action: { kind: 'acceleration', low: -3, high: 3 } });
  });

  it('rejects learner indices outside the fleet', () => {
    expect(() => figure8({ learnerIndices: [14] })).toThrow(/learner index 14/);
  });
});

describe('intersection8 generator', () => {
  it('queues the CAVs on one approach lane (MA-PMBRL Sec. 6.1) and spreads the humans over the rest of the loop', () => {
    const r = 34.33;
    const bottom = eightLoopEdgeLengths(r).bottom;
    const total = eightLoopEdgeTotal(r);
    const at = approachPlacements(r, 8, 4, 10);
    expect(at).toHaveLength(12);
    // veh0 heads the queue 1 m before the crossing; the queue reaches back from `bottom` into `lower_ring`.
    expect(at[0]).toEqual({ edge: 'bottom', position: bottom - 1 });
    expect(at.slice(0, 8).map((p) => p.edge)).toEqual(['bottom', 'bottom', 'bottom', 'bottom', 'lower_ring', 'lower_ring', 'lower_ring', 'lower_ring']);
    const coord = (p: { edge: string; position: number }): number => {
      const lengths = eightLoopEdgeLengths(r);
      const order = ['bottom', 'top', 'upper_ring', 'right', 'left', 'lower_ring'] as const;
      const before = order.slice(0, order.findIndex((e) => e === p.edge)).reduce((sum, e) => sum + lengths[e], 0);
      return before + p.position;
    };
    const queue = at.slice(0, 8).map(coord);
    for (let i = 1; i < 8; i++) expect(((queue[i - 1] ?? 0) - (queue[i] ?? 0) + total) % total).toBeCloseTo(10, 9);
    // No human inside the queue's stretch (head → tail) nor within one spacing of it.
    const head = queue[0] ?? 0;
    for (const h of at.slice(8).map(coord)) {
      const behindHead = (head - h + total) % total;
      expect(behindHead < 70 + 10 - 1e-9 && behindHead > 0).toBe(false);
      expect((h - head + total) % total).toBeGreaterThanOrEqual(10 - 1e-9);
    }
    const wrapped = loopPosition(r, -1);
    expect(wrapped.edge).toBe('lower_ring');
    expect(wrapped.position).toBeCloseTo(eightLoopEdgeLengths(r).lower_ring - 1, 9);
    expect(() => approachPlacements(r, 8, 4, 70)).toThrow(/do not fit/);
  });

  it('builds 8 learners + 4 humans at 13.89 m/s with r = 34.33 m', () => {
    const g = intersection8();
    for (const f of g.files) expect(f.text).toMatchSnapshot(f.name);
    const vs = vehicles(file(g, '.rou.xml'));
    expect(vs.filter((v) => v.type === 'cav')).toHaveLength(8);
    expect(vs.filter((v) => v.type === 'human')).toHaveLength(4);
    expect(file(g, '.edg.xml')).toContain('speed="13.89" length="34.33"');
    expect(g.manifest.action).toEqual({ kind: 'targetSpeed', low: 0, high: 13.89 });
    expect(g.manifest.learnerSpeedMode).toBe(23);
  });

  it('takes 4 to 12 humans', () => {
    expect(vehicles(file(intersection8({ humans: 12 }), '.rou.xml'))).toHaveLength(20);
  });
});

describe('merge generator', () => {
  const g = merge();

  it('matches the stored snapshot', () => {
    for (const f of g.files) expect(f.text).toMatchSnapshot(f.name);
  });

  it('makes the highway the major road and flows 2200 + 100 veh/h', () => {
    expect(file(g, '.edg.xml')).toContain('<edge id="left" from="left" to="center" type="highwayType" priority="3" length="500"/>');
    expect(file(g, '.edg.xml')).toContain('<edge id="bottom" from="bottom" to="center" type="mergeType" priority="1" length="100"/>');
    const routes = file(g, '.rou.xml');
    expect(routes).toContain('<flow id="main" type="human" route="main" begin="0" end="86400" vehsPerHour="2200" departSpeed="10" departLane="free"/>');
    expect(routes).toContain('<flow id="ramp" type="human" route="ramp" begin="0" end="86400" vehsPerHour="100" departSpeed="7.5" departLane="free"/>');
  });

  it('joins the ramp at 45°: bottom node 100 m before center along the ramp', () => {
    const nodes = file(g, '.nod.xml');
    expect(nodes).toContain(`<node id="bottom" x="${formatNumber(500 - 100 * Math.SQRT1_2)}" y="${formatNumber(-100 * Math.SQRT1_2)}" type="priority"/>`);
    expect(nodes).toContain('<node id="center" x="500" y="0" type="zipper" radius="10"/>');
    expect(file(merge({ mergeJunctionType: 'priority' }), '.nod.xml')).toContain('<node id="center" x="500" y="0" type="priority" radius="10"/>');
  });

  it('chooses 13 main-road learners as they enter', () => {
    expect(g.manifest.learners).toEqual({ kind: 'entering', count: 13, fraction: 0.5, seed: 0, vehType: null, idPattern: '^main\\.' });
    expect(g.manifest).toMatchObject({ horizon: 750, communicationRange: 400, action: { low: -1.5, high: 1.5 } });
  });
});

describe('xml numbers', () => {
  it('rounds to 5 decimals and never writes -0', () => {
    expect(formatNumber(141.3716694115407)).toBe('141.37167');
    expect(formatNumber(-0.000001)).toBe('0');
    expect(() => formatNumber(Number.NaN)).toThrow(RangeError);
  });
});
