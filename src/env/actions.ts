// A learner's action as the speed it is told to reach (manifest `action`): an acceleration a (m/s²) becomes the
// speed max(0, v + a·dt) reached within the step (Flow's apply_acceleration); a target speed is reached within the step.
import type { ActionSpec } from '../scenarios/manifest.js';

/** The speed (m/s) the vehicle is told to reach by the end of the step; the action is clipped to its bounds. */
export function commandedSpeed(spec: ActionSpec, value: number, speed: number, dt: number): number {
  const a = Math.min(spec.high, Math.max(spec.low, Number.isFinite(value) ? value : 0));
  return Math.max(0, spec.kind === 'acceleration' ? speed + a * dt : a);
}
