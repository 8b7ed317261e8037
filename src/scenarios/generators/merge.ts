// Flow's highway on-ramp ("Merge") as used by RSM-MASAC (paper Table III; construction in scenarios.md):
// highway inflow_highway → left → [center junction] → center, ramp inflow_merge → bottom joining at 45°.
import type { ScenarioManifest } from '../manifest.js';
import { RSM_MASAC_COMMON, SCHEMA_VERSION, SPEED_MODE_OBEY_SAFE_SPEED } from '../manifest.js';
import type { FlowIdmController, GeneratedScenario, SumoCarFollowingParams } from './common.js';
import { FLOW_IDM_CONTROLLER, FLOW_SUMO_CAR_FOLLOWING, GENERATED_NOTE, HUMAN_TYPE, flowVType, netconvertConfig, sumoConfig } from './common.js';
import { document, element } from './xml.js';

export interface MergeParams {
  /** Length of the highway before the merge, `left` (m). Flow's merge benchmark: 500 (its library default 200). */
  readonly preMergeLength: number;
  /** `center`, after the merge (m). */
  readonly postMergeLength: number;
  /** The ramp edge `bottom` (m). */
  readonly mergeLength: number;
  /** Both inflow edges (m). */
  readonly inflowEdgeLength: number;
  /** Angle between ramp and highway (rad). */
  readonly mergeAngle: number;
  /** Radius of the merge junction (m). */
  readonly junctionRadius: number;
  /**
   * SUMO node type of the merge. Decision (measured, SUMO 1.15, 1 h at 2200 + 100 veh/h): 'zipper' — main-road
   * vehicles never stop (waiting time 0), inflows 2114 + 100 veh/h. With 'priority' the ramp yields to a
   * 1.6 s stream and starves (≈ 40 of 100 veh/h get in); if ramp vehicles instead ignore the right of way
   * (Flow's "obey_safe_speed"), the IDM stream breaks down and the main inflow falls to ≈ 1400 veh/h.
   * Edge priorities still make the highway the major road, for 'priority'.
   */
  readonly mergeJunctionType: 'zipper' | 'priority';
  readonly speedLimit: number;
  /** Main-road inflow (veh/h), Table III. */
  readonly mainInflow: number;
  /** Ramp inflow (veh/h), Table III. */
  readonly rampInflow: number;
  /** Departure speeds (m/s), Flow's merge benchmark. */
  readonly mainDepartSpeed: number;
  readonly rampDepartSpeed: number;
  /** How long the flows run (s). */
  readonly flowDuration: number;
  /** Every vehicle's SUMO params: Flow's defaults (public code's merge0.py sets only the speed mode). */
  readonly carFollowing: SumoCarFollowingParams;
  /** Human drivers' IDM: Flow's IDMController defaults (merge0.py: noise 0.2, not reproduced, see flowVType). */
  readonly humanIdm: FlowIdmController;
  /** Speed mode of every vehicle (Flow "obey_safe_speed" = 1 in merge0.py). */
  readonly speedMode: number;
  /** Learners chosen per episode as they enter (Table III: 13). */
  readonly learners: number;
  /**
   * Probability that an entering main-road vehicle becomes a learner, until `learners` are chosen.
   * Decision: 0.5, so the 13 learners are picked among the first ~26 entries (~43 s at 2200 veh/h).
   */
  readonly learnerFraction: number;
  readonly learnerSeed: number;
  /** Action bound (m/s²), Table III: [−1.5, 1.5]. */
  readonly accelBound: number;
  readonly horizon: number;
  /** Decision: 30 s, enough to fill the 700 m main road before learners are chosen. */
  readonly warmupSteps: number;
  readonly communicationRange: number;
}

export const MERGE_DEFAULTS: MergeParams = {
  preMergeLength: 500,
  postMergeLength: 100,
  mergeLength: 100,
  inflowEdgeLength: 100,
  mergeAngle: Math.PI / 4,
  junctionRadius: 10,
  mergeJunctionType: 'zipper',
  speedLimit: 30,
  mainInflow: 2200,
  rampInflow: 100,
  mainDepartSpeed: 10,
  rampDepartSpeed: 7.5,
  flowDuration: 86_400,
  carFollowing: FLOW_SUMO_CAR_FOLLOWING,
  humanIdm: { ...FLOW_IDM_CONTROLLER, noise: 0.2 },
  speedMode: SPEED_MODE_OBEY_SAFE_SPEED,
  learners: 13,
  learnerFraction: 0.5,
  learnerSeed: 0,
  accelBound: 1.5,
  horizon: 750,
  warmupSteps: 300,
  communicationRange: 400, // Sec. V: 400 m on the highway
};

export const MERGE_NAME = 'merge';
/** Flow ids: SUMO names their vehicles `<flow id>.<n>`. */
export const MAIN_FLOW = 'main';
export const RAMP_FLOW = 'ramp';
export const MAIN_ROUTE_EDGES = ['inflow_highway', 'left', 'center'] as const;
export const RAMP_ROUTE_EDGES = ['inflow_merge', 'bottom', 'center'] as const;

/** Edge priorities: the highway must stay the major road (scenarios.md: by default SUMO 1.15 makes the ramp major). */
const HIGHWAY_PRIORITY = 3;
const RAMP_PRIORITY = 1;

export function merge(overrides: Partial<MergeParams> = {}): GeneratedScenario {
  const p: MergeParams = { ...MERGE_DEFAULTS, ...overrides };
  for (const key of ['preMergeLength', 'postMergeLength', 'mergeLength', 'inflowEdgeLength', 'speedLimit'] as const) {
    if (!(p[key] > 0)) throw new RangeError(`merge: ${key} must be > 0, got ${p[key]}`);
  }
  const name = MERGE_NAME;
  const note = GENERATED_NOTE(name);
  const f = {
    nodes: `${name}.nod.xml`, edges: `${name}.edg.xml`, connections: `${name}.con.xml`, types: `${name}.typ.xml`,
    routes: `${name}.rou.xml`, net: `${name}.net.xml`, config: `${name}.sumocfg`, netccfg: `${name}.netccfg`,
  };
  const cos = Math.cos(p.mergeAngle);
  const sin = Math.sin(p.mergeAngle);
  const x0 = p.preMergeLength; // the merge junction
  const nodes = document('nodes', 'nodes_file.xsd', [
    element('node', { id: 'inflow_highway', x: -p.inflowEdgeLength, y: 0, type: 'priority' }),
    element('node', { id: 'left', x: 0, y: 0, type: 'priority' }),
    element('node', { id: 'center', x: x0, y: 0, type: p.mergeJunctionType, radius: p.junctionRadius }),
    element('node', { id: 'right', x: x0 + p.postMergeLength, y: 0, type: 'priority' }),
    element('node', { id: 'inflow_merge', x: x0 - (p.mergeLength + p.inflowEdgeLength) * cos, y: -(p.mergeLength + p.inflowEdgeLength) * sin, type: 'priority' }),
    element('node', { id: 'bottom', x: x0 - p.mergeLength * cos, y: -p.mergeLength * sin, type: 'priority' }),
  ], note);
  const types = document('types', 'types_file.xsd', [
    element('type', { id: 'highwayType', numLanes: 1, speed: p.speedLimit, priority: HIGHWAY_PRIORITY }),
    element('type', { id: 'mergeType', numLanes: 1, speed: p.speedLimit, priority: RAMP_PRIORITY }),
  ], note);
  // Explicit lengths as in Flow; priorities repeated on the edges so the net does not depend on the type file order.
  const edge = (id: string, from: string, to: string, type: 'highwayType' | 'mergeType', length: number): string =>
    element('edge', { id, from, to, type, priority: type === 'highwayType' ? HIGHWAY_PRIORITY : RAMP_PRIORITY, length });
  const edges = document('edges', 'edges_file.xsd', [
    edge('inflow_highway', 'inflow_highway', 'left', 'highwayType', p.inflowEdgeLength),
    edge('left', 'left', 'center', 'highwayType', p.preMergeLength),
    edge('center', 'center', 'right', 'highwayType', p.postMergeLength),
    edge('inflow_merge', 'inflow_merge', 'bottom', 'mergeType', p.inflowEdgeLength),
    edge('bottom', 'bottom', 'center', 'mergeType', p.mergeLength),
  ], note);
  const connection = (from: string, to: string): string => element('connection', { from, to, fromLane: 0, toLane: 0 });
  const connections = document('connections', 'connections_file.xsd', [
    connection('inflow_highway', 'left'),
    connection('left', 'center'),
    connection('inflow_merge', 'bottom'),
    connection('bottom', 'center'),
  ], note);
  const flow = (id: string, route: string, perHour: number, departSpeed: number): string =>
    element('flow', { id, type: HUMAN_TYPE, route, begin: 0, end: p.flowDuration, vehsPerHour: perHour, departSpeed, departLane: 'free' });
  const routes = document('routes', 'routes_file.xsd', [
    flowVType(HUMAN_TYPE, p.carFollowing, p.humanIdm, '1,1,1'),
    element('route', { id: MAIN_FLOW, edges: MAIN_ROUTE_EDGES.join(' ') }),
    element('route', { id: RAMP_FLOW, edges: RAMP_ROUTE_EDGES.join(' ') }),
    flow(MAIN_FLOW, MAIN_FLOW, p.mainInflow, p.mainDepartSpeed),
    flow(RAMP_FLOW, RAMP_FLOW, p.rampInflow, p.rampDepartSpeed),
  ], note);
  const manifest: ScenarioManifest = {
    schemaVersion: SCHEMA_VERSION,
    name,
    description: `Flow's highway on-ramp: ${p.mainInflow} + ${p.rampInflow} veh/h, ${p.learners} learners chosen as they enter`,
    source: 'RSM-MASAC (Yu et al.), Table III "Merge"; Flow merge network',
    sumo: { config: f.config, net: null, routes: [], additional: [] },
    stepLength: RSM_MASAC_COMMON.stepLength,
    horizon: p.horizon,
    warmupSteps: p.warmupSteps,
    learners: { kind: 'entering', count: p.learners, fraction: p.learnerFraction, seed: p.learnerSeed, vehType: null, idPattern: `^${MAIN_FLOW}\\.` },
    action: { kind: 'acceleration', low: -p.accelBound, high: p.accelBound },
    observation: { id: 'merge', params: {} },
    reward: { id: 'merge', params: {} },
    communicationRange: p.communicationRange,
    speedLimit: p.speedLimit,
    desiredSpeed: null,
    learnerSpeedMode: p.speedMode,
    vehicleSpeedMode: p.speedMode,
    // Public code: a crash zeroes the step's reward and the episode goes on (Flow: SUMO teleports the vehicles).
    collision: 'teleport',
    path: { edges: [...MAIN_ROUTE_EDGES], loop: false },
  };
  return {
    name,
    files: [
      { name: f.nodes, text: nodes },
      { name: f.types, text: types },
      { name: f.edges, text: edges },
      { name: f.connections, text: connections },
      { name: f.routes, text: routes },
      { name: f.config, text: sumoConfig(f.net, f.routes, manifest.stepLength, note) },
      { name: f.netccfg, text: netconvertConfig({ nodes: f.nodes, edges: f.edges, connections: f.connections, types: f.types, output: f.net }, note) },
    ],
    netconvertConfig: f.netccfg,
    netFile: f.net,
    manifest,
  };
}
