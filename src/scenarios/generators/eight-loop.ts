// The closed figure-eight loop shared by `figure8` and `intersection8`: Flow's "Figure 8" construction
// (scenarios.md): two straight roads crossing at `center` and two three-quarter rings closing them.
import type { ScenarioManifest } from '../manifest.js';
import type { GeneratedScenario } from './common.js';
import { netconvertConfig, sumoConfig } from './common.js';
import { comment, document, element, shape } from './xml.js';

export interface EightLoopParams {
  /** Ring radius r (m); the straights are r long, each ring 3πr/2. */
  readonly radius: number;
  /** Speed limit on every edge (m/s). */
  readonly speedLimit: number;
  /** Points drawn along each ring (Flow: 40). */
  readonly ringResolution: number;
}

/** Edges in driving order; every route is a rotation of this list. */
export const EIGHT_LOOP_EDGES = ['bottom', 'top', 'upper_ring', 'right', 'left', 'lower_ring'] as const;
export type EightLoopEdge = (typeof EIGHT_LOOP_EDGES)[number];

/** Priorities from Flow's Figure 8: the vertical road (bottom → top) is the major one at the crossing. */
const VERTICAL_PRIORITY = 78;
const HORIZONTAL_PRIORITY = 46;

/** Center node radius (m): Flow's (2.9 + 3.3·lanes)/2 for one lane. */
const CENTER_RADIUS = (2.9 + 3.3 * 1) / 2;

/** Length (m) written on each edge: Flow's explicit lengths, so netconvert does not shorten them at the junction. */
export function eightLoopEdgeLengths(radius: number): Readonly<Record<EightLoopEdge, number>> {
  const ring = (3 * Math.PI * radius) / 2;
  return { bottom: radius, top: radius, upper_ring: ring, right: radius, left: radius, lower_ring: ring };
}

/** Sum of the edge lengths (m); SUMO's loop adds the junctions' internal lanes on top (≈ 19 m at r = 30). */
export function eightLoopEdgeTotal(radius: number): number {
  return Object.values(eightLoopEdgeLengths(radius)).reduce((a, b) => a + b, 0);
}

/** Points on a circle about (cx, cy) from angle `from` to `to` (radians), both ends included. */
function arc(cx: number, cy: number, radius: number, from: number, to: number, points: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < points; i++) {
    const t = from + ((to - from) * i) / (points - 1);
    out.push([cx + radius * Math.cos(t), cy + radius * Math.sin(t)]);
  }
  return out;
}

export interface EightLoopXml {
  readonly nodes: string;
  readonly edges: string;
  readonly connections: string;
}

export function eightLoopXml(params: EightLoopParams, note: string): EightLoopXml {
  const r = params.radius;
  const lengths = eightLoopEdgeLengths(r);
  const nodes = document('nodes', 'nodes_file.xsd', [
    element('node', { id: 'center', x: 0, y: 0, type: 'priority', radius: CENTER_RADIUS }),
    element('node', { id: 'right', x: r, y: 0, type: 'priority' }),
    element('node', { id: 'top', x: 0, y: r, type: 'priority' }),
    element('node', { id: 'left', x: -r, y: 0, type: 'priority' }),
    element('node', { id: 'bottom', x: 0, y: -r, type: 'priority' }),
  ], note);
  const edge = (id: EightLoopEdge, from: string, to: string, priority: number, points?: [number, number][]): string =>
    element('edge', {
      id, from, to, priority, numLanes: 1, speed: params.speedLimit, length: lengths[id],
      shape: points ? shape(points) : undefined,
    });
  const edges = document('edges', 'edges_file.xsd', [
    edge('bottom', 'bottom', 'center', VERTICAL_PRIORITY),
    edge('top', 'center', 'top', VERTICAL_PRIORITY),
    // top (0, r) clockwise around (r, r) to right (r, 0): angles π → −π/2.
    edge('upper_ring', 'top', 'right', HORIZONTAL_PRIORITY, arc(r, r, r, Math.PI, -Math.PI / 2, params.ringResolution)),
    edge('right', 'right', 'center', HORIZONTAL_PRIORITY),
    edge('left', 'center', 'left', HORIZONTAL_PRIORITY),
    // left (−r, 0) counter-clockwise around (−r, −r) to bottom (0, −r): angles π/2 → 2π.
    edge('lower_ring', 'left', 'bottom', VERTICAL_PRIORITY, arc(-r, -r, r, Math.PI / 2, 2 * Math.PI, params.ringResolution)),
  ], note);
  // Only the straight links at the crossing exist (no turns), and each ring joins its straight.
  const connection = (from: EightLoopEdge, to: EightLoopEdge): string => element('connection', { from, to, fromLane: 0, toLane: 0 });
  const connections = document('connections', 'connections_file.xsd', [
    comment('the crossing: straight on only'),
    connection('bottom', 'top'),
    connection('right', 'left'),
    connection('top', 'upper_ring'),
    connection('upper_ring', 'right'),
    connection('left', 'lower_ring'),
    connection('lower_ring', 'bottom'),
  ], note);
  return { nodes, edges, connections };
}

/** Where vehicle i starts: an edge and the position on it (m). */
export interface Placement {
  readonly edge: EightLoopEdge;
  readonly position: number;
}

/**
 * `count` vehicles spaced evenly along the loop's edges, starting at the beginning of `bottom`.
 * Decision: spacing is measured on the edges only (vehicles cannot depart on a junction's internal lane),
 * so the gaps across a junction are longer by its internal lane (≤ ~8 m).
 */
export function evenPlacements(radius: number, count: number): Placement[] {
  const lengths = eightLoopEdgeLengths(radius);
  const total = eightLoopEdgeTotal(radius);
  const out: Placement[] = [];
  for (let i = 0; i < count; i++) {
    let s = (i * total) / count;
    for (const id of EIGHT_LOOP_EDGES) {
      if (s < lengths[id] - 1e-9) {
        out.push({ edge: id, position: s });
        break;
      }
      s -= lengths[id];
    }
  }
  return out;
}

/** The loop starting at `first`, e.g. upper_ring right left lower_ring bottom top. */
export function loopFrom(first: EightLoopEdge): EightLoopEdge[] {
  const i = EIGHT_LOOP_EDGES.indexOf(first);
  return [...EIGHT_LOOP_EDGES.slice(i), ...EIGHT_LOOP_EDGES.slice(0, i)];
}

/** A vehicle on the loop: its type, in placement order. */
export interface LoopVehicle {
  readonly type: string;
}

/**
 * The route file body of a closed loop: one repeating route per starting edge (a route must start on the
 * edge where its vehicle departs) and the vehicles placed evenly, named veh0…veh(n−1) in placement order.
 * Decision: `repeat` keeps vehicles circulating without a rerouter; `repeats` loops bound the run length.
 */
export function eightLoopRouteElements(radius: number, vehicles: readonly LoopVehicle[], repeats: number, placed?: readonly Placement[]): string[] {
  // `placed`: where each vehicle departs, in vehicle order (default: spread evenly).
  const placements = placed ?? evenPlacements(radius, vehicles.length);
  return [
    ...EIGHT_LOOP_EDGES.map((first) => element('route', { id: `loop_${first}`, edges: loopFrom(first).join(' '), repeat: repeats })),
    ...placements.map((at, i) =>
      element('vehicle', {
        id: `veh${i}`, type: vehicles[i]?.type ?? '', depart: 0, departPos: at.position, departSpeed: 0, route: `loop_${at.edge}`,
      }),
    ),
  ];
}

/** File names of a loop scenario, all prefixed by its name. */
export function scenarioFileNames(name: string) {
  return {
    nodes: `${name}.nod.xml`, edges: `${name}.edg.xml`, connections: `${name}.con.xml`, routes: `${name}.rou.xml`,
    net: `${name}.net.xml`, config: `${name}.sumocfg`, netccfg: `${name}.netccfg`,
  } as const;
}

/** The files of an eight-loop scenario (plain XML, routes, .sumocfg, netconvert config) and its manifest. */
export function eightLoopScenario(name: string, net: EightLoopXml, routes: string, manifest: ScenarioManifest, note: string): GeneratedScenario {
  const files = scenarioFileNames(name);
  return {
    name,
    files: [
      { name: files.nodes, text: net.nodes },
      { name: files.edges, text: net.edges },
      { name: files.connections, text: net.connections },
      { name: files.routes, text: routes },
      { name: files.config, text: sumoConfig(files.net, files.routes, manifest.stepLength, note) },
      { name: files.netccfg, text: netconvertConfig({ nodes: files.nodes, edges: files.edges, connections: files.connections, output: files.net }, note) },
    ],
    netconvertConfig: files.netccfg,
    netFile: files.net,
    manifest,
  };
}
