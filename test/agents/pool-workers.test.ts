// A pool whose learners live in two worker threads (learnerWorkers: 2) learns exactly what the one-thread pool
// learns for a fixed seed; checkpoints go through the workers; dispose ends them. The workers run the compiled
// dist/ (npm test builds first); with CAVLAB_NATIVE=0 both sides use pure wasm.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommRecord, Transition } from '../../src/agents/controller.js';
import { parseAvgMasacConfig } from '../../src/agents/controllers/avg-masac/controller.js';
import { createIsacController, parseIsacConfig } from '../../src/agents/controllers/isac/controller.js';
import { parseMaPmbrlConfig } from '../../src/agents/controllers/ma-pmbrl/config.js';
import { parseMbpoConfig } from '../../src/agents/controllers/mbpo/config.js';
import { parseReciprocityConfig } from '../../src/agents/controllers/policy-reciprocity/config.js';
import { parseRsmMasacConfig } from '../../src/agents/controllers/rsm-masac/config.js';
import { parseSvmixConfig } from '../../src/agents/controllers/svmix/config.js';
import { AgentPool } from '../../src/agents/pool.js';
import type { PoolState } from '../../src/agents/pool.js';
import { SAC_DEFAULTS } from '../../src/agents/sac/config.js';
import type { SacConfig } from '../../src/agents/sac/config.js';
import { selectBackend } from '../../src/nn/backend.js';
import { Rng } from '../../src/util/rng.js';
import { createController } from '../../src/agents/controllers/registry.js';
import { stepContext } from '../helpers/context.js';

const SPACES = { obsDim: 3, actionBounds: { low: [-2, -1], high: [1, 1] } };
const SMALL: SacConfig = { ...SAC_DEFAULTS, actorHidden: [16, 16], criticHidden: [16, 16], batchSize: 8, learningStarts: 20, envStepsPerUpdate: 5, replayCapacity: 1000 };
const TWO: SacConfig = { ...SMALL, learnerWorkers: 2 };

/** Agents over time: two, then a third joins (a new slot mid-run), then one leaves. */
function agentsAt(t: number): string[] {
  if (t < 30) return ['a', 'b'];
  if (t < 90) return ['c', 'a', 'b'];
  return ['b', 'c'];
}

/** One training step on each pool with the same observations; returns each pool's actions. */
function stepBoth(pools: readonly AgentPool[], t: number, rng: Rng): Float32Array[] {
  const ids = agentsAt(t);
  const obs = Float32Array.from({ length: ids.length * 3 }, () => rng.uniform(-1, 1));
  const next = Float32Array.from({ length: ids.length * 3 }, () => rng.uniform(-1, 1));
  return pools.map((pool) => {
    const actions = pool.act(ids, obs, 'train');
    const transitions: Transition[] = ids.map((agentId, i) => ({
      agentId,
      obs: obs.subarray(i * 3, i * 3 + 3),
      action: actions.slice(i * 2, i * 2 + 2),
      reward: -Math.abs(actions[i * 2] ?? 0) - (obs[i * 3] ?? 0),
      nextObs: next.subarray(i * 3, i * 3 + 3),
      terminated: t % 37 === 36,
      truncated: false,
    }));
    pool.observe(transitions);
    pool.update();
    return actions;
  });
}

function expectSameState(a: PoolState, b: PoolState): void {
  expect(b.slots.length).toBe(a.slots.length);
  a.slots.forEach((s, k) => {
    const t = b.slots[k];
    expect(t?.core.weights).toEqual(s.core.weights);
    expect(t?.core.actorOptimizer).toEqual(s.core.actorOptimizer);
    expect(t?.core.criticOptimizer).toEqual(s.core.criticOptimizer);
    expect(t?.core.rng).toEqual(s.core.rng);
    expect(t?.replay).toEqual(s.replay);
    expect(t?.sampler).toEqual(s.sampler);
    expect(t?.actNoise).toEqual(s.actNoise);
    expect([t?.collected, t?.updates, t?.sinceUpdate]).toEqual([s.collected, s.updates, s.sinceUpdate]);
  });
}

async function untilExited(pool: AgentPool): Promise<void> {
  for (let i = 0; i < 100 && pool.learnerThreads > 0; i++) await new Promise((r) => setTimeout(r, 20));
}

describe('AgentPool with learners in two worker threads', () => {
  const dirs: string[] = [];
  beforeAll(async () => {
    await selectBackend('wasm');
  });
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('acts and learns exactly as the one-thread pool (same actions every step, same parameters after)', async () => {
    const one = new AgentPool(SPACES, SMALL, 11);
    const two = new AgentPool(SPACES, TWO, 11);
    const rng = new Rng(5);
    for (let t = 0; t < 120; t++) {
      const [a, b] = stepBoth([one, two], t, rng);
      expect(b).toEqual(a);
    }
    expect([0, 1, 2].map((k) => two.slot(k).updates)).toEqual([0, 1, 2].map((k) => one.slot(k).updates));
    expect(one.slot(0).updates).toBeGreaterThan(10);
    const evalObs = Float32Array.from({ length: 9 }, (_, i) => Math.sin(i));
    expect(two.act(['a', 'b', 'c'], evalObs, 'eval')).toEqual(one.act(['a', 'b', 'c'], evalObs, 'eval'));
    expectSameState(await one.state(), await two.state());
    expect(() => two.slot(0).core).toThrow(/learner worker/);
    // No batch rule for a pool built without a controller: asking its workers for published parameters says so.
    expect(() => two.published([0])).toThrow(/no batch rule/);
    one.dispose();
    two.dispose();
  });

  it("at schedule 'algorithm-1' (critic-only steps send no actor back) acts and learns exactly as one thread", async () => {
    const every: Partial<SacConfig> = { schedule: 'algorithm-1' };
    const one = new AgentPool(SPACES, { ...SMALL, ...every }, 14);
    const two = new AgentPool(SPACES, { ...TWO, ...every }, 14);
    const rng = new Rng(8);
    for (let t = 0; t < 120; t++) {
      const [a, b] = stepBoth([one, two], t, rng);
      expect(b).toEqual(a);
    }
    // Critics every step once the replay is ready: many steps, a tenth of them policy steps.
    expect(one.slot(0).updates).toBeGreaterThan(50);
    expectSameState(await one.state(), await two.state());
    one.dispose();
    two.dispose();
  });

  it('a checkpoint continues exactly through the workers, from either layout', async () => {
    const one = new AgentPool(SPACES, SMALL, 12);
    const two = new AgentPool(SPACES, TWO, 12);
    const rng = new Rng(6);
    for (let t = 0; t < 60; t++) stepBoth([one, two], t, rng);
    const saved = await two.state();
    expectSameState(await one.state(), saved);
    const fromTwo = new AgentPool(SPACES, TWO, 12);
    await fromTwo.loadState(saved);
    const fromOne = new AgentPool(SPACES, TWO, 12);
    await fromOne.loadState(await one.state());
    for (let t = 60; t < 110; t++) {
      const [a, ...rest] = stepBoth([one, two, fromTwo, fromOne], t, rng);
      for (const r of rest) expect(r).toEqual(a);
    }
    const reference = await one.state();
    for (const pool of [two, fromTwo, fromOne]) expectSameState(reference, await pool.state());
    for (const pool of [one, two, fromTwo, fromOne]) pool.dispose();
  });

  it('isac saves and loads through the workers; dispose leaves no worker running', async () => {
    const isac = createIsacController(SPACES, TWO, 13);
    const rng = new Rng(7);
    for (let t = 0; t < 40; t++) stepBoth([isac.pool], t, rng);
    expect(isac.pool.learnerThreads).toBe(2);
    const dir = await mkdtemp(join(tmpdir(), 'cavlab-workers-'));
    dirs.push(dir);
    await isac.save(dir);
    const resumed = createIsacController(SPACES, TWO, 13);
    await resumed.load(dir);
    expectSameState(await isac.pool.state(), await resumed.pool.state());
    const pools = [isac.pool, resumed.pool];
    isac.dispose();
    resumed.dispose();
    for (const pool of pools) {
      await untilExited(pool);
      expect(pool.learnerThreads).toBe(0);
    }
  });

  it('a worker\'s failure comes back as a one-line PoolError, a bad transition is refused before it is sent', async () => {
    const one = new AgentPool(SPACES, SMALL, 14);
    const rng = new Rng(8);
    for (let t = 0; t < 25; t++) stepBoth([one], t, rng);
    const saved = await one.state();
    const first = saved.slots[0];
    if (first === undefined) throw new Error('no slot');
    const broken = { ...saved, slots: [{ ...first, core: { ...first.core, weights: { ...first.core.weights, actor: new Float32Array(5) } } }, ...saved.slots.slice(1)] };
    const two = new AgentPool(SPACES, TWO, 14);
    await expect(two.loadState(broken)).rejects.toThrow(/^learner worker 0: .*5/);
    two.dispose();
    const fresh = new AgentPool(SPACES, TWO, 14);
    fresh.act(['a'], new Float32Array(3), 'train');
    const bad = { agentId: 'a', obs: new Float32Array(2), action: new Float32Array(2), reward: 0, nextObs: new Float32Array(3), terminated: false, truncated: false };
    expect(() => fresh.observe([bad])).toThrow(/observation length 2\/3/);
    expect(fresh.slot(0).collected).toBe(0);
    fresh.dispose();
    one.dispose();
  });

  /** Runs `id` with one thread and with two learner workers on the same steps; both must act and record alike. */
  function sameInBothLayouts(id: string, config: Record<string, unknown>, steps: number): CommRecord[] {
    const [one, two] = [1, 2].map((learnerWorkers) => createController(id, SPACES, { ...config, learnerWorkers }, 15));
    if (one === undefined || two === undefined) throw new Error('no controller');
    const records: CommRecord[][] = [[], []];
    const rng = new Rng(9);
    for (let t = 0; t < steps; t++) {
      const ids = agentsAt(t);
      const obs = Float32Array.from({ length: ids.length * 3 }, () => rng.uniform(-1, 1));
      const next = Float32Array.from({ length: ids.length * 3 }, () => rng.uniform(-1, 1));
      const positions = new Map(ids.map((id, i) => [id, { x: 10 * i, y: 0 }]));
      const actions = [one, two].map((c, n) => {
        const a = c.act(ids, obs, 'train');
        c.observe(ids.map((agentId, i) => ({ agentId, obs: obs.subarray(i * 3, i * 3 + 3), action: a.slice(i * 2, i * 2 + 2), reward: -(obs[i * 3] ?? 0), nextObs: next.subarray(i * 3, i * 3 + 3), terminated: false, truncated: false })));
        c.update(stepContext({ step: t, positions, communicationRange: 50 }, records[n]));
        return a;
      });
      expect(actions[1], `step ${t}`).toEqual(actions[0]);
    }
    expect(records[0]?.length).toBeGreaterThan(0);
    expect(records[1]).toEqual(records[0]);
    expect(two.episodeMetrics?.()).toEqual(one.episodeMetrics?.());
    one.dispose();
    two.dispose();
    return records[0] ?? [];
  }

  it('avg-masac and firl with their learners in two workers mix and act exactly as in one thread (rounds through the learner set)', () => {
    sameInBothLayouts('avg-masac', { ...SMALL, updatesPerRound: 2 }, 80);
    sameInBothLayouts('firl', { ...SMALL, updatesPerRound: 2 }, 80);
  });

  it('rsm-masac with its learners in two workers: each round runs in its learner\'s worker, with the same draws, mixes and actions as in one thread', () => {
    // PRR 0.7 per parameter: the channel draws from the round RNG too, which travels to the worker and back.
    const records = sameInBothLayouts('rsm-masac', { ...SMALL, updatesPerRound: 2, segments: 2, replicas: 2, advantageSamples: 8, prr: 0.7, lossModel: 'parameter' }, 110);
    expect(records.some((r) => r.mixed > 0)).toBe(true);
  });

  it('policy-reciprocity with its learners in two workers: pulls, lossy critics, reciprocal targets and actions as in one thread (its batch rule runs where each learner lives)', () => {
    // Range 50 m with agents 10 m apart: everyone hears everyone; PRR 0.7 drops some critics; a pull every 2 steps.
    const records = sameInBothLayouts('policy-reciprocity', { ...SMALL, exchangeEvery: 2, prr: 0.7, range: 50 }, 110);
    expect(records.some((r) => r.kind === 'critics' && r.received > 0)).toBe(true);
    expect(records.some((r) => r.lost > 0)).toBe(true);
  });

  it('learnerWorkers is 1 or 2 for isac, avg-masac, rsm-masac, policy-reciprocity, mbpo and ma-pmbrl; a controller without learners refuses it in one line', () => {
    expect(parseIsacConfig({ learnerWorkers: 2 }, 'isac').learnerWorkers).toBe(2);
    expect(parseReciprocityConfig({ learnerWorkers: 2 }, 'policy-reciprocity').learnerWorkers).toBe(2);
    expect(parseAvgMasacConfig({ learnerWorkers: 2 }, 'avg-masac').learnerWorkers).toBe(2);
    expect(parseRsmMasacConfig({ learnerWorkers: 2 }, 'rsm-masac').learnerWorkers).toBe(2);
    expect(parseMbpoConfig({ learnerWorkers: 2 }, 'mbpo').learnerWorkers).toBe(2);
    expect(parseMaPmbrlConfig({ learnerWorkers: 2 }, 'ma-pmbrl').learnerWorkers).toBe(2);
    expect(parseIsacConfig(undefined, 'isac').learnerWorkers).toBe(1);
    expect(parseMaPmbrlConfig(undefined, 'ma-pmbrl').learnerWorkers).toBe(1);
    expect(() => parseIsacConfig({ learnerWorkers: 3 }, 'isac')).toThrow(/^isac\.learnerWorkers: must be one of 1, 2, got 3$/);
    expect(() => parseMaPmbrlConfig({ learnerWorkers: 3 }, 'ma-pmbrl')).toThrow(/^ma-pmbrl\.learnerWorkers: must be one of 1, 2, got 3$/);
    expect(() => parseSvmixConfig({ learnerWorkers: 2 }, 'svmix')).toThrow(/^svmix\.learnerWorkers: is not a hyper-parameter of svmix .*got 2$/);
  });
});
