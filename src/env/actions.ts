// A learner's action as a TraCI command (manifest `action`): an acceleration a (m/s²) becomes the speed
// max(0, v + a·dt) reached within the step (Flow's apply_acceleration); a target speed is reached within the step.
import type { ActionSpec } from '../scenarios/manifest.js';
import type { Command } from '../traci/command.js';
import { vehicleCommands } from '../traci/domains/vehicle.js';

/** The speed (m/s) the vehicle is told to reach by the end of the step; the action is clipped to its bounds. */
export function commandedSpeed(spec: ActionSpec, value: number, speed: number, dt: number): number {
  const a = Math.min(spec.high, Math.max(spec.low, Number.isFinite(value) ? value : 0));
  return Math.max(0, spec.kind === 'acceleration' ? speed + a * dt : a);
}

export function actionCommand(spec: ActionSpec, vehId: string, value: number, speed: number, dt: number): Command<void> {
  return vehicleCommands.slowDown(vehId, commandedSpeed(spec, value, speed, dt), 1e-3);
}
