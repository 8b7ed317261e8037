// RSM-MASAC segmentation and request/response (Sec. V-A1, eqs. 16–17): pure functions, no tensors.
import { describe, expect, it } from 'vitest';
import { segmentBounds, segmentLength, segmentOf } from '../../src/agents/controllers/rsm-masac/segmentation.js';
import { exchangeSegments, planRequests, roundSize } from '../../src/agents/controllers/rsm-masac/request-response.js';
import { Rng } from '../../src/util/rng.js';

/** Lengths as documented: P − 1 segments of ⌊n/P⌋ + 1, the last one the rest (n for P = 1). */
function documented(n: number, p: number): number[] {
  if (p === 1) return [n];
  const l = Math.floor(n / p) + 1;
  return [...Array<number>(p - 1).fill(l), n - (p - 1) * l];
}


/** A lossless link: the answer arrives as sent. */
const pass = (v: Float32Array): Float32Array => Float32Array.from(v);

describe('segmentation', () => {
  it('cuts the 68,098-parameter figure-eight actor as documented', () => {
    const lengths = (p: number) => segmentBounds(68_098, p).map((b) => b.end - b.start);
    expect(lengths(1)).toEqual([68_098]);
    expect(lengths(2)).toEqual([34_050, 34_048]);
    expect(lengths(4)).toEqual([17_025, 17_025, 17_025, 17_023]);
    expect(lengths(7)).toEqual([9_729, 9_729, 9_729, 9_729, 9_729, 9_729, 9_724]);
    expect(segmentLength(68_098, 4)).toBe(17_025);
  });

  for (const n of [68_098, 68_099, 1_001, 97, 13]) {
    for (const p of [1, 2, 4, 7]) {
      it(`covers ${n} parameters exactly once in ${p} segment(s), in order, with the documented lengths`, () => {
        const bounds = segmentBounds(n, p);
        expect(bounds).toHaveLength(p);
        expect(bounds.map((b) => b.end - b.start)).toEqual(documented(n, p));
        const hits = new Uint8Array(n);
        let next = 0;
        for (const { start, end } of bounds) {
          expect(start).toBe(next);
          expect(end).toBeGreaterThan(start);
          for (let i = start; i < end; i++) hits[i] = (hits[i] ?? 0) + 1;
          next = end;
        }
        expect(next).toBe(n);
        expect(hits.every((h) => h === 1)).toBe(true);
      });
    }
  }

  it('refuses a vector too short for P non-empty segments, and bad counts', () => {
    expect(() => segmentBounds(11, 7)).toThrow(/too few for 7 segments/);
    expect(() => segmentBounds(0, 1)).toThrow(RangeError);
    expect(() => segmentBounds(10, 0)).toThrow(RangeError);
    expect(() => segmentBounds(10, 1.5)).toThrow(RangeError);
  });

  it('segmentOf is a view of the right slice', () => {
    const theta = Float32Array.from({ length: 13 }, (_, i) => i);
    expect(Array.from(segmentOf(theta, 4, 0))).toEqual([0, 1, 2, 3]);
    expect(Array.from(segmentOf(theta, 4, 3))).toEqual([12]);
    expect(() => segmentOf(theta, 4, 4)).toThrow(RangeError);
  });
});

describe('segment request and response', () => {
  const neighbours = ['a', 'b', 'c', 'd', 'e'];

  it('P_i = min(P, |Ω_i|), κ_i = min(κ, |Ω_i|) (Alg. 2 l. 2)', () => {
    expect(roundSize(5, 4, 3)).toEqual({ segments: 4, replicas: 3 });
    expect(roundSize(2, 4, 3)).toEqual({ segments: 2, replicas: 2 });
    expect(roundSize(0, 4, 3)).toEqual({ segments: 0, replicas: 0 });
  });

  it('asks each segment from a different neighbour, each neighbour about equally often (seeded)', () => {
    const rng = new Rng(3, 7);
    const counts = new Map<string, number>();
    for (let r = 0; r < 2000; r++) {
      const requests = planRequests(neighbours, 4, rng);
      expect(requests.map((q) => q.segment)).toEqual([0, 1, 2, 3]);
      expect(new Set(requests.map((q) => q.neighbour)).size).toBe(4);
      for (const q of requests) counts.set(q.neighbour, (counts.get(q.neighbour) ?? 0) + 1);
    }
    for (const id of neighbours) expect((counts.get(id) ?? 0) / 8000).toBeCloseTo(0.2, 1);
    expect(() => planRequests(['a'], 2, rng)).toThrow(/need as many neighbours/);
  });

  it('reconstruction from segments of identical policies gives the same policy; bytes = 4 per parameter', () => {
    const theta = Float32Array.from({ length: 1_001 }, (_, i) => Math.sin(i));
    const policies = new Map(neighbours.map((id) => [id, Float32Array.from(theta)]));
    const own = new Float32Array(1_001);
    const exchange = exchangeSegments(own, planRequests(neighbours, 4, new Rng(1)), policies, pass);
    expect(Array.from(exchange.referential)).toEqual(Array.from(theta));
    expect(exchange).toMatchObject({ received: 4, lost: 0, bytes: 4 * 1_001 });
    expect(own.every((v) => v === 0)).toBe(true);
  });

  it('assembles θ̃ segment by segment from the neighbour each was asked of; a lost answer keeps the own segment', () => {
    const n = 13;
    const own = new Float32Array(n).fill(-1);
    const policies = new Map([['a', new Float32Array(n).fill(1)], ['b', new Float32Array(n).fill(2)]]);
    const requests = [{ segment: 0, neighbour: 'b' }, { segment: 1, neighbour: 'a' }];
    const all = exchangeSegments(own, requests, policies, pass);
    expect(Array.from(all.referential)).toEqual([2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1]);
    let first = true;
    const half = exchangeSegments(own, requests, policies, (v) => ((first = !first), !first ? pass(v) : null));
    expect(Array.from(half.referential)).toEqual([2, 2, 2, 2, 2, 2, 2, -1, -1, -1, -1, -1, -1]);
    expect(half).toMatchObject({ received: 1, lost: 1, bytes: 4 * 7 });
    const none = exchangeSegments(own, requests, policies, () => null);
    expect(none).toMatchObject({ received: 0, lost: 2, bytes: 0 });
    expect(Array.from(none.referential)).toEqual(Array.from(own));
  });
});
