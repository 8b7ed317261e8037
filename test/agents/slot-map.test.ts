import { describe, expect, it } from 'vitest';
import { SlotMap } from '../../src/agents/slot-map.js';

describe('SlotMap (vehicle id → learner slot)', () => {
  it('ids that repeat every episode keep their slots, whatever order they come in', () => {
    const map = new SlotMap();
    expect(map.assign(['a', 'b', 'c'])).toEqual([0, 1, 2]);
    expect(map.assign(['c', 'a', 'b'])).toEqual([2, 0, 1]);
    // Next episode: same ids, the first one to appear is 'b'.
    expect(map.assign(['b'])).toEqual([1]);
    expect(map.assign(['b', 'c', 'a'])).toEqual([1, 2, 0]);
    expect(map.slotCount).toBe(3);
  });

  it('a newcomer takes the lowest slot free at this step; none free → a new slot', () => {
    const map = new SlotMap();
    expect(map.assign(['a', 'b'])).toEqual([0, 1]);
    // 'a' left the network; 'x' joins and reuses its slot.
    expect(map.assign(['b', 'x'])).toEqual([1, 0]);
    // Both present plus 'y': a third slot.
    expect(map.assign(['b', 'x', 'y'])).toEqual([1, 0, 2]);
    expect(map.slotCount).toBe(3);
    // A newcomer never steals the slot of a returning agent listed after it.
    expect(map.assign(['z', 'y'])).toEqual([0, 2]);
  });

  it('a returning id whose slot another present agent holds is placed elsewhere and remapped', () => {
    const map = new SlotMap();
    map.assign(['a']);
    map.assign(['x']); // 'a' gone, 'x' takes slot 0; both are now remembered on slot 0
    expect(map.assign(['x', 'a'])).toEqual([0, 1]);
    expect(map.slotOf('a')).toBe(1);
    expect(map.assign(['a', 'x'])).toEqual([1, 0]);
  });

  it('refuses duplicate ids in one step; round-trips through its state', () => {
    const map = new SlotMap();
    expect(() => map.assign(['a', 'a'])).toThrow(/distinct/);
    map.assign(['p', 'q', 'r']);
    const copy = SlotMap.fromState(map.state());
    expect(copy.assign(['r', 's'])).toEqual(map.assign(['r', 's']));
    expect(copy.slotCount).toBe(3);
    expect(() => SlotMap.fromState({ ids: [['a', 3]], slotCount: 2 })).toThrow(/outside/);
  });
});
