// What the env subscribes for every vehicle, and how one vehicle's subscribed values become the
// VehicleSnapshot that observation and reward functions read.
import type { PathIndex } from '../scenarios/net.js';
import { positionOnPath } from '../scenarios/net.js';
import { vehicleVariables as V } from '../traci/domains/vehicle.js';
import type { ValuesOf } from '../traci/subscriptions.js';
import type { NeighbourRef, VehicleSnapshot } from './snapshot.js';

/** Subscribed per vehicle; `range` (m) is how far ahead/behind the leader and follower are looked for. */
export function vehicleStateSpec(range: number) {
  return {
    type: V.typeId,
    speed: V.speed,
    position: V.position,
    roadId: V.roadId,
    laneId: V.laneId,
    lanePosition: V.lanePosition,
    distance: V.distance,
    leader: V.leader(range),
    follower: V.follower(range),
  } as const;
}

export type VehicleStateSpec = ReturnType<typeof vehicleStateSpec>;
export type VehicleState = ValuesOf<VehicleStateSpec>;

function neighbour(value: { id: string; gap: number } | undefined): NeighbourRef | null {
  // SUMO answers id "" (and gap −1) when there is none within range.
  return value && value.id !== '' ? { id: value.id, gap: value.gap } : null;
}

export function toVehicleSnapshot(id: string, state: VehicleState, path: PathIndex | null): VehicleSnapshot {
  return {
    id,
    type: state.type,
    speed: state.speed,
    x: state.position.x,
    y: state.position.y,
    roadId: state.roadId,
    laneId: state.laneId,
    lanePosition: state.lanePosition,
    pathPosition: path ? positionOnPath(path, state.laneId, state.lanePosition) ?? null : null,
    distance: state.distance,
    leader: neighbour(state.leader),
    follower: neighbour(state.follower),
  };
}
