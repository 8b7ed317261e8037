// twinCritics: false (RSM-MASAC Fig. 11's single Q network): the targets and the policy use Q_ω1 alone, so what
// the second critic holds cannot change the actor or the first critic — while with twin critics it does.
import { describe, expect, it } from 'vitest';
import { ReplayBuffer } from '../../src/agents/replay.js';
import type { SacConfig } from '../../src/agents/sac/config.js';
import { SacCore } from '../../src/agents/sac/sac.js';
import { mulberry32 } from '../../src/nn/random.js';

const SMALL: Partial<SacConfig> = { actorHidden: [16, 16], criticHidden: [16, 16], batchSize: 32, learningStarts: 0 };
const SPACES = { obsDim: 3, actionBounds: { low: [-1], high: [1] } };

/** Actor and critic1 after 5 updates, with critic2 and target2 first scaled by `scale2`. */
function train(twinCritics: boolean, scale2: number, updatePath: 'auto' | 'tfjs'): Float32Array[] {
  const rng = mulberry32(5);
  const core = new SacCore(SPACES, { ...SMALL, twinCritics, updatePath }, rng);
  const w = core.weights();
  core.loadWeights({ ...w, critic2: w.critic2.map((x) => x * scale2), target2: w.target2.map((x) => x * scale2) });
  const buffer = new ReplayBuffer({ capacity: 128, obsDim: 3, actionDim: 1 });
  const data = mulberry32(9);
  for (let i = 0; i < 128; i++) buffer.add([data.next(), data.next(), data.next()], [data.next() * 2 - 1], data.next(), [data.next(), data.next(), data.next()], false);
  for (let i = 0; i < 5; i++) core.update(buffer.sample(32, rng));
  const after = core.weights();
  core.dispose();
  return [after.actor, after.critic1];
}

describe('single Q network (twinCritics: false)', () => {
  for (const path of ['auto', 'tfjs'] as const) {
    it(`ignores the second critic (${path} gradients)`, () => {
      expect(train(false, 3, path)).toEqual(train(false, 1, path));
      expect(train(true, 3, path)).not.toEqual(train(true, 1, path));
    });
  }
});
