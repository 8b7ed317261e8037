// Hand-built snapshots for the observation and reward tests.
import type { NeighbourRef, Snapshot, SnapshotContext, VehicleSnapshot } from '../../src/env/snapshot.js';

export function vehicle(id: string, speed: number, pathPosition: number | null, leader: NeighbourRef | null, follower: NeighbourRef | null, xy: [number, number] = [0, 0]): VehicleSnapshot {
  return { id, type: 'cav', speed, x: xy[0], y: xy[1], roadId: 'e', laneId: 'e_0', lanePosition: 0, pathPosition, distance: 0, leader, follower };
}

export function snapshot(vehicles: VehicleSnapshot[], context: Partial<SnapshotContext> = {}): Snapshot {
  return {
    time: 1,
    vehicles: new Map(vehicles.map((v) => [v.id, v])),
    context: { speedLimit: 30, desiredSpeed: 20, pathLength: 400, loop: true, ...context },
  };
}
