// The one place that declares what the kernel subscribes for every vehicle, and how one vehicle's subscribed
// values become the VehicleSnapshot that observation and reward functions read. A new per-vehicle variable is
// one line in `vehicleStateSpec` (plus its reader in traci/domains/vehicle.ts and the codec if SUMO's type is new):
// VehicleSnapshot copies every plain variable under its key; only the few below are reshaped.
import type { PathIndex } from '../scenarios/net.js';
import { positionOnPath } from '../scenarios/net.js';
import { vehicleVariables as V } from '../traci/domains/vehicle.js';
import type { ValuesOf } from '../traci/subscriptions.js';

/** Subscribed per vehicle; `range` (m) is how far ahead/behind the leader and follower are looked for. */
export function vehicleStateSpec(range: number) {
  return {
    type: V.typeId,
    /** m/s */
    speed: V.speed,
    /** Front bumper (m, net coordinates); becomes the snapshot's x, y. */
    position: V.position,
    /** Edge id (":junction_n" on an internal edge). */
    roadId: V.roadId,
    laneId: V.laneId,
    /** m from the start of the lane. */
    lanePosition: V.lanePosition,
    /** Odometer (m) since departure. */
    distance: V.distance,
    leader: V.leader(range),
    follower: V.follower(range),
  } as const;
}

export type VehicleStateSpec = ReturnType<typeof vehicleStateSpec>;
export type VehicleState = ValuesOf<VehicleStateSpec>;

/** A neighbour on the same lane sequence, as SUMO's vehicle.getLeader / getFollower report it. */
export interface NeighbourRef {
  readonly id: string;
  /** Gap (m): from this vehicle's front (minus its minGap) to the leader's back, as SUMO reports it; ≥ 0 normally. */
  readonly gap: number;
}

/** What the kernel derives from the subscribed values; every other subscribed variable is copied as it came. */
interface DerivedState {
  readonly id: string;
  /** Position of the front bumper (m, net coordinates). */
  readonly x: number;
  readonly y: number;
  /**
   * m along the scenario's reference path (manifest `path`), internal lanes included; null off the path
   * (e.g. on the merge's ramp). See src/scenarios/net.ts positionOnPath.
   */
  readonly pathPosition: number | null;
  readonly leader: NeighbourRef | null;
  readonly follower: NeighbourRef | null;
}

/** One vehicle after a step (units as in vehicleStateSpec). */
export type VehicleSnapshot = Readonly<Omit<VehicleState, 'position' | 'leader' | 'follower'>> & DerivedState;

function neighbour(value: { id: string; gap: number } | undefined): NeighbourRef | null {
  // SUMO answers id "" (and gap −1) when there is none within range; a variable SUMO could not read is absent.
  return value && value.id !== '' ? { id: value.id, gap: value.gap } : null;
}

export function toVehicleSnapshot(id: string, state: VehicleState, path: PathIndex | null): VehicleSnapshot {
  const { position, leader, follower, ...plain } = state;
  return {
    ...plain,
    id,
    x: position.x,
    y: position.y,
    pathPosition: path ? positionOnPath(path, state.laneId, state.lanePosition) ?? null : null,
    leader: neighbour(leader),
    follower: neighbour(follower),
  };
}
