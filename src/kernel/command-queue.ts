// The commands of the next step, as intents on vehicles: they go out in the same message as the step, in the
// order they were queued (kernel/simulation.ts sends them).
import type { Command } from '../traci/command.js';
import { vehicleCommands } from '../traci/domains/vehicle.js';

/** How long (s) SUMO takes to reach a commanded speed: well within one step, so it is reached by its end. */
const REACH_SPEED_WITHIN = 1e-3;

export class CommandQueue {
  private queued: Command<unknown>[] = [];

  /** SUMO's speed-mode bits for `vehId` (TraCI setSpeedMode). */
  setSpeedMode(vehId: string, mode: number): void {
    this.queued.push(vehicleCommands.setSpeedMode(vehId, mode));
  }

  /** `vehId` reaches `speed` (m/s) within the step (TraCI slowDown over 1 ms, as Flow's apply_acceleration). */
  reachSpeed(vehId: string, speed: number): void {
    this.queued.push(vehicleCommands.slowDown(vehId, speed, REACH_SPEED_WITHIN));
  }

  /** The queued commands, in order; the queue is empty afterwards. */
  take(): Command<unknown>[] {
    const out = this.queued;
    this.queued = [];
    return out;
  }

  clear(): void {
    this.queued = [];
  }
}
