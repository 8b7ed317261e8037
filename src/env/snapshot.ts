// What observation and reward functions see of one simulation step: per-vehicle state read from the
// kernel's subscriptions, plus the scenario context needed to normalise it. Plain data, no SUMO handle.
import type { NeighbourRef, VehicleSnapshot } from '../kernel/vehicle-state.js';

export type { NeighbourRef, VehicleSnapshot };

export interface SnapshotContext {
  /** m/s; speeds are normalised by it. */
  readonly speedLimit: number;
  /** m/s, the reward's normaliser; null means the speed limit. */
  readonly desiredSpeed: number | null;
  /** Length (m) of the reference path (a loop's length), null when the scenario has none. */
  readonly pathLength: number | null;
  /** True when the path is a closed loop: positions wrap at pathLength. */
  readonly loop: boolean;
}

export interface Snapshot {
  /** Simulation time (s). */
  readonly time: number;
  /** Collisions SUMO reported in this step (absent: none known); RSM-MASAC's rewards are 0 on such a step. */
  readonly collisions?: number;
  readonly vehicles: ReadonlyMap<string, VehicleSnapshot>;
  readonly context: SnapshotContext;
}

/** The agent's own state; a function asked about an agent that is not in the snapshot is a programming error. */
export function ownState(snapshot: Snapshot, agentId: string): VehicleSnapshot {
  const own = snapshot.vehicles.get(agentId);
  if (!own) throw new RangeError(`agent ${agentId} is not in the snapshot at t = ${snapshot.time} s`);
  return own;
}

/** The neighbour's state, or undefined when there is none or it is not in the snapshot. */
export function neighbourState(snapshot: Snapshot, ref: NeighbourRef | null): VehicleSnapshot | undefined {
  return ref ? snapshot.vehicles.get(ref.id) : undefined;
}
