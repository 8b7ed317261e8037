import { describe, expect, it } from 'vitest';
import { CommandQueue } from '../../src/kernel/command-queue.js';
import type { VehicleState } from '../../src/kernel/vehicle-state.js';
import { toVehicleSnapshot, vehicleStateSpec } from '../../src/kernel/vehicle-state.js';
import { TraciWriter } from '../../src/traci/codec.js';
import { vehicleVariables } from '../../src/traci/domains/vehicle.js';

const state = (over: Partial<VehicleState> = {}): VehicleState => ({
  type: 'cav', speed: 7.5, position: { x: 12, y: -3 }, roadId: 'bottom', laneId: 'bottom_0', lanePosition: 40,
  distance: 120, leader: { id: 'veh2', gap: 8.25 }, follower: { id: '', gap: -1 }, ...over,
});

describe('vehicle state (kernel)', () => {
  it('subscribes the variables of the spec, leader and follower with the look-ahead range', () => {
    const spec = vehicleStateSpec(80);
    expect(Object.keys(spec)).toEqual(['type', 'speed', 'position', 'roadId', 'laneId', 'lanePosition', 'distance', 'leader', 'follower']);
    expect(spec.speed).toBe(vehicleVariables.speed);
    const w = new TraciWriter();
    spec.leader.param?.(w);
    const bytes = Buffer.from(w.bytes());
    expect(bytes[0]).toBe(0x0b); // TYPE_DOUBLE
    expect(bytes.readDoubleBE(1)).toBe(80);
  });

  it('copies every plain variable and reshapes position and neighbours into the snapshot', () => {
    expect(toVehicleSnapshot('veh1', state(), null)).toEqual({
      id: 'veh1', type: 'cav', speed: 7.5, x: 12, y: -3, roadId: 'bottom', laneId: 'bottom_0', lanePosition: 40, distance: 120,
      pathPosition: null, leader: { id: 'veh2', gap: 8.25 }, follower: null,
    });
  });

  it('reads a neighbour SUMO could not report (missing from the subscription) as none', () => {
    const partial = state();
    delete (partial as Partial<VehicleState>).leader;
    expect(toVehicleSnapshot('veh1', partial, null).leader).toBeNull();
  });
});

describe('command queue (kernel)', () => {
  it('hands out the intents in the order they were queued, then is empty', () => {
    const queue = new CommandQueue();
    queue.setSpeedMode('veh0', 31);
    queue.reachSpeed('veh0', 9);
    queue.setSpeedMode('veh3', 1);
    expect(queue.take().map((c) => c.describe())).toEqual([
      expect.stringMatching(/setSpeedMode.*veh0/),
      expect.stringMatching(/slowDown.*veh0/),
      expect.stringMatching(/setSpeedMode.*veh3/),
    ]);
    expect(queue.take()).toEqual([]);
  });
});
