// Observation functions by id, so a scenario.json can name one (`observation: { id, params }`).
import type { FunctionRef } from '../../scenarios/manifest.js';
import { INTERSECTION8_OBSERVATION } from './intersection8.js';
import { LEADER_FOLLOWER_OBSERVATION } from './leader-follower.js';
import { MERGE_OBSERVATION } from './merge.js';
import { FIGURE8_OBSERVATION, MERGE_POSITION_SPEED_OBSERVATION } from './position-speed.js';
import type { ObservationFn, ObservationSpec } from './types.js';

export const OBSERVATIONS: ReadonlyMap<string, ObservationSpec> = new Map(
  [FIGURE8_OBSERVATION, MERGE_OBSERVATION, MERGE_POSITION_SPEED_OBSERVATION, INTERSECTION8_OBSERVATION, LEADER_FOLLOWER_OBSERVATION].map((s) => [s.id, s]),
);

/** Each id with the parameter names it accepts (for the manifest validator). */
export function observationParamNames(): ReadonlyMap<string, readonly string[]> {
  return new Map([...OBSERVATIONS].map(([id, spec]) => [id, Object.keys(spec.defaults)]));
}

/** The function a manifest names, with its parameters over the defaults, and the vector size. */
export function createObservation(ref: FunctionRef): { readonly fn: ObservationFn; readonly size: number } {
  const spec = OBSERVATIONS.get(ref.id);
  if (!spec) throw new RangeError(`unknown observation id ${JSON.stringify(ref.id)}; known: ${[...OBSERVATIONS.keys()].join(', ')}`);
  return { fn: spec.create({ ...spec.defaults, ...ref.params }), size: spec.size };
}
