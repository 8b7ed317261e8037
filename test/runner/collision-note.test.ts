// The run's collision line (src/runner/collision-note.ts): who, learner or not, and a vehicle SUMO already took away.
import { describe, expect, it } from 'vitest';
import type { StepResult } from '../../src/env/multi-agent-env.js';
import type { VehicleSnapshot } from '../../src/kernel/vehicle-state.js';
import { collisionNote, firstCollisionObserver } from '../../src/runner/collision-note.js';

function step(collisions: number, agents: string[], left: string[] = []): StepResult {
  return {
    obs: new Map(), rewards: new Map(), terminated: new Map(), truncated: new Map(), done: collisions > 0,
    infos: { step: 42, time: 4.3, vehicles: 3, meanSpeed: 5, collisions, joined: [], left, agents: new Map(agents.map((id) => [id, { x: 0, y: 0, speed: 5, distance: 0 }])) },
  };
}

function vehicle(id: string, type: string, speed: number, laneId: string): VehicleSnapshot {
  return { id, type, speed, laneId, roadId: laneId.split('_')[0] ?? '', lanePosition: 0, distance: 0, x: 0, y: 0, pathPosition: null, leader: null, follower: null };
}

describe('collision note', () => {
  it('names both vehicles in id order with role, type, speed and lane', () => {
    const vehicles = new Map([['veh6', vehicle('veh6', 'cav', 7.432, ':center_0_0')], ['veh11', vehicle('veh11', 'human', 6.9, ':center_1_0')]]);
    expect(collisionNote('train 4/21', step(1, ['veh6']), ['veh6', 'veh11'], vehicles)).toBe(
      'train 4/21: first collision at step 42 (4.3 s): veh11 (not a learner, type human, 6.90 m/s, lane :center_1_0) and veh6 (learner, type cav, 7.43 m/s, lane :center_0_0)',
    );
  });

  it('counts a learner that left in the step as a learner and says when SUMO already removed a vehicle', () => {
    expect(collisionNote('eval 1', step(1, [], ['veh2']), ['veh2'], new Map())).toBe('eval 1: first collision at step 42 (4.3 s): veh2 (learner, no longer in the network)');
  });

  it('notes only the first step with a collision of an episode', () => {
    const lines: string[] = [];
    const observe = firstCollisionObserver('train 1/1', { view: () => ({ vehicles: new Map(), colliding: ['a', 'b'] }) }, (line) => lines.push(line));
    observe(step(0, ['a']));
    observe(step(1, ['a']));
    observe(step(2, ['a']));
    expect(lines).toHaveLength(1);
  });
});
