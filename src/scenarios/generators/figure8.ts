// Flow's "Figure 8" as used by RSM-MASAC (paper Table III; geometry and decisions in scenarios.md).
import type { ScenarioManifest } from '../manifest.js';
import { RSM_MASAC_COMMON, SCHEMA_VERSION, SPEED_MODE_OBEY_SAFE_SPEED } from '../manifest.js';
import type { FlowIdmController, GeneratedScenario, SumoCarFollowingParams } from './common.js';
import { FLOW_IDM_CONTROLLER, FLOW_SUMO_CAR_FOLLOWING, GENERATED_NOTE, HUMAN_TYPE, LEARNER_TYPE, flowVType } from './common.js';
import { EIGHT_LOOP_EDGES, eightLoopScenario, eightLoopRouteElements, eightLoopXml, scenarioFileNames } from './eight-loop.js';
import { document } from './xml.js';

export interface Figure8Params {
  /** Ring radius r (m). */
  readonly radius: number;
  /** Speed limit on every edge (m/s). */
  readonly speedLimit: number;
  /** Points along each ring (Flow: 40). */
  readonly ringResolution: number;
  /** Vehicles on the loop, placed evenly. */
  readonly vehicles: number;
  /** Placement indices (0-based) of the learners; the rest are IDM humans. */
  readonly learnerIndices: readonly number[];
  /** Human drivers' SUMO params: Flow's defaults with decel 1.5 (public code's figureeight9.py). */
  readonly humanCarFollowing: SumoCarFollowingParams;
  /** Human drivers' IDM: Flow's IDMController defaults (figureeight9.py: noise 0.2, not reproduced, see flowVType). */
  readonly humanIdm: FlowIdmController;
  /** Learners' SUMO params: Flow's defaults (figureeight9.py: only speed_mode set). */
  readonly learnerCarFollowing: SumoCarFollowingParams;
  /** Action bound (m/s²), Table III: [−3, 3]; learners run speed mode 1, so SUMO does not cap it by the vType. */
  readonly learnerAccel: number;
  /** Speed mode of every vehicle (Flow "obey_safe_speed" = 1 for humans and learners in the public code). */
  readonly speedMode: number;
  /** The paper's desired velocity (reward normaliser of the paper's text; the code's reward uses the max speed 30). */
  readonly desiredSpeed: number;
  /** Times each vehicle's route repeats the loop (1000 loops ≈ 422 km, ~3.9 h at 30 m/s). */
  readonly routeRepeats: number;
  /** Steps per episode (T). */
  readonly horizon: number;
  /** V2V range (m). */
  readonly communicationRange: number;
}

export const FIGURE8_DEFAULTS: Figure8Params = {
  radius: 30,
  speedLimit: 30, // Table III
  ringResolution: 40,
  vehicles: 14,
  // Decision (scenarios.md): the learners of the public RSM-MASAC code, in placement order.
  learnerIndices: [1, 3, 4, 5, 6, 8, 9, 10, 12],
  humanCarFollowing: { ...FLOW_SUMO_CAR_FOLLOWING, decel: 1.5 },
  humanIdm: { ...FLOW_IDM_CONTROLLER, noise: 0.2 },
  learnerCarFollowing: FLOW_SUMO_CAR_FOLLOWING,
  learnerAccel: 3, // Table III: acceleration in [−3, 3] m/s²
  speedMode: SPEED_MODE_OBEY_SAFE_SPEED,
  desiredSpeed: 20, // Table III: desired velocity 20 m/s
  routeRepeats: 1000,
  horizon: 1500, // Table III: T
  communicationRange: 90, // Sec. V: 90 m at the intersection
};

export const FIGURE8_NAME = 'figure8';
const FIGURE8_SOURCE = 'RSM-MASAC (Yu et al.), Table III "Figure 8"; Flow figure-eight network';

/** A named variant of the figure-eight: its folder/scenario name and the source it follows. */
export interface Figure8Variant {
  readonly name: string;
  readonly source: string;
}

function checkParams(p: Figure8Params): void {
  if (!(p.radius > 0)) throw new RangeError(`figure8: radius must be > 0 m, got ${p.radius}`);
  if (!Number.isInteger(p.vehicles) || p.vehicles < 1) throw new RangeError(`figure8: vehicles must be a positive integer, got ${p.vehicles}`);
  for (const i of p.learnerIndices) {
    if (!Number.isInteger(i) || i < 0 || i >= p.vehicles) throw new RangeError(`figure8: learner index ${i} is not in [0, ${p.vehicles - 1}]`);
  }
}

/** The figure-eight scenario: plain XML, routes with looping vehicles, .sumocfg, .netccfg and its manifest. */
export function figure8(overrides: Partial<Figure8Params> = {}, variant: Figure8Variant = { name: FIGURE8_NAME, source: FIGURE8_SOURCE }): GeneratedScenario {
  const p: Figure8Params = { ...FIGURE8_DEFAULTS, ...overrides };
  checkParams(p);
  const { name } = variant;
  const note = GENERATED_NOTE(name);
  const files = scenarioFileNames(name);
  const net = eightLoopXml(p, note);
  const learners = new Set(p.learnerIndices);
  const vehicles = Array.from({ length: p.vehicles }, (_, i) => ({ type: learners.has(i) ? LEARNER_TYPE : HUMAN_TYPE }));
  const routes = document('routes', 'routes_file.xsd', [
    flowVType(HUMAN_TYPE, p.humanCarFollowing, p.humanIdm, '1,1,1'),
    // Learners drive by their SUMO type until controlled (the IDM baseline, public code's baseline.py).
    flowVType(LEARNER_TYPE, p.learnerCarFollowing, null, '1,0,0'),
    ...eightLoopRouteElements(p.radius, vehicles, p.routeRepeats),
  ], note);
  const manifest: ScenarioManifest = {
    schemaVersion: SCHEMA_VERSION,
    name,
    description: `Flow's Figure 8: one-lane loop (r = ${p.radius} m) with a crossing, ${p.vehicles} vehicles, ${learners.size} learners`,
    source: variant.source,
    sumo: { config: files.config, net: null, routes: [], additional: [] },
    stepLength: RSM_MASAC_COMMON.stepLength,
    horizon: p.horizon,
    warmupSteps: 0,
    learners: { kind: 'vehType', vehType: LEARNER_TYPE },
    action: { kind: 'acceleration', low: -p.learnerAccel, high: p.learnerAccel },
    observation: { id: 'figure8', params: {} },
    reward: { id: 'figure8', params: {} },
    communicationRange: p.communicationRange,
    speedLimit: p.speedLimit,
    desiredSpeed: p.desiredSpeed,
    learnerSpeedMode: p.speedMode,
    vehicleSpeedMode: p.speedMode,
    // Public code: a crash zeroes the step's reward and the episode goes on (Flow: SUMO teleports the vehicles).
    collision: 'teleport',
    path: { edges: [...EIGHT_LOOP_EDGES], loop: true },
  };
  return eightLoopScenario(name, net, routes, manifest, note);
}

export const FIGURE8_ALL_NAME = 'figure8-all';

/**
 * RSM-MASAC's Fig. 13 "new environment full of 14 DRL-controlled CAVs": the same loop and placements with every
 * vehicle a learner (public code: flow/benchmarks/figureeight_all.py, 14 RL vehicles with Flow's default car-following
 * params and speed mode "obey_safe_speed", used when train.py fine-tunes).
 */
export function figure8All(): GeneratedScenario {
  return figure8(
    { learnerIndices: Array.from({ length: FIGURE8_DEFAULTS.vehicles }, (_, i) => i) },
    { name: FIGURE8_ALL_NAME, source: 'RSM-MASAC (Yu et al.), Fig. 13 fine-tuning: Figure 8 with all 14 vehicles learning (public code: figureeight_all.py)' },
  );
}
