// Per-episode training diagnostics (src/agents/diagnostics.ts): means over the updates added since the last take,
// null where there was none (an empty episodes.csv cell).
import { describe, expect, it } from 'vitest';
import { LossMeans } from '../../src/agents/diagnostics.js';

describe('LossMeans', () => {
  it('averages critic loss and α over every step, actor loss and entropy over policy steps, then starts again', () => {
    const means = new LossMeans();
    expect(means.take()).toEqual({ criticLoss: null, actorLoss: null, alpha: null, entropy: null });
    means.add({ critic: 2, actor: -1, alpha: 0.1, alphaValue: 0.5, entropy: 1.5 });
    means.add({ critic: 4, actor: null, alpha: null, alphaValue: 0.3, entropy: null });
    means.add({ critic: 6, actor: -3, alpha: 0.2, alphaValue: 0.1, entropy: 0.5 });
    const out = means.take();
    expect(out.criticLoss).toBe(4);
    expect(out.actorLoss).toBe(-2);
    expect(out.alpha).toBeCloseTo(0.3, 12);
    expect(out.entropy).toBe(1);
    expect(means.take()).toEqual({ criticLoss: null, actorLoss: null, alpha: null, entropy: null });
  });
});
