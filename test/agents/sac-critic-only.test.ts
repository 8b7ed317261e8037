// Schedule 'algorithm-1' (critics every step, actor/α/targets every e = 10; issue 16): the critic-only steps must
// leave the actor, α and the targets untouched, and 25 steps must give the numbers the code gave before the critic-only
// path existed. The pins were printed by commit 61b5717 (the full update with its actor part skipped by policyDelay);
// wasm+openblas and pure wasm (CAVLAB_NATIVE=0) both matched them to ≤ 1e-6 relative.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplayBuffer } from '../../src/agents/replay.js';
import { SacCore } from '../../src/agents/sac/sac.js';
import type { SacWeights } from '../../src/agents/sac/sac.js';
import { currentBackend, selectBackend } from '../../src/nn/backend.js';
import { Rng } from '../../src/util/rng.js';

const SPACES = { obsDim: 3, actionBounds: { low: [-2, -1], high: [2, 1] } };
const CONFIG = { actorHidden: [32, 32], criticHidden: [32, 32], batchSize: 64, schedule: 'algorithm-1' } as const;
const NETS = ['actor', 'critic1', 'critic2', 'target1', 'target2'] as const;

/** [Σx, Σ|x|, x[0], x[100], x[last]] of each network after 25 steps, from 61b5717. */
const PINNED: Record<(typeof NETS)[number], readonly number[]> = {
  actor: [0.9935965100885369, 142.55928983795457, 0.1467708796262741, -0.55366450548172, 0.03694179654121399],
  critic1: [4.063127128669294, 137.73516345894313, 0.4353281557559967, 0.11356635391712189, -0.06943239271640778],
  critic2: [6.6741262746509165, 140.76317864708835, 0.21068175137043, -0.3314383924007416, 0.059317562729120255],
  target1: [6.301910862317527, 137.59296309696765, 0.42820271849632263, 0.11730269342660904, -0.06206263229250908],
  target2: [6.473045454127714, 140.63640654549818, 0.2124280035495758, -0.33872947096824646, 0.06669823080301285],
};
const PINNED_LOG_ALPHA = -4.606070041656494;
const PINNED_CRITIC_LOSSES = [0.31490722403702226, 0.27968511330058227, 0.21253970541460512];

function learner(): { core: SacCore; replay: ReplayBuffer; sampler: Rng } {
  const core = new SacCore(SPACES, CONFIG, new Rng(7, 0));
  const replay = new ReplayBuffer({ capacity: 256, obsDim: 3, actionDim: 2 });
  const data = new Rng(7, 2);
  const values = (n: number): Float32Array => Float32Array.from({ length: n }, () => data.uniform(-1, 1));
  for (let i = 0; i < 256; i++) replay.add(values(3), values(2), -data.next(), values(3), i % 50 === 0);
  return { core, replay, sampler: new Rng(7, 1) };
}

function summary(x: Float32Array): number[] {
  let sum = 0;
  let abs = 0;
  for (const v of x) {
    sum += v;
    abs += Math.abs(v);
  }
  return [sum, abs, x[0] ?? Number.NaN, x[100] ?? Number.NaN, x[x.length - 1] ?? Number.NaN];
}

function expectClose(got: readonly number[], want: readonly number[], what: string): void {
  got.forEach((g, i) => {
    const w = want[i] ?? Number.NaN;
    expect(Math.abs(g - w), `${what}[${i}]: ${g} vs ${w}`).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(w)));
  });
}

describe("SacCore at schedule 'algorithm-1'", () => {
  let before: ReturnType<typeof currentBackend>;
  beforeAll(async () => {
    before = currentBackend();
    // wasm+openblas when the addon loads, pure wasm under CAVLAB_NATIVE=0.
    await selectBackend('wasm');
  });
  afterAll(async () => {
    if (before !== undefined) await selectBackend(before.name, { native: before.path === 'wasm+openblas' });
  });

  it('25 steps give the parameters and losses of the code before the critic-only path', () => {
    const { core, replay, sampler } = learner();
    try {
      const critic: number[] = [];
      for (let i = 0; i < 25; i++) critic.push(core.update(replay.sample(64, sampler)).critic);
      const w = core.weights();
      for (const net of NETS) expectClose(summary(w[net]), PINNED[net], net);
      expectClose([w.logAlpha], [PINNED_LOG_ALPHA], 'logAlpha');
      expectClose(critic.slice(-3), PINNED_CRITIC_LOSSES, 'critic losses');
    } finally {
      core.dispose();
    }
  });

  it('a critic-only step changes only the critics and keeps the actor version', () => {
    const { core, replay, sampler } = learner();
    try {
      core.update(replay.sample(64, sampler)); // step 0: full
      const start: SacWeights = core.weights();
      const version = core.actorVersion;
      const losses = core.update(replay.sample(64, sampler));
      const after = core.weights();
      expect(losses.actor).toBeNull();
      expect(losses.alpha).toBeNull();
      expect(losses.entropy).toBeNull();
      expect(losses.alphaValue).toBeCloseTo(Math.exp(start.logAlpha), 12);
      expect(core.actorVersion).toBe(version);
      expect(after.actor).toEqual(start.actor);
      expect(after.target1).toEqual(start.target1);
      expect(after.target2).toEqual(start.target2);
      expect(after.logAlpha).toBe(start.logAlpha);
      expect(after.critic1).not.toEqual(start.critic1);
      expect(after.updates).toBe(start.updates + 1);
    } finally {
      core.dispose();
    }
  });
});
