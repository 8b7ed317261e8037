import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommRecord, Controller, Transition } from '../../../src/agents/controller.js';
import { MaPetsController } from '../../../src/agents/controllers/ma-pets/controller.js';
import { PETS_PLANNER } from '../../../src/agents/controllers/ma-pets/config.js';
import { controllerSpec, createController } from '../../../src/agents/controllers/registry.js';
import { ControllerConfigError } from '../../../src/agents/errors.js';
import { selectBackend } from '../../../src/nn/backend.js';
import { Rng } from '../../../src/util/rng.js';
import { stepContext } from '../../helpers/context.js';

const IDS = ['cav.0', 'cav.1'];
const SPACES = { obsDim: 2, actionBounds: { low: [-1], high: [1] } };
/** Tiny networks and planner: the test is about the schedule and exactness, not about the planner's quality. */
const SMALL = { modelHidden: [8], modelFitSteps: 5, modelBatchSize: 32, ensembleSize: 2, particles: 2, horizon: 3, population: 8, elites: 2, iterations: 2, range: 100 };
const H = 30;

/** A 1-D point mass per agent (s = (x, v), a = push, reward −x²); the agents end the episode 5 m apart (in range). */
function episode(controller: Controller, steps: number, rng: Rng, index: number, records: CommRecord[] = []): Float32Array[] {
  const acted: Float32Array[] = [];
  const state = IDS.map(() => [rng.uniform(-1, 1), 0]);
  for (let t = 0; t < steps; t++) {
    const obs = Float32Array.from(state.flat());
    const actions = controller.act(IDS, obs, 'train');
    acted.push(actions.slice());
    const transitions: Transition[] = IDS.map((agentId, i) => {
      const [x = 0, v = 0] = state[i] ?? [];
      const next = [x + 0.1 * v, 0.9 * v + 0.1 * (actions[i] ?? 0)];
      state[i] = next;
      return { agentId, obs: obs.slice(i * 2, i * 2 + 2), action: actions.slice(i, i + 1), reward: -x * x, nextObs: Float32Array.from(next), terminated: false, truncated: false };
    });
    controller.observe(transitions);
    controller.update(stepContext({ episode: index, step: t, horizon: H, positions: new Map(IDS.map((id, i) => [id, { x: i * 5 + t, y: 0 }])) }));
  }
  controller.endEpisode(stepContext({ episode: index, step: steps - 1, horizon: H, positions: new Map(IDS.map((id, i) => [id, { x: i * 5, y: 0 }])) }, records));
  return acted;
}

describe('ma-pets', () => {
  let dir: string;
  beforeAll(async () => {
    await selectBackend('wasm');
    dir = await mkdtemp(join(tmpdir(), 'cavlab-ma-pets-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('config: the cpu preset by default, PETS\'s published planner as the preset "pets", unknown fields refused in one line', () => {
    const spec = controllerSpec('ma-pets');
    expect(spec.parseConfig({}, 'ma-pets')).toMatchObject({ plannerPreset: 'cpu', horizon: 8, population: 30, elites: 3, iterations: 3, particles: 5, ensembleSize: 5, modelHidden: [256, 256, 256], modelBatchSize: 1000, replayCapacity: 20000, randomEpisodes: 1 });
    expect(spec.parseConfig({ plannerPreset: 'pets' }, 'ma-pets')).toMatchObject({ ...PETS_PLANNER, plannerPreset: 'pets' });
    expect(spec.parseConfig({ plannerPreset: 'pets', horizon: 12 }, 'ma-pets')).toMatchObject({ horizon: 12, population: 500 });
    expect(() => spec.parseConfig({ popsize: 500 }, 'ma-pets')).toThrow(ControllerConfigError);
    expect(() => spec.parseConfig({ popsize: 500 }, 'ma-pets')).toThrow(/^ma-pets\.popsize: is not a hyper-parameter/);
    expect(() => spec.parseConfig({ particles: 7 }, 'ma-pets')).toThrow(/ma-pets\.particles: must be a multiple of ensembleSize/);
    expect(() => spec.parseConfig({ plannerPreset: 'fast' }, 'ma-pets')).toThrow(/ma-pets\.plannerPreset/);
  });

  it('acts at random in the first episode, exchanges its samples within d and fits the ensembles at its end, then plans', () => {
    const controller = createController('ma-pets', SPACES, SMALL, 3);
    if (!(controller instanceof MaPetsController)) throw new Error('not MA-PETS');
    const records: CommRecord[] = [];
    episode(controller, H, new Rng(1), 0, records);
    expect(records.map((r) => [r.agent, r.kind, r.samples])).toEqual([['cav.0', 'samples', H], ['cav.1', 'samples', H]]);
    expect(controller.agents.slot(0).real.size).toBe(2 * H); // own + the neighbour's episode
    expect(controller.agents.slot(0).model.ready).toBe(true);
    expect(controller.episodeMetrics()).toMatchObject({ samples_received: 2 * H });
    expect(Number.isFinite(controller.episodeMetrics()['model_loss'])).toBe(true);
    const planned = episode(controller, 5, new Rng(2), 1);
    for (const a of planned) for (const v of a) expect(Math.abs(v)).toBeLessThanOrEqual(1);
    controller.dispose();
  });

  it('continues exactly after save/load: the same actions as an uninterrupted controller', async () => {
    const a = createController('ma-pets', SPACES, SMALL, 9);
    episode(a, H, new Rng(1), 0);
    episode(a, 10, new Rng(2), 1);
    await a.save(join(dir, 'ckpt'));
    const b = createController('ma-pets', SPACES, SMALL, 9);
    await b.load(join(dir, 'ckpt'));
    const fromA = episode(a, 10, new Rng(3), 2);
    const fromB = episode(b, 10, new Rng(3), 2);
    expect(fromB.map((x) => [...x])).toEqual(fromA.map((x) => [...x]));
    // And a planning episode after the next refit still agrees.
    expect(episode(b, 5, new Rng(4), 3).map((x) => [...x])).toEqual(episode(a, 5, new Rng(4), 3).map((x) => [...x]));
    await expect(createController('ma-pets', SPACES, { ...SMALL, horizon: 4 }, 9).load(join(dir, 'ckpt'))).rejects.toThrow(/other hyper-parameters \(horizon\)/);
    a.dispose();
    b.dispose();
  });

  it('learnerWorkers 2 and fitWorkers 2 (the planner\'s stacked passes half in each of two worker threads, the ensembles fitted two at a time) plan exactly as one thread, across save/load', { timeout: 60_000 }, async () => {
    const [one, two] = [1, 2].map((workers) => createController('ma-pets', SPACES, { ...SMALL, learnerWorkers: workers, fitWorkers: workers }, 11));
    const plans = (c: Controller | undefined, steps: number, seed: number, index: number) => (c === undefined ? [] : episode(c, steps, new Rng(seed), index).map((x) => [...x]));
    expect(plans(two, H, 1, 0)).toEqual(plans(one, H, 1, 0));
    const planned = plans(one, 10, 2, 1);
    expect(plans(two, 10, 2, 1)).toEqual(planned);
    expect(new Set(planned.flat()).size).toBeGreaterThan(5);
    await two?.save(join(dir, 'workers'));
    const three = createController('ma-pets', SPACES, { ...SMALL, learnerWorkers: 2, fitWorkers: 2 }, 11);
    await three.load(join(dir, 'workers'));
    const next = plans(one, 8, 3, 2);
    expect(plans(two, 8, 3, 2)).toEqual(next);
    expect(plans(three, 8, 3, 2)).toEqual(next);
    for (const c of [one, two, three]) c?.dispose();
  });
});
