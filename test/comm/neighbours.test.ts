// One neighbour graph per step (src/comm/neighbours.ts): built once per range over every agent, and restricted to a
// controller's learners it is exactly the range graph of those learners alone, in their order.
import { describe, expect, it } from 'vitest';
import { LossyChannel } from '../../src/comm/channel.js';
import { StepNeighbours, restrictGraph } from '../../src/comm/neighbours.js';
import { pull } from '../../src/comm/pull.js';
import { rangeGraph } from '../../src/comm/range-graph.js';
import { Rng } from '../../src/util/rng.js';

describe('StepNeighbours and restrictGraph', () => {
  it('builds each range once (null = the scenario range) and restricts to the range graph of the members in their order', () => {
    const rng = new Rng(4);
    const positions = new Map(Array.from({ length: 12 }, (_, i) => [`v${i}`, { x: rng.uniform(0, 200), y: rng.uniform(0, 50) }] as const));
    const step = new StepNeighbours(positions, 90);
    expect(step.graph(null)).toBe(step.graph(90));
    expect(step.graph(40)).not.toBe(step.graph(90));
    const located = [...positions].map(([id, p]) => ({ id, ...p }));
    expect(step.graph(90)).toEqual(rangeGraph(located, 90));
    const members = ['v7', 'v2', 'v9', 'v0', 'v11', 'v5'];
    const own = rangeGraph(members.map((id) => ({ id, ...(positions.get(id) as { x: number; y: number }) })), 90);
    const restricted = restrictGraph(step.graph(90), members);
    expect([...restricted.keys()]).toEqual(members);
    for (const id of members) expect(restricted.get(id)).toEqual(own.get(id));
  });

  it('a pull round asks every neighbour once and keeps those whose message arrives, in order (one draw each)', () => {
    const graph = new Map([['a', ['b', 'c', 'd']], ['b', ['a']], ['c', ['a']], ['d', ['a']]]);
    expect(pull(graph, 'a', new LossyChannel(1, new Rng(1)))).toEqual({ neighbours: ['b', 'c', 'd'], delivered: ['b', 'c', 'd'] });
    expect(pull(graph, 'a', new LossyChannel(0, new Rng(1))).delivered).toEqual([]);
    const rng = new Rng(3);
    const reference = new Rng(3);
    const round = pull(graph, 'a', new LossyChannel(0.5, rng));
    expect(round.delivered).toEqual(['b', 'c', 'd'].filter(() => reference.next() < 0.5));
    expect(rng.state()).toEqual(reference.state());
    expect(pull(graph, 'x', new LossyChannel(0.5, rng))).toEqual({ neighbours: [], delivered: [] });
  });
});
