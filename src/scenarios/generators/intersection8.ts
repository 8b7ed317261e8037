// The eight-shaped loop with one unprotected, signal-free crossing of MA-PMBRL (Wen et al., Table 2; the SMARTS
// "Figure Eight" scenario). Decision (scenarios.md): Flow's figure-eight construction with r such that the
// loop SUMO measures is 480 ± 2 m.
import type { ScenarioManifest } from '../manifest.js';
import { SCHEMA_VERSION, SPEED_MODE_NO_RIGHT_OF_WAY } from '../manifest.js';
import type { GeneratedScenario, IdmParams } from './common.js';
import { FLOW_IDM, GENERATED_NOTE, idmVType } from './common.js';
import { EIGHT_LOOP_EDGES, eightLoopScenario, eightLoopRouteElements, eightLoopXml, scenarioFileNames } from './eight-loop.js';
import { HUMAN_TYPE, LEARNER_TYPE } from './figure8.js';
import { document } from './xml.js';

export interface Intersection8Params {
  /**
   * Ring radius r (m). 34.33 m gives 460.9 m of edges plus 19.2 m of internal lanes = 480.1 m in SUMO 1.15
   * (pinned by test/scenarios/intersection8.int.test.ts).
   */
  readonly radius: number;
  /** Speed limit (m/s), Table 2: 0 ≤ v ≤ 13.89. */
  readonly speedLimit: number;
  readonly ringResolution: number;
  /** Learners I (Table 2: 8). */
  readonly learners: number;
  /** Human-driven vehicles I_hv (Table 2: 4 to 12). */
  readonly humans: number;
  /** Humans: Flow's IDM at the speed limit. Decision: the paper only says "SUMO's car-following model". */
  readonly human: IdmParams;
  /** Learner vType accel/decel (m/s²). Decision: SUMO's passenger-car defaults 2.6 / 4.5. */
  readonly learnerAccel: number;
  readonly learnerDecel: number;
  readonly routeRepeats: number;
  /** H (Table 2: 1500). */
  readonly horizon: number;
  /** V2V range (m). Decision: Table 2 gives d ∈ [0, 200]; the default is its upper end. */
  readonly communicationRange: number;
}

export const INTERSECTION8_DEFAULTS: Intersection8Params = {
  radius: 34.33,
  speedLimit: 13.89,
  ringResolution: 40,
  learners: 8,
  humans: 4,
  human: { ...FLOW_IDM, desiredSpeed: 13.89 },
  learnerAccel: 2.6,
  learnerDecel: 4.5,
  routeRepeats: 1000,
  horizon: 1500,
  communicationRange: 200,
};

export const INTERSECTION8_NAME = 'intersection8';

/**
 * Placement order of learners and humans: humans spread evenly, at indices round((k + 1)·n/h) − 1.
 * With 8 learners and 4 humans: humans at 2, 5, 8, 11.
 */
export function interleave(learners: number, humans: number): boolean[] {
  const n = learners + humans;
  const isLearner = Array.from({ length: n }, () => true);
  for (let k = 0; k < humans; k++) isLearner[Math.round(((k + 1) * n) / humans) - 1] = false;
  return isLearner;
}

export function intersection8(overrides: Partial<Intersection8Params> = {}): GeneratedScenario {
  const p: Intersection8Params = { ...INTERSECTION8_DEFAULTS, ...overrides };
  if (!(p.radius > 0)) throw new RangeError(`intersection8: radius must be > 0 m, got ${p.radius}`);
  for (const [key, value] of [['learners', p.learners], ['humans', p.humans]] as const) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`intersection8: ${key} must be an integer ≥ 0, got ${value}`);
  }
  const name = INTERSECTION8_NAME;
  const note = GENERATED_NOTE(name);
  const files = scenarioFileNames(name);
  const net = eightLoopXml(p, note);
  const vehicles = interleave(p.learners, p.humans).map((learner) => ({ type: learner ? LEARNER_TYPE : HUMAN_TYPE }));
  const routes = document('routes', 'routes_file.xsd', [
    idmVType(HUMAN_TYPE, p.human, '1,1,1'),
    idmVType(LEARNER_TYPE, { ...p.human, desiredSpeed: p.speedLimit, accel: p.learnerAccel, decel: p.learnerDecel }, '1,0,0'),
    ...eightLoopRouteElements(p.radius, vehicles, p.routeRepeats),
  ], note);
  const manifest: ScenarioManifest = {
    schemaVersion: SCHEMA_VERSION,
    name,
    description: `Eight-shaped 480 m one-lane loop with an unprotected crossing, ${p.learners} learners and ${p.humans} humans`,
    source: 'MA-PMBRL (Wen et al.), Table 2; SMARTS "Figure Eight" unprotected intersection',
    sumo: { config: files.config, net: null, routes: [], additional: [] },
    stepLength: 0.1, // Table 2: τ
    horizon: p.horizon,
    warmupSteps: 0,
    learners: { kind: 'vehType', vehType: LEARNER_TYPE },
    action: { kind: 'targetSpeed', low: 0, high: p.speedLimit }, // Table 2: target velocity
    observation: { id: 'intersection8', params: {} },
    reward: { id: 'intersection8', params: {} },
    communicationRange: p.communicationRange,
    speedLimit: p.speedLimit,
    desiredSpeed: null,
    // Decision (scenarios.md): the crossing is unprotected for learners; physical limits stay.
    learnerSpeedMode: SPEED_MODE_NO_RIGHT_OF_WAY,
    collision: 'endEpisode',
    path: { edges: [...EIGHT_LOOP_EDGES], loop: true },
  };
  return eightLoopScenario(name, net, routes, manifest, note);
}
