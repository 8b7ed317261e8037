// The PPO family's controllers (ippo, avg-mappo, rsm-mappo) on a tiny multi-agent task: one PPO update per full
// rollout, rounds every U PPO updates with RSM-MASAC's accounting, the channel, config errors, exact continuation.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommRecord, Controller, Transition } from '../../../src/agents/controller.js';
import { createController } from '../../../src/agents/controllers/registry.js';
import { RSM_MAPPO_DEFAULTS, parseRsmMappoConfig } from '../../../src/agents/controllers/rsm-mappo/controller.js';
import type { PolicyExchangeController } from '../../../src/agents/exchange/policy-exchange.js';
import { PPO_DEFAULTS } from '../../../src/agents/ppo/config.js';
import type { PpoController } from '../../../src/agents/ppo/ppo-controller.js';
import { floatBytes } from '../../../src/comm/channel.js';
import { selectBackend } from '../../../src/nn/backend.js';
import { Rng } from '../../../src/util/rng.js';
import { stepContext } from '../../helpers/context.js';

// Agent i observes t ∈ [−1, 1] and should act SIGNS[i]·t (reward −(a − SIGNS[i]·t)², one-step episodes).
const IDS = ['cav.0', 'cav.1', 'cav.2', 'cav.3'];
const SIGNS = [1, 1, 1, -1];
const SPACES = { obsDim: 1, actionBounds: { low: [-1], high: [1] } };
const POSITIONS = new Map(IDS.map((id, i) => [id, { x: 10 * i, y: 0 }]));
/** Rollouts of 8 steps, 2 epochs of 2 minibatches: 4 gradient steps per PPO update. */
const PPO_SMALL = { actorHidden: [8], valueHidden: [8], rolloutLength: 8, epochs: 2, minibatchSize: 4, actorLr: 3e-3, valueLr: 3e-3 };
const MIX_SMALL = { ...PPO_SMALL, updatesPerRound: 2, advantageSamples: 8 };

function run(controller: Controller, steps: number, seed: number, range = 100): { records: CommRecord[]; taken: number } {
  const env = new Rng(seed, 1);
  const records: CommRecord[] = [];
  let taken = 0;
  for (let t = 0; t < steps; t++) {
    const obs = Float32Array.from(IDS, () => env.uniform(-1, 1));
    const actions = controller.act(IDS, obs, 'train');
    const transitions: Transition[] = IDS.map((agentId, i) => ({
      agentId, obs: obs.slice(i, i + 1), action: actions.slice(i, i + 1), reward: -(((actions[i] ?? 0) - (SIGNS[i] ?? 1) * (obs[i] ?? 0)) ** 2),
      nextObs: obs.slice(i, i + 1), terminated: true, truncated: false,
    }));
    controller.observe(transitions);
    taken += controller.update(stepContext({ step: t, positions: POSITIONS, communicationRange: range }, records));
  }
  return { records, taken };
}

function actors(controller: PpoController): number[][] {
  return Array.from({ length: controller.pool.slotCount }, (_, k) => Array.from(controller.pool.actor(k)));
}

describe('PPO family configs', () => {
  it('defaults: PPO\'s (ppo/README.md) with Table IV\'s U = 8, P = 4, κ = 3, M = 50; bad values are one-line errors', () => {
    expect(RSM_MAPPO_DEFAULTS).toMatchObject({ ...PPO_DEFAULTS, updatesPerRound: 8, segments: 4, replicas: 3, advantageSamples: 50, maxMixingWeight: 0.8, prr: 1, range: null });
    expect(() => parseRsmMappoConfig({ clipRange: 0 }, 'rsm-mappo')).toThrow(/rsm-mappo\.clipRange: must be a positive number/);
    expect(() => parseRsmMappoConfig({ entropyEstimate: 'gaussian' }, 'rsm-mappo')).toThrow(/rsm-mappo\.entropyEstimate: is not a hyper-parameter/);
    expect(() => createController('ippo', SPACES, { updatesPerRound: 2 }, 0)).toThrow(/ippo\.updatesPerRound: is not a hyper-parameter/);
    expect(() => createController('avg-mappo', SPACES, { maxGradNorm: 'no' }, 0)).toThrow(/avg-mappo\.maxGradNorm/);
  });
});

describe('PPO family controllers', () => {
  let dir: string;
  beforeAll(async () => {
    await selectBackend('wasm');
    dir = await mkdtemp(join(tmpdir(), 'cavlab-ppo-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('ippo: one PPO update per learner every T = rolloutLength steps, K epochs × minibatches gradient steps, no rounds', () => {
    const controller = createController('ippo', SPACES, PPO_SMALL, 1) as PpoController;
    const { records, taken } = run(controller, 20, 1);
    expect(records).toEqual([]);
    for (let k = 0; k < 4; k++) expect(controller.pool.slot(k).updates).toBe(2);
    expect(taken).toBe(4 * 2 * 2 * 2);
    expect(controller.policyParameters).toBe((1 + 1) * 8 + (8 + 1) * 2);
    const d = controller.diagnostics();
    expect(d.alpha).toBeNull();
    expect(Number.isFinite(d.actorLoss) && Number.isFinite(d.criticLoss) && Number.isFinite(d.entropy)).toBe(true);
    controller.dispose();
  });

  it('rsm-mappo: a round every U PPO updates, P_i × κ_i segment requests, bytes as RSM-MASAC counts them', () => {
    const controller = createController('rsm-mappo', SPACES, MIX_SMALL, 3) as PolicyExchangeController & PpoController;
    const { records } = run(controller, 40, 3);
    // 5 PPO updates each (steps 8, 16, …, 40); rounds after updates 1, 3, 5.
    expect(controller.pool.slot(0).updates).toBe(5);
    expect(records).toHaveLength(4 * 3);
    const n = controller.policyParameters;
    for (const r of records) {
      // |Ω_i| = 3: P_i = 3 segments per replica (the whole vector in 3 parts), κ_i = 3 replicas: 3 whole vectors' bytes.
      expect(r).toMatchObject({ kind: 'segments', neighbours: 3, requested: 9, received: 9, lost: 0, replicas: 3, samples: 0, bytes: 3 * floatBytes(n) });
    }
    const mixed = records.reduce((s, r) => s + r.mixed, 0);
    expect(controller.episodeMetrics()).toMatchObject({ rho_total: 3 * records.length, rho_ef: mixed });
    controller.dispose();
  });

  it('avg-mappo: every received actor is averaged in (ρ_r = 100 %); PRR 0 leaves the learners exactly IPPO\'s', () => {
    const avg = createController('avg-mappo', SPACES, { ...PPO_SMALL, updatesPerRound: 2 }, 4) as PpoController;
    const { records } = run(avg, 24, 4);
    expect(records.length).toBe(4 * 2);
    for (const r of records) expect(r).toMatchObject({ kind: 'actors', neighbours: 3, received: 3, replicas: 3, mixed: 3, bytes: 3 * floatBytes(avg.policyParameters) });
    avg.dispose();
    const lossy = createController('rsm-mappo', SPACES, { ...MIX_SMALL, prr: 0, lossModel: 'message' }, 5) as PpoController;
    const ippo = createController('ippo', SPACES, PPO_SMALL, 5) as PpoController;
    const lost = run(lossy, 24, 5).records;
    run(ippo, 24, 5);
    expect(lost.length).toBeGreaterThan(0);
    for (const r of lost) expect(r).toMatchObject({ received: 0, replicas: 0, mixed: 0, bytes: 0 });
    expect(actors(lossy)).toEqual(actors(ippo));
    lossy.dispose();
    ippo.dispose();
  });

  it('save → load into a fresh controller → continue gives exactly the uninterrupted run (mid-rollout)', async () => {
    const whole = createController('rsm-mappo', SPACES, MIX_SMALL, 6) as PpoController;
    const first = createController('rsm-mappo', SPACES, MIX_SMALL, 6) as PpoController;
    const wholeRecords = run(whole, 21, 6).records;
    const before = run(first, 13, 6).records; // 13 steps: the second rollout is half full
    await first.save(join(dir, 'rsm-mappo'));
    const second = createController('rsm-mappo', SPACES, MIX_SMALL, 6) as PpoController;
    await second.load(join(dir, 'rsm-mappo'));
    // The environment's draws continue where the first part left them: replay its 13 steps' draws.
    const env = new Rng(6, 1);
    for (let t = 0; t < 13 * IDS.length; t++) env.uniform(-1, 1);
    const records: CommRecord[] = [];
    for (let t = 13; t < 21; t++) {
      const obs = Float32Array.from(IDS, () => env.uniform(-1, 1));
      const actions = second.act(IDS, obs, 'train');
      second.observe(IDS.map((agentId, i) => ({
        agentId, obs: obs.slice(i, i + 1), action: actions.slice(i, i + 1), reward: -(((actions[i] ?? 0) - (SIGNS[i] ?? 1) * (obs[i] ?? 0)) ** 2),
        nextObs: obs.slice(i, i + 1), terminated: true, truncated: false,
      })));
      second.update(stepContext({ step: t, positions: POSITIONS }, records));
    }
    expect(actors(second)).toEqual(actors(whole));
    expect([...before, ...records]).toEqual(wholeRecords);
    await expect(createController('ippo', SPACES, PPO_SMALL, 6).load(join(dir, 'rsm-mappo'))).rejects.toThrow(/not written by 'ippo'/);
    for (const c of [whole, first, second]) c.dispose();
  });

  it('learnerWorkers 2 (updates in two worker threads) acts, updates and mixes exactly as one thread, for every PPO controller', { timeout: 60_000 }, () => {
    for (const [id, config] of [['ippo', PPO_SMALL], ['avg-mappo', { ...PPO_SMALL, updatesPerRound: 2 }], ['rsm-mappo', MIX_SMALL]] as const) {
      const [one, two] = [1, 2].map((learnerWorkers) => createController(id, SPACES, { ...config, learnerWorkers }, 9) as PpoController);
      const [a, b] = [one, two].map((c) => run(c as PpoController, 21, 9));
      expect(b?.taken, id).toBe(a?.taken);
      expect(b?.records, id).toEqual(a?.records);
      expect(actors(two as PpoController), id).toEqual(actors(one as PpoController));
      expect(two?.diagnostics(), id).toEqual(one?.diagnostics());
      expect(one?.pool.slot(3).updates, id).toBe(2);
      // The state the workers sent back is whole: value networks and Adam moments too.
      expect(two?.pool.state(), id).toEqual(one?.pool.state());
      for (const c of [one, two]) c?.dispose();
    }
    expect(() => createController('ippo', SPACES, { learnerWorkers: 3 }, 0)).toThrow(/^ippo\.learnerWorkers: must be one of 1, 2, got 3$/);
  });
});
