import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Controller, Transition } from '../../../src/agents/controller.js';
import { MaPmbrlController } from '../../../src/agents/controllers/ma-pmbrl/controller.js';
import { MbpoController } from '../../../src/agents/controllers/mbpo/controller.js';
import { createController } from '../../../src/agents/controllers/registry.js';
import { selectBackend } from '../../../src/nn/backend.js';
import { Rng } from '../../../src/util/rng.js';
import { stepContext } from '../../helpers/context.js';

const IDS = ['cav.0', 'cav.1'];
const SPACES = { obsDim: 2, actionBounds: { low: [-1], high: [1] } };
const SMALL = {
  actorHidden: [8], criticHidden: [8], modelHidden: [8], modelFitSteps: 5, modelBatchSize: 32, batchSize: 16,
  learningStarts: 16, rolloutBatch: 4, rolloutLength: 3, envStepsPerUpdate: 2,
};

/** One episode of a 1-D point mass per agent (s = (x, v), a = push): `steps` steps, then endEpisode. */
function episode(controller: Controller, steps: number, rng: Rng, index: number): void {
  const state = IDS.map(() => [rng.uniform(-1, 1), 0]);
  for (let t = 0; t < steps; t++) {
    const obs = Float32Array.from(state.flat());
    const actions = controller.act(IDS, obs, 'train');
    const transitions: Transition[] = IDS.map((agentId, i) => {
      const [x = 0, v = 0] = state[i] ?? [];
      const next = [x + 0.1 * v, 0.9 * v + 0.1 * (actions[i] ?? 0)];
      state[i] = next;
      return { agentId, obs: obs.slice(i * 2, i * 2 + 2), action: actions.slice(i, i + 1), reward: -x * x, nextObs: Float32Array.from(next), terminated: false, truncated: false };
    });
    controller.observe(transitions);
    const positions = new Map(IDS.map((id, i) => [id, { x: (state[i]?.[0] ?? 0) * 10, y: 0 }]));
    controller.update(stepContext({ episode: index, step: t, positions }));
  }
  controller.endEpisode(stepContext({ episode: index, step: steps - 1, positions: new Map(IDS.map((id, i) => [id, { x: i * 500, y: 0 }])) }));
}

describe('model-based controllers', () => {
  let dir: string;
  beforeAll(async () => {
    await selectBackend('wasm');
    dir = await mkdtemp(join(tmpdir(), 'cavlab-mbpo-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('MBPO fits 7 models, keeps 5 elites, rolls out into the model buffer and trains SAC on the mix', () => {
    const controller = createController('mbpo', SPACES, SMALL, 4);
    if (!(controller instanceof MbpoController)) throw new Error('not MBPO');
    episode(controller, 40, new Rng(1), 0);
    const slot = controller.agents.slot(0);
    expect(slot.model.members).toHaveLength(7);
    expect(slot.model.elites).toHaveLength(5);
    expect(slot.modelBuffer.size).toBe(0);
    expect(Number.isFinite(controller.episodeMetrics().model_loss)).toBe(true);
    expect(controller.episodeMetrics().utility).toBeGreaterThan(0);
    episode(controller, 40, new Rng(2), 1);
    // 20 updates per agent in episode 2, each after a rollout of 4 states × 3 steps.
    expect(slot.modelBuffer.size).toBe(20 * 4 * 3);
    expect(slot.core.updateCount).toBeGreaterThan(20);
    controller.dispose();
  });

  for (const algo of ['ma-pmbrl', 'mbpo'] as const) {
    it(`${algo} continues exactly after save/load`, async () => {
      const a = createController(algo, SPACES, SMALL, 5);
      episode(a, 30, new Rng(3), 0);
      await a.save(join(dir, algo));
      const b = createController(algo, SPACES, SMALL, 5);
      await b.load(join(dir, algo));
      episode(a, 30, new Rng(4), 1);
      episode(b, 30, new Rng(4), 1);
      const weights = (c: Controller) => (c instanceof MaPmbrlController || c instanceof MbpoController ? [...c.agents.slot(1).core.weights().actor] : []);
      expect(weights(b)).toEqual(weights(a));
      expect(weights(a).length).toBeGreaterThan(0);
      a.dispose();
      b.dispose();
    });
  }
});
