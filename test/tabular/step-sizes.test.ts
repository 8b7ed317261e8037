import { describe, expect, it } from 'vitest';
import { VisitCounts, visitStepSize } from '../../src/tabular/step-sizes.js';

describe('eq. 8 step sizes', () => {
  it('is the scale on the first visit and decays as (k+1)^-τ', () => {
    expect(visitStepSize(0.3, 0, 0.65)).toBe(0.3);
    expect(visitStepSize(0.3, 3, 0.5)).toBeCloseTo(0.15, 15);
    expect(visitStepSize(0.5, 1, 0.65)).toBeCloseTo(0.5 / 2 ** 0.65, 15); // 0.31864
    expect(visitStepSize(0.3, 99, 0.35)).toBeCloseTo(0.3 / 100 ** 0.35, 15); // β after 100 visits: 0.0601
    // τ2 < τ1: β_k / α_k grows with k, so consensus outlasts the local update (Theorem 2).
    expect(visitStepSize(0.3, 99, 0.35) / visitStepSize(0.3, 99, 0.65)).toBeGreaterThan(visitStepSize(0.3, 9, 0.35) / visitStepSize(0.3, 9, 0.65));
  });
  it('counts visits per entry (k = visits before this one)', () => {
    const counts = new VisitCounts(3);
    expect([counts.visit(1), counts.visit(1), counts.visit(2), counts.visit(1)]).toEqual([0, 1, 0, 2]);
    expect(counts.get(0)).toBe(0);
    expect(counts.get(1)).toBe(3);
  });
});
