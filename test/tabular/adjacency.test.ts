import { IQL_PR_DEFAULTS } from '../../src/tabular/config.js';
import { describe, expect, it } from 'vitest';
import { adjacencySpace, adjacencyValue, adjacencyWeights, buildAdjacencyTable, embedObservation, encodeState, l0Distance } from '../../src/tabular/adjacency.js';

describe('ℓ0 distance (Definitions 1–2)', () => {
  it('reproduces Remark 1: [a, b, c] and [a, b, d] observed from [a, b, c, d] are at distance 2', () => {
    const [a, b, c, d] = [0.3, -1.2, 5, 7];
    const s = embedObservation([a, b, c], [0, 1, 2], 4); // Π_s^T s
    const sSharp = embedObservation([a, b, d], [0, 1, 3], 4); // Π_{s♯}^T s♯
    expect(Array.from(s)).toEqual([a, b, c, 0]);
    expect(Array.from(sSharp)).toEqual([a, b, 0, d]);
    expect(l0Distance(s, sSharp)).toBe(2);
  });
  it('counts differing coordinates and rejects vectors of different length', () => {
    expect(l0Distance([1, 0, 1, 1], [1, 1, 0, 1])).toBe(2);
    expect(l0Distance([1, 2], [1, 2])).toBe(0);
    expect(() => l0Distance([1], [1, 2])).toThrow(/length/);
  });
  it('encodes states in binary (algorithms.md) and as a thermometer where ℓ0 = |s − s′|', () => {
    expect(Array.from(encodeState(6, 20, 'binary'))).toEqual([0, 1, 1, 0, 0]); // 6 = 0b00110, least significant bit first
    expect(l0Distance(encodeState(3, 20, 'binary'), encodeState(19, 20, 'binary'))).toBe(1); // 3 = 0b00011, 19 = 0b10011
    expect(l0Distance(encodeState(5, 20, 'binary'), encodeState(10, 20, 'binary'))).toBe(4); // 0b00101 vs 0b01010
    for (const [s, t] of [[0, 5], [7, 8], [19, 2]] as const) {
      expect(l0Distance(encodeState(s, 20, 'thermometer'), encodeState(t, 20, 'thermometer'))).toBe(Math.abs(s - t));
    }
  });
});

describe('default adjacency (Sec. V-A "adjacent digital")', () => {
  it('is the thermometer: at ρ♯ = 1 the adjacency space of s is s − 1, s, s + 1 (neighbours one level apart)', () => {
    expect(IQL_PR_DEFAULTS.stateEncoding).toBe('thermometer');
    const table = buildAdjacencyTable(20, IQL_PR_DEFAULTS.stateEncoding, IQL_PR_DEFAULTS.adjacencyLevel, IQL_PR_DEFAULTS.adjacencyWeighting);
    for (let s = 0; s < 20; s++) {
      const expected = [s - 1, s, s + 1].filter((t) => t >= 0 && t < 20);
      expect(Array.from(table.members[s] ?? [])).toEqual(expected);
    }
  });
});

describe('adjacency space and eq. 4 weights, 4 states in 2 bits (hand-computed)', () => {
  // Observations 0 = 00, 1 = 10, 2 = 01, 3 = 11 (bit 0 first).
  const obs = [0, 1, 2, 3].map((s) => encodeState(s, 4, 'binary'));

  it('S♯ of state 0 at level 1 is {0 (ρ = 0), 1 (ρ = 1), 2 (ρ = 1)}; level 0 is {0}; level 2 is everything', () => {
    expect(adjacencySpace(obs, 0, 1)).toEqual([{ state: 0, distance: 0 }, { state: 1, distance: 1 }, { state: 2, distance: 1 }]);
    expect(adjacencySpace(obs, 0, 0)).toEqual([{ state: 0, distance: 0 }]);
    expect(adjacencySpace(obs, 3, 2).map((m) => m.state)).toEqual([0, 1, 2, 3]);
    expect(adjacencySpace(obs, 3, 1).map((m) => m.state)).toEqual([1, 2, 3]);
  });

  it('weights exp(d − ρ)/Z: 1/(1 + 2/e) for s itself, (1/e)/(1 + 2/e) for each neighbour; d cancels', () => {
    const z = 1 + 2 * Math.exp(-1); // exp(d − ρ) / exp(d)
    const expected = [1 / z, Math.exp(-1) / z, Math.exp(-1) / z]; // 0.576117, 0.211942, 0.211942
    const w = Array.from(adjacencyWeights([0, 1, 1], 2, 'softmax'));
    expect(w[0]).toBeCloseTo(0.576117, 6);
    expect(w[1]).toBeCloseTo(0.211942, 6);
    w.forEach((value, k) => expect(value).toBeCloseTo(expected[k] as number, 12));
    // A large state dimension would overflow exp(d) if it were not cancelled.
    Array.from(adjacencyWeights([0, 1, 1], 2000, 'softmax')).forEach((value, k) => expect(value).toBeCloseTo(expected[k] as number, 12));
    expect(Array.from(adjacencyWeights([0, 1, 1], 2, 'uniform'))).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  it('Q♯(0, a) is the weighted sum of Q(s♯, a) over S♯ (eq. 4)', () => {
    const table = buildAdjacencyTable(4, 'binary', 1, 'softmax');
    expect(Array.from(table.members[0] ?? [])).toEqual([0, 1, 2]);
    // Q(s, a) for 4 states × 2 actions, [s·2 + a]; action 1 column is 10·s.
    const q = [1, 0, 2, 10, 4, 20, 8, 30];
    const z = 1 + 2 * Math.exp(-1);
    expect(adjacencyValue(q, 0, 2, table, 0, 0)).toBeCloseTo((1 + Math.exp(-1) * (2 + 4)) / z, 12);
    expect(adjacencyValue(q, 0, 2, table, 0, 1)).toBeCloseTo((0 + Math.exp(-1) * (10 + 20)) / z, 12);
    // The offset selects another agent's table in the flat layout: agent 1 holds 2·Q.
    expect(adjacencyValue([...q, ...q.map((v) => 2 * v)], 8, 2, table, 0, 0)).toBeCloseTo((2 * (1 + Math.exp(-1) * (2 + 4))) / z, 12);
  });
});
