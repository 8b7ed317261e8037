import { describe, expect, it } from 'vitest';
import { LossyChannel, floatBytes, psiGigabytes } from '../../src/comm/channel.js';
import { minimumCliqueCover } from '../../src/comm/clique-cover.js';
import { linkCount, rangeGraph } from '../../src/comm/range-graph.js';

/** A tiny deterministic uniform source for tests (LCG). */
function lcg(seed: number) {
  let s = seed >>> 0;
  return { next: () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) };
}

describe('range graph', () => {
  it('links agents within range (inclusive) and no others', () => {
    const g = rangeGraph([{ id: 'a', x: 0, y: 0 }, { id: 'b', x: 90, y: 0 }, { id: 'c', x: 90, y: 90.01 }, { id: 'd', x: 500, y: 0 }], 90);
    expect(g.get('a')).toEqual(['b']);
    expect(g.get('b')).toEqual(['a']);
    expect(g.get('c')).toEqual([]);
    expect(g.get('d')).toEqual([]);
    expect(linkCount(g)).toBe(1);
  });
  it('rejects a negative range', () => {
    expect(() => rangeGraph([], -1)).toThrow(/range/);
  });
});

describe('channel', () => {
  it('delivers everything at PRR 1 and about PRR of the messages otherwise (seeded)', () => {
    expect(Array.from({ length: 100 }, () => new LossyChannel(1, lcg(1)).delivers()).every(Boolean)).toBe(true);
    const channel = new LossyChannel(0.7, lcg(42));
    let delivered = 0;
    for (let i = 0; i < 10_000; i++) if (channel.delivers()) delivered++;
    expect(delivered / 10_000).toBeGreaterThan(0.68);
    expect(delivered / 10_000).toBeLessThan(0.72);
    const again = new LossyChannel(0.7, lcg(42));
    let same = 0;
    for (let i = 0; i < 10_000; i++) if (again.delivers()) same++;
    expect(same).toBe(delivered);
  });
  it('accounts bytes and ψ as RSM-MASAC Table V does', () => {
    expect(floatBytes(68_098)).toBe(272_392);
    expect(psiGigabytes(1_626, 68_098)).toBeCloseTo(0.412, 3);
    expect(psiGigabytes(29_270, 68_098)).toBeCloseTo(7.425, 3);
  });
});

describe('minimum clique cover', () => {
  const graph = (n: number, links: Array<[number, number]>) => {
    const g = new Map<string, string[]>();
    for (let i = 0; i < n; i++) g.set(`v${i}`, []);
    for (const [a, b] of links) {
      g.get(`v${a}`)?.push(`v${b}`);
      g.get(`v${b}`)?.push(`v${a}`);
    }
    return g;
  };
  it('is n for isolated agents, 1 for a complete graph, 0 for none', () => {
    expect(minimumCliqueCover(graph(0, []))).toBe(0);
    expect(minimumCliqueCover(graph(5, []))).toBe(5);
    const complete: Array<[number, number]> = [];
    for (let i = 0; i < 6; i++) for (let j = i + 1; j < 6; j++) complete.push([i, j]);
    expect(minimumCliqueCover(graph(6, complete))).toBe(1);
  });
  it('solves a path, a cycle and two triangles joined by an edge exactly', () => {
    expect(minimumCliqueCover(graph(5, [[0, 1], [1, 2], [2, 3], [3, 4]]))).toBe(3); // path of 5
    expect(minimumCliqueCover(graph(5, [[0, 1], [1, 2], [2, 3], [3, 4], [4, 0]]))).toBe(3); // C5
    expect(minimumCliqueCover(graph(6, [[0, 1], [1, 2], [0, 2], [3, 4], [4, 5], [3, 5], [2, 3]]))).toBe(2);
  });
  it('handles 12 agents on a line with range links', () => {
    const agents = Array.from({ length: 12 }, (_, i) => ({ id: `c${i}`, x: i * 40, y: 0 }));
    expect(minimumCliqueCover(rangeGraph(agents, 100))).toBe(4); // groups of 3 consecutive cars
  });
});
