import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Controller, Transition } from '../../../src/agents/controller.js';
import { ModelBasedController } from '../../../src/agents/models/model-based-controller.js';
import { createController } from '../../../src/agents/controllers/registry.js';
import { selectBackend } from '../../../src/nn/backend.js';
import { Rng } from '../../../src/util/rng.js';
import { stepContext } from '../../helpers/context.js';

const IDS = ['cav.0', 'cav.1'];
const SPACES = { obsDim: 2, actionBounds: { low: [-1], high: [1] } };
const SMALL = {
  actorHidden: [8], criticHidden: [8], modelHidden: [8], modelFitSteps: 5, modelBatchSize: 32, batchSize: 16,
  rolloutBatch: 4, rolloutLength: 3,
};
const H = 40;

/** One episode of a 1-D point mass per agent (s = (x, v), a = push): `steps` steps, then endEpisode. */
function episode(controller: Controller, steps: number, rng: Rng, index: number): number {
  let updates = 0;
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
    updates += controller.update(stepContext({ episode: index, step: t, positions, horizon: H }));
  }
  controller.endEpisode(stepContext({ episode: index, step: steps - 1, horizon: H, positions: new Map(IDS.map((id, i) => [id, { x: i * 500, y: 0 }])) }));
  return updates;
}

describe('model-based controllers', () => {
  let dir: string;
  beforeAll(async () => {
    await selectBackend('wasm');
    dir = await mkdtemp(join(tmpdir(), 'cavlab-mbpo-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('MA-PMBRL follows Alg. 1: a random first episode without updates, then one rollout from s_t and one update per step', () => {
    const controller = createController('ma-pmbrl', SPACES, { ...SMALL, pgdSteps: 2 }, 4);
    if (!(controller instanceof ModelBasedController) || controller.id !== 'ma-pmbrl') throw new Error('not MA-PMBRL');
    expect(episode(controller, H, new Rng(1), 0)).toBe(0);
    const slot = controller.agents.slot(0);
    expect(slot.core.updateCount).toBe(0);
    expect(slot.model.ready).toBe(true);
    expect(slot.modelBuffer.size).toBe(0);
    // H updates per agent; each after an L = 3 step rollout branched from the one state the agent is in.
    expect(episode(controller, H, new Rng(2), 1)).toBe(H * IDS.length);
    expect(slot.core.updateCount).toBe(H);
    expect(slot.modelBuffer.size).toBe(H * 3);
    controller.dispose();
  });

  it('MBPO refits its 7 models (5 elites) every modelRefitEvery steps, rolls out rolloutBatch D_E states, G updates per step', () => {
    const controller = createController('mbpo', SPACES, { ...SMALL, modelRefitEvery: 10, updatesPerStep: 2 }, 4);
    if (!(controller instanceof ModelBasedController) || controller.id !== 'mbpo') throw new Error('not MBPO');
    expect(episode(controller, H, new Rng(1), 0)).toBe(0);
    const slot = controller.agents.slot(0);
    expect(slot.model.members).toHaveLength(7);
    expect(slot.model.elites).toHaveLength(5);
    // The first model comes after the random episode, with one batch of rollouts (schedule: L = 1 before epoch 20).
    expect(controller.agents.rolloutLength(0)).toBe(1);
    expect(slot.modelBuffer.size).toBe(4);
    expect(Number.isFinite(controller.episodeMetrics().model_loss)).toBe(true);
    expect(controller.episodeMetrics().utility).toBeGreaterThan(0);
    expect(episode(controller, H, new Rng(2), 1)).toBe(2 * H * IDS.length);
    // Refits at steps 10, 20, 30, 40: four more batches of 4 one-step rollouts.
    expect(slot.modelBuffer.size).toBe(4 + 4 * 4);
    expect(slot.core.updateCount).toBe(2 * H);
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
      const weights = (c: Controller) => (c instanceof ModelBasedController ? [...c.agents.slot(1).core.weights().actor] : []);
      expect(weights(b)).toEqual(weights(a));
      expect(weights(a).length).toBeGreaterThan(0);
      a.dispose();
      b.dispose();
    });

    it(`${algo}: learnerWorkers 2 (SAC steps on replicas in worker threads) learns exactly what 1 does, also after save/load`, { timeout: 60_000 }, async () => {
      const [one, two] = [1, 2].map((learnerWorkers) => createController(algo, SPACES, { ...SMALL, learnerWorkers }, 6));
      const cores = (c: Controller | undefined) => (c instanceof ModelBasedController ? IDS.map((_, k) => c.agents.slot(k).core.weights()) : []);
      const both = [one, two] as Controller[];
      for (const c of both) {
        episode(c, 30, new Rng(3), 0);
        expect(episode(c, 30, new Rng(5), 1)).toBe(60);
      }
      // The losses of every step, then every weight (critics, targets and α come back from the replicas).
      expect(two?.diagnostics()).toEqual(one?.diagnostics());
      expect(cores(two)).toEqual(cores(one));
      await two?.save(join(dir, `${algo}-workers`));
      const three = createController(algo, SPACES, { ...SMALL, learnerWorkers: 2 }, 6);
      await three.load(join(dir, `${algo}-workers`));
      for (const c of [...both, three]) episode(c, 30, new Rng(7), 2);
      expect(cores(two)).toEqual(cores(one));
      expect(cores(three)).toEqual(cores(one));
      expect(cores(one)[1]?.updates).toBe(60);
      for (const c of [...both, three]) c.dispose();
    });
  }
});
