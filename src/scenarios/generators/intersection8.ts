// The eight-shaped loop with one unprotected, signal-free crossing of MA-PMBRL (Wen et al., Table 2; the SMARTS
// "Figure Eight" scenario). Decision (scenarios.md): Flow's figure-eight construction with r such that the
// loop SUMO measures is 480 ± 2 m.
import type { ScenarioManifest } from '../manifest.js';
import { SCHEMA_VERSION, SPEED_MODE_NO_RIGHT_OF_WAY } from '../manifest.js';
import type { GeneratedScenario, IdmParams } from './common.js';
import { FLOW_IDM, GENERATED_NOTE, HUMAN_TYPE, LEARNER_TYPE, idmVType } from './common.js';
import { EIGHT_LOOP_EDGES, eightLoopEdgeLengths, eightLoopEdgeTotal, eightLoopScenario, eightLoopRouteElements, eightLoopXml, scenarioFileNames } from './eight-loop.js';
import type { Placement } from './eight-loop.js';
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
  /**
   * Humans: Flow's IDM at the speed limit. The paper's HVs follow "the SMARTS environment's baseline intelligent
   * controllers" (SMARTS's car-following model); Decision: SUMO's IDM with Flow's parameters stands in for it.
   */
  readonly human: IdmParams;
  /** Learner vType accel/decel (m/s²). Decision: SUMO's passenger-car defaults 2.6 / 4.5. */
  readonly learnerAccel: number;
  readonly learnerDecel: number;
  readonly routeRepeats: number;
  /**
   * Distance (m) between the fronts of consecutive CAVs in their starting queue. Sec. 6.1: "All CAVs initiate
   * navigation from a unidirectional approach lane". Decision: a queue on the vertical approach (`bottom`, the
   * crossing's major road) whose first CAV stands 1 m before the crossing, 10 m apart (5 m car + 5 m gap), reaching
   * back into `lower_ring`; the humans spread evenly over the rest of the loop.
   */
  readonly queueSpacing: number;
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
  queueSpacing: 10,
  horizon: 1500,
  communicationRange: 200,
};

export const INTERSECTION8_NAME = 'intersection8';

/** Where the first CAV of the queue stands: this far (m) before the end of the approach edge. */
const QUEUE_HEAD_MARGIN = 1;

/** The edge and offset of loop coordinate `s` (m from the start of `bottom`, wrapped into [0, loop length)). */
export function loopPosition(radius: number, s: number): Placement {
  const lengths = eightLoopEdgeLengths(radius);
  const total = eightLoopEdgeTotal(radius);
  let rest = s < 0 ? s + total * Math.ceil(-s / total) : s % total;
  for (const id of EIGHT_LOOP_EDGES) {
    if (rest < lengths[id] - 1e-9) return { edge: id, position: rest };
    rest -= lengths[id];
  }
  return { edge: EIGHT_LOOP_EDGES[0], position: 0 };
}

/**
 * Start positions: the `learners` CAVs queued on the approach `bottom` (first CAV 1 m before the crossing, then
 * every `spacing` m backwards), then the `humans` spread evenly over the free part of the loop ahead of the queue.
 * In vehicle order: CAVs first (veh0 heads the queue), then humans.
 */
export function approachPlacements(radius: number, learners: number, humans: number, spacing: number): Placement[] {
  const total = eightLoopEdgeTotal(radius);
  const head = eightLoopEdgeLengths(radius).bottom - QUEUE_HEAD_MARGIN;
  const queue = Array.from({ length: learners }, (_, i) => head - i * spacing);
  const tail = learners > 0 ? head - (learners - 1) * spacing : head;
  // The humans share the stretch from one spacing past the head round to one spacing behind the tail.
  const free = total - (head - tail) - 2 * spacing;
  if (learners > 0 && free < 0) throw new RangeError(`intersection8: ${learners} CAVs ${spacing} m apart do not fit on the ${total.toFixed(1)} m loop`);
  const step = humans > 0 ? free / humans : 0;
  const others = Array.from({ length: humans }, (_, k) => head + spacing + (k + 0.5) * step);
  return [...queue, ...others].map((s) => loopPosition(radius, s));
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
  if (!(p.queueSpacing > 0)) throw new RangeError(`intersection8: queueSpacing must be > 0 m, got ${p.queueSpacing}`);
  const vehicles = [...Array.from({ length: p.learners }, () => ({ type: LEARNER_TYPE })), ...Array.from({ length: p.humans }, () => ({ type: HUMAN_TYPE }))];
  const routes = document('routes', 'routes_file.xsd', [
    idmVType(HUMAN_TYPE, p.human, '1,1,1'),
    idmVType(LEARNER_TYPE, { ...p.human, desiredSpeed: p.speedLimit, accel: p.learnerAccel, decel: p.learnerDecel }, '1,0,0'),
    ...eightLoopRouteElements(p.radius, vehicles, p.routeRepeats, approachPlacements(p.radius, p.learners, p.humans, p.queueSpacing)),
  ], note);
  const manifest: ScenarioManifest = {
    schemaVersion: SCHEMA_VERSION,
    name,
    description: `Eight-shaped 480 m one-lane loop with an unprotected crossing, ${p.learners} learners queued on one approach lane and ${p.humans} humans (IDM)`,
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
