import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transition } from '../../src/agents/controller.js';
import type { IsacController } from '../../src/agents/controllers/isac/controller.js';
import { createIsacController, parseIsacConfig } from '../../src/agents/controllers/isac/controller.js';
import { CheckpointError } from '../../src/agents/errors.js';
import { selectBackend } from '../../src/nn/backend.js';
import { stepContext } from '../helpers/context.js';
import { Rng } from '../../src/util/rng.js';

// A tiny multi-agent 1-D task: agent i observes a target t ∈ [−1, 1] and should act a = SIGNS[i]·t; reward
// −(a − SIGNS[i]·t)², one step per episode (a true terminal). The agents need different policies for the same
// observation, so only independent learners solve it. A uniform random action scores −(1 + SIGNS[i]²)/3.
const IDS = ['cav.0', 'cav.1', 'cav.2'];
const SIGNS = [1, -1, 0.5];
const SPACES = { obsDim: 1, actionBounds: { low: [-1], high: [1] } };
const SMALL = parseIsacConfig(
  { actorHidden: [32, 32], criticHidden: [32, 32], batchSize: 64, actorLr: 3e-3, criticLr: 3e-3, alphaLr: 3e-3, learningStarts: 64, updateAfter: 0, envStepsPerUpdate: 1, replayCapacity: 5000 },
  'isac',
);

/** One episode (one step) for `ids`; returns the gradient steps taken. */
function episode(controller: IsacController, env: Rng, ids: readonly string[], episodeIndex: number): number {
  const obs = Float32Array.from(ids, () => env.uniform(-1, 1));
  const actions = controller.act(ids, obs, 'train');
  const transitions: Transition[] = ids.map((agentId, i) => {
    const target = (SIGNS[IDS.indexOf(agentId)] ?? 1) * (obs[i] ?? 0);
    return { agentId, obs: obs.slice(i, i + 1), action: actions.slice(i, i + 1), reward: -(((actions[i] ?? 0) - target) ** 2), nextObs: obs.slice(i, i + 1), terminated: true, truncated: false };
  });
  controller.observe(transitions);
  const taken = controller.update(stepContext({ episode: episodeIndex }));
  controller.endEpisode(stepContext({ episode: episodeIndex }));
  return taken;
}

/** Mean reward of each agent's deterministic policy over a grid of targets. */
function evaluate(controller: IsacController): number[] {
  const grid = Float32Array.from({ length: 41 }, (_, k) => -1 + k / 20);
  return IDS.map((id, i) => {
    // One id per call: ids of one step must be distinct.
    const score = grid.reduce((s, t) => s - ((controller.act([id], Float32Array.of(t), 'eval')[0] ?? 0) - (SIGNS[i] ?? 1) * t) ** 2, 0);
    return score / grid.length;
  });
}

function weightsOf(controller: IsacController): number[][] {
  const out: number[][] = [];
  for (let k = 0; k < controller.pool.slotCount; k++) {
    const w = controller.pool.slot(k).core.weights();
    out.push([...w.actor, ...w.critic1, ...w.critic2, ...w.target1, ...w.target2, w.logAlpha, w.updates]);
  }
  return out;
}

describe('IsacController', () => {
  let dir: string;
  beforeAll(async () => {
    await selectBackend('wasm');
    dir = await mkdtemp(join(tmpdir(), 'cavlab-isac-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('three independent learners beat a random policy on the multi-agent 1-D task by a clear margin (fixed seed)', () => {
    const controller = createIsacController(SPACES, SMALL, 2024);
    const env = new Rng(2024, 1);
    let updates = 0;
    for (let e = 0; e < 64 + 350; e++) updates += episode(controller, env, IDS, e);
    expect(updates).toBe(3 * 351); // ready at the 64th transition, which counts: transitions 64…414
    const scores = evaluate(controller);
    console.log(`isac 1-D task scores ${scores.map((x) => x.toFixed(4)).join(', ')}`);
    const random = SIGNS.map((s) => -(1 + s * s) / 3);
    scores.forEach((score, i) => {
      expect(score).toBeGreaterThan(-0.05);
      expect(score).toBeGreaterThan((random[i] ?? 0) + 0.3);
    });
    controller.dispose();
  });

  it('save → load into a fresh controller → continue gives exactly the uninterrupted run', async () => {
    const ckpt = join(dir, 'latest');
    const uninterrupted = createIsacController(SPACES, SMALL, 7);
    const saved = createIsacController(SPACES, SMALL, 7);
    const envU = new Rng(7, 1);
    const envS = new Rng(7, 1);
    // Before the save: agents 0 and 1 only, past learningStarts so Adam has state.
    for (let e = 0; e < 90; e++) {
      episode(uninterrupted, envU, IDS.slice(0, 2), e);
      episode(saved, envS, IDS.slice(0, 2), e);
    }
    await saved.save(ckpt);
    await saved.save(ckpt); // overwriting a checkpoint is atomic too
    const envState = envS.state();
    saved.dispose();

    const resumed = createIsacController(SPACES, SMALL, 7);
    await resumed.load(ckpt);
    const envR = new Rng(0);
    envR.restore(envState);
    // After: agent 2 joins (a slot created after the load), in a different order.
    for (let e = 90; e < 130; e++) {
      episode(uninterrupted, envU, ['cav.2', 'cav.1', 'cav.0'], e);
      episode(resumed, envR, ['cav.2', 'cav.1', 'cav.0'], e);
    }
    expect(resumed.pool.slotCount).toBe(3);
    expect(resumed.pool.slot(0).updates).toBe(90 + 40 - 63);
    expect(weightsOf(resumed)).toEqual(weightsOf(uninterrupted));
    const probe = Float32Array.of(0.1, -0.4, 0.7);
    expect(Array.from(resumed.act(IDS, probe, 'train'))).toEqual(Array.from(uninterrupted.act(IDS, probe, 'train')));
    uninterrupted.dispose();
    resumed.dispose();
  });

  it('refuses a checkpoint written with other hyper-parameters, or by another controller', async () => {
    const ckpt = join(dir, 'other');
    const a = createIsacController(SPACES, SMALL, 1);
    episode(a, new Rng(1), IDS, 0);
    await a.save(ckpt);
    const b = createIsacController(SPACES, { ...SMALL, batchSize: 32 }, 1);
    await expect(b.load(ckpt)).rejects.toThrow(CheckpointError);
    await expect(b.load(ckpt)).rejects.toThrow(/other hyper-parameters \(batchSize\)/);
    const { IdmController } = await import('../../src/agents/controllers/idm/controller.js');
    await expect(new IdmController().load(ckpt)).rejects.toThrow(/written by 'isac', not 'idm'/);
    a.dispose();
    b.dispose();
  });
});
