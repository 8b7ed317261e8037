// AgentPool.startFrom (run field `init`, RSM-MASAC Fig. 13): every slot starts from the given actor and critics,
// target critics equal to the critics, α at its initial value; wrong sizes and a used pool are refused.
import { beforeAll, describe, expect, it } from 'vitest';
import { LearnerInitError, PoolError } from '../../src/agents/errors.js';
import { AgentPool } from '../../src/agents/pool.js';
import type { SacConfig } from '../../src/agents/sac/config.js';
import { selectBackend } from '../../src/nn/backend.js';
import { Rng } from '../../src/util/rng.js';

const SPACES = { obsDim: 3, actionBounds: { low: [-2], high: [1] } };
const SMALL: Partial<SacConfig> = { actorHidden: [16, 16], criticHidden: [16, 16], batchSize: 8, learningStarts: 20, updateAfter: 0, envStepsPerUpdate: 5, replayCapacity: 1000, sharedInit: false };

/** A trained-looking set of networks: another pool's slot 0 (other seed), moved away from any initialisation. */
function sourceNetworks(): { actor: Float32Array; critic1: Float32Array; critic2: Float32Array } {
  const other = new AgentPool(SPACES, SMALL, 99);
  other.act(['x'], new Float32Array(3), 'train');
  const w = other.slot(0).core.weights();
  other.dispose();
  const shift = (a: Float32Array, by: number): Float32Array => a.map((v) => v + by);
  return { actor: shift(w.actor, 0.01), critic1: shift(w.critic1, 0.02), critic2: shift(w.critic2, -0.02) };
}

describe('AgentPool.startFrom', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('gives every new slot the actor and critics, the critics as target critics, and a fresh α and update count', () => {
    const init = { source: 'test', ...sourceNetworks() };
    const fresh = new AgentPool(SPACES, SMALL, 1);
    fresh.act(['a'], new Float32Array(3), 'train');
    const freshAlpha = fresh.slot(0).core.weights().logAlpha;
    fresh.dispose();
    const pool = new AgentPool(SPACES, SMALL, 1);
    pool.startFrom(init);
    const rng = new Rng(5, 0);
    pool.act(['a', 'b', 'c'], Float32Array.from({ length: 9 }, () => rng.uniform(-1, 1)), 'train');
    expect(pool.slotCount).toBe(3);
    for (let k = 0; k < 3; k++) {
      const w = pool.slot(k).core.weights();
      expect(w.actor).toEqual(init.actor);
      expect(w.critic1).toEqual(init.critic1);
      expect(w.critic2).toEqual(init.critic2);
      expect(w.target1).toEqual(init.critic1);
      expect(w.target2).toEqual(init.critic2);
      expect(w.logAlpha).toBe(freshAlpha);
      expect(w.updates).toBe(0);
    }
    pool.dispose();
  });

  it('refuses networks of other sizes (one line naming the network) and a pool that already has slots', () => {
    const init = { source: 'run x learner 0', ...sourceNetworks() };
    const wide = new AgentPool(SPACES, { ...SMALL, actorHidden: [32, 32] }, 1);
    expect(() => wide.startFrom(init)).toThrow(LearnerInitError);
    expect(() => wide.startFrom(init)).toThrow(/^run x learner 0: its actor has \d+ parameters, this run's actor \(32×32 actor, 16×16 critics\) has \d+$/);
    wide.dispose();
    const used = new AgentPool(SPACES, SMALL, 1);
    used.act(['a'], new Float32Array(3), 'train');
    expect(() => used.startFrom(init)).toThrow(PoolError);
    used.dispose();
  });
});
