import { describe, expect, it } from 'vitest';
import { parseNet, pathIndex, positionOnPath } from '../../src/scenarios/net.js';
import { learnerPicker } from '../../src/env/learner-picker.js';
import { candidateMatcher, describeLearners } from '../../src/scenarios/learners.js';
import { describeDemand } from '../../src/scenarios/sumo-files.js';

// A two-edge loop a → b → a with one internal lane split in two at junction J1 (a "via" chain).
const NET = `<?xml version="1.0"?>
<!-- generated on 2024 <edge-files value="x.edg.xml"/> -->
<net version="1.9">
    <edge id=":J0_0" function="internal">
        <lane id=":J0_0_0" index="0" speed="30.00" length="2.50" shape="0,0 1,1"/>
    </edge>
    <edge id=":J1_0" function="internal">
        <lane id=":J1_0_0" index="0" speed="30.00" length="1.00" shape="0,0 1,1"/>
    </edge>
    <edge id=":J1_1" function="internal">
        <lane id=":J1_1_0" index="0" speed="30.00" length="1.50" shape="0,0 1,1"/>
    </edge>
    <edge id="a" from="J0" to="J1" priority="2">
        <lane id="a_0" index="0" speed="13.89" length="100.00" shape="0,0 1,1"/>
    </edge>
    <edge id="b" from="J1" to="J0" priority="1">
        <lane id="b_0" index="0" speed="30.00" length="50.00" shape="0,0 1,1"/>
    </edge>
    <tlLogic id="J1" type="static" programID="0" offset="0"/>
    <junction id="J0" type="priority" x="0" y="0"/>
    <junction id="J1" type="traffic_light" x="0" y="0"/>
    <connection from="a" to="b" fromLane="0" toLane="0" via=":J1_0_0" dir="s" state="O"/>
    <connection from=":J1_0" to="b" fromLane="0" toLane="0" via=":J1_1_0" dir="s" state="M"/>
    <connection from=":J1_1" to="b" fromLane="0" toLane="0" dir="s" state="M"/>
    <connection from="b" to="a" fromLane="0" toLane="0" via=":J0_0_0" dir="s" state="M"/>
    <connection from=":J0_0" to="a" fromLane="0" toLane="0" dir="s" state="M"/>
</net>
`;

describe('net reader', () => {
  const net = parseNet(NET);

  it('reads edges, lanes, links, junctions and traffic lights, not the header', () => {
    expect(net.edges.get('a')).toEqual({ id: 'a', function: '', from: 'J0', to: 'J1', priority: 2, lanes: [{ id: 'a_0', length: 100, speed: 13.89 }] });
    expect(net.edges.get(':J1_1')?.function).toBe('internal');
    expect(net.lanes.get(':J1_1_0')).toEqual({ id: ':J1_1_0', length: 1.5, speed: 30, edge: ':J1_1' });
    expect(net.connections).toHaveLength(5);
    expect(net.connections[0]).toEqual({ from: 'a', to: 'b', fromLane: 0, toLane: 0, via: ':J1_0_0', state: 'O' });
    expect(net.junctions.get('J1')?.type).toBe('traffic_light');
    expect(net.trafficLights).toEqual(['J1']);
    expect(net.edges.has('x.edg.xml')).toBe(false);
  });

  it('measures a loop with its internal lanes: 100 + 1 + 1.5 + 50 + 2.5 = 155 m', () => {
    const p = pathIndex(net, ['a', 'b'], true);
    expect(p.length).toBeCloseTo(155, 9);
    expect(p.pieces.map((x) => [x.lane, x.start])).toEqual([['a_0', 0], [':J1_0_0', 100], [':J1_1_0', 101], ['b_0', 102.5], [':J0_0_0', 152.5]]);
    expect(positionOnPath(p, 'b', 10)).toBeCloseTo(112.5, 9);
    expect(positionOnPath(p, ':J1_1_0', 0.5)).toBeCloseTo(101.5, 9);
    expect(positionOnPath(p, 'elsewhere', 1)).toBeUndefined();
    expect(pathIndex(net, ['a', 'b'], false).length).toBeCloseTo(152.5, 9);
  });

  it('throws when consecutive edges are not connected', () => {
    expect(() => pathIndex(net, ['a', 'a'], false)).toThrow('no connection from a to a');
  });
});

describe('learner selection', () => {
  it('matches static kinds by id, vType and pattern', () => {
    expect(candidateMatcher({ kind: 'ids', ids: ['v1'] })('v1', 'x')).toBe(true);
    expect(candidateMatcher({ kind: 'vehType', vehType: 'cav' })('v1', 'human')).toBe(false);
    expect(candidateMatcher({ kind: 'idPattern', pattern: '^main\\.' })('main.3', 'human')).toBe(true);
    expect(candidateMatcher({ kind: 'idPattern', pattern: '^main\\.' })('ramp.3', 'human')).toBe(false);
  });

  it('picks entering candidates with a seeded draw, in order, up to count', () => {
    const sel = { kind: 'entering', count: 3, fraction: 0.5, seed: 7, vehType: null, idPattern: '^main\\.' } as const;
    const run = (): string[] => {
      const picker = learnerPicker(sel);
      const out: string[] = [];
      for (let i = 0; i < 40; i++) {
        if (picker.consider(`ramp.${i}`, 'human')) out.push(`ramp.${i}`);
        if (picker.consider(`main.${i}`, 'human')) out.push(`main.${i}`);
      }
      return out;
    };
    const first = run();
    expect(first).toHaveLength(3);
    expect(first.every((id) => id.startsWith('main.'))).toBe(true);
    expect(run()).toEqual(first); // same seed, same choice
    // A fixed RNG makes the draw explicit: 0.4 < 0.5 picks, 0.6 does not.
    const values = [0.4, 0.6, 0.4];
    let k = 0;
    const picker = learnerPicker(sel, { next: () => values[k++] ?? 0.9 });
    expect(['main.0', 'main.1', 'main.2'].map((id) => picker.consider(id, 'h'))).toEqual([true, false, true]);
    expect(picker.chosen).toBe(2);
  });

  it('describes selections and demand in one short line', () => {
    expect(describeLearners({ kind: 'entering', count: 13, fraction: 0.5, seed: 0, vehType: null, idPattern: null })).toBe('13 entering (p = 0.5)');
    expect(describeDemand(['<routes><vehicle id="a" depart="0"/><trip id="b" depart="1"/><flow id="f" vehsPerHour="100"/><flow id="g" period="2"/></routes>']))
      .toBe('2 vehicles + 100 veh/h + 1 flows');
  });
});
