import { describe, expect, it } from 'vitest';
import { TravelDistance } from '../../../src/agents/models/travel-distance.js';

describe('utility (eq. 21)', () => {
  it('sums each learner\'s moves and divides by H × learners; a repeated step counts once', () => {
    const travel = new TravelDistance();
    for (let t = 0; t <= 10; t++) {
      travel.observe(t, new Map([['a', { x: t, y: 0 }], ['b', { x: 0, y: 2 * t }]]));
      if (t === 10) travel.observe(t, new Map([['a', { x: t, y: 0 }], ['b', { x: 0, y: 2 * t }]]));
    }
    const { distancePerLearner, utility } = travel.finish(10);
    expect(distancePerLearner).toBeCloseTo((10 + 20) / 2, 10);
    expect(utility).toBeCloseTo(30 / (10 * 2), 10);
  });

  it('an episode a collision cut short at step 10 of H = 1500 is divided by H, not by the 10 steps run', () => {
    const travel = new TravelDistance();
    for (let t = 0; t <= 10; t++) travel.observe(t, new Map([['a', { x: 5 * t, y: 0 }], ['b', { x: 0, y: 5 * t }]]));
    const { utility } = travel.finish(1500);
    // eq. 21: (1 / (H·I)) Σ_i Σ_t Λx_t^(i) = (50 + 50) / (1500 · 2)
    expect(utility).toBeCloseTo(100 / 3000, 12);
    expect(utility).toBeLessThan(100 / (10 * 2));
  });

  it('reports NaN for an episode seen at one step only (eval) and starts afresh after finish', () => {
    const travel = new TravelDistance();
    travel.observe(5, new Map([['a', { x: 0, y: 0 }]]));
    expect(travel.finish(1500).utility).toBeNaN();
    travel.observe(0, new Map([['a', { x: 0, y: 0 }]]));
    travel.observe(1, new Map([['a', { x: 3, y: 4 }]]));
    expect(travel.finish(2)).toEqual({ distancePerLearner: 5, utility: 2.5 });
  });
});
