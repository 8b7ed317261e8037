import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplayBuffer } from '../../src/agents/replay.js';
import type { SacConfig } from '../../src/agents/sac/config.js';
import { SacCore } from '../../src/agents/sac/sac.js';
import type { SacWeights } from '../../src/agents/sac/sac.js';
import { selectBackend } from '../../src/nn/backend.js';
import { loadNativeBlas } from '../../src/nn/native-blas.js';
import { mulberry32 } from '../../src/nn/random.js';
import { maxAbs } from '../helpers/arrays.js';

// A huge Adam ε makes every step ≈ −η·g/ε, linear in the gradient: the weight changes then compare the two
// paths' gradients directly (with the usual ε, Adam's first step is ≈ ±η wherever g is tiny, which amplifies
// rounding differences into sign flips).
const LINEAR_ADAM: Partial<SacConfig> = { actorHidden: [16, 12], criticHidden: [16, 12], batchSize: 32, actorLr: 1, criticLr: 1, alphaLr: 1, adamEpsilon: 1e4 };
const SPACES = { obsDim: 3, actionBounds: { low: [-3, 0], high: [1, 2] } };
const KEYS = ['actor', 'critic1', 'critic2', 'target1', 'target2'] as const;

function oneUpdate(updatePath: 'auto' | 'tfjs'): { before: SacWeights; after: SacWeights; losses: number[] } {
  const rng = mulberry32(21);
  const core = new SacCore(SPACES, { ...LINEAR_ADAM, updatePath }, rng);
  const buffer = new ReplayBuffer({ capacity: 64, obsDim: 3, actionDim: 2 });
  for (let i = 0; i < 64; i++) buffer.add([rng.next() * 2 - 1, rng.next(), -rng.next()], [rng.next() * 4 - 3, rng.next() * 2], -rng.next(), [rng.next(), rng.next() * 2 - 1, rng.next()], i % 6 === 0);
  const before = core.weights();
  const l = core.update(buffer.sample(32, rng));
  const after = core.weights();
  core.dispose();
  return { before, after, losses: [l.critic, l.actor ?? Number.NaN, l.alpha ?? Number.NaN, l.alphaValue] };
}

describe.skipIf(!loadNativeBlas().ok)('SacCore engine-free update (wasm+openblas)', () => {
  beforeAll(async () => {
    expect((await selectBackend('wasm', { native: true })).path).toBe('wasm+openblas');
  });
  afterAll(async () => {
    await selectBackend('wasm');
  });

  it('gives the same losses and weight changes (gradients) as tfjs autodiff', () => {
    const reference = oneUpdate('tfjs');
    const direct = oneUpdate('auto');
    direct.losses.forEach((x, i) => expect(x).toBeCloseTo(reference.losses[i] ?? Number.NaN, 5));
    for (const key of KEYS) {
      const r0 = reference.before[key];
      const d0 = direct.before[key];
      expect(Array.from(d0)).toEqual(Array.from(r0));
      const dRef = reference.after[key].map((x, i) => x - (r0[i] ?? 0));
      const dDir = direct.after[key].map((x, i) => x - (d0[i] ?? 0));
      const scale = maxAbs(dRef);
      expect(scale).toBeGreaterThan(0);
      const diff = dDir.map((x, i) => x - (dRef[i] ?? 0));
      expect(maxAbs(diff) / scale, key).toBeLessThan(1e-3);
    }
  });
});
