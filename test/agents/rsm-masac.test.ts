// The Avg-MASAC and RSM-MASAC controllers on a tiny multi-agent task: rounds every U policy updates on the range
// graph, comm records and ρ/ψ metrics, the channel (PRR 0, range 0), Table IV defaults, exact continuation.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommRecord, Controller, Transition } from '../../src/agents/controller.js';
import { ActorAveraging, parseAvgMasacConfig } from '../../src/agents/controllers/avg-masac/controller.js';
import type { IsacController } from '../../src/agents/controllers/isac/controller.js';
import { createIsacController, parseIsacConfig } from '../../src/agents/controllers/isac/controller.js';
import { PolicyExchangeController } from '../../src/agents/exchange/policy-exchange.js';
import { RSM_MASAC_DEFAULTS, parseRsmMasacConfig } from '../../src/agents/controllers/rsm-masac/config.js';
import { createController } from '../../src/agents/controllers/registry.js';
import { ReplayBuffer } from '../../src/agents/replay.js';
import { SacCore } from '../../src/agents/sac/sac.js';
import { psiGigabytes } from '../../src/comm/channel.js';
import { selectBackend } from '../../src/nn/backend.js';
import { Rng } from '../../src/util/rng.js';
import { stepContext } from '../helpers/context.js';

// Agent i observes t ∈ [−1, 1] and should act SIGNS[i]·t (reward −(a − SIGNS[i]·t)², one-step episodes).
const IDS = ['cav.0', 'cav.1', 'cav.2', 'cav.3'];
const SIGNS = [1, 1, 1, -1];
const SPACES = { obsDim: 1, actionBounds: { low: [-1], high: [1] } };
/** 10 m apart on a line: everyone within the helper's default 100 m range. */
const POSITIONS = new Map(IDS.map((id, i) => [id, { x: 10 * i, y: 0 }]));
const SAC_SMALL = { actorHidden: [8], criticHidden: [8], batchSize: 8, learningStarts: 8, updateAfter: 0, envStepsPerUpdate: 1, replayCapacity: 1000, actorLr: 3e-3, criticLr: 3e-3 };
const AVG_SMALL = { ...SAC_SMALL, updatesPerRound: 2 };
const SMALL = { ...AVG_SMALL, advantageSamples: 8 };

function step(controller: Controller, env: Rng, t: number, records: CommRecord[], positions = POSITIONS, range = 100): number {
  const obs = Float32Array.from(IDS, () => env.uniform(-1, 1));
  const actions = controller.act(IDS, obs, 'train');
  const transitions: Transition[] = IDS.map((agentId, i) => ({
    agentId, obs: obs.slice(i, i + 1), action: actions.slice(i, i + 1), reward: -(((actions[i] ?? 0) - (SIGNS[i] ?? 1) * (obs[i] ?? 0)) ** 2),
    nextObs: obs.slice(i, i + 1), terminated: true, truncated: false,
  }));
  controller.observe(transitions);
  return controller.update(stepContext({ step: t, positions, communicationRange: range }, records));
}

function run(controller: Controller, steps: number, seed: number, options: { positions?: typeof POSITIONS; range?: number } = {}): CommRecord[] {
  const env = new Rng(seed, 1);
  const records: CommRecord[] = [];
  for (let t = 0; t < steps; t++) step(controller, env, t, records, options.positions, options.range);
  return records;
}

function actors(controller: PolicyExchangeController | IsacController): number[][] {
  return Array.from({ length: controller.pool.slotCount }, (_, k) => Array.from(controller.pool.slot(k).core.getActorParams()));
}

describe('RSM-MASAC and Avg-MASAC configs', () => {
  it('defaults are Table IV (U = 8, P = 4, κ = 3, M = 50, |Φ| = 256, η_π = 4e-5, ϱ = 1e-3) and lossless, scenario range', () => {
    expect(RSM_MASAC_DEFAULTS).toMatchObject({
      updatesPerRound: 8, segments: 4, replicas: 3, advantageSamples: 50, batchSize: 256, replayCapacity: 100_000, actorLr: 4e-5,
      criticLr: 3e-4, alphaLr: 3e-4, gamma: 0.99, tau: 1e-3, maxMixingWeight: 0.8, prr: 1, range: null,
    });
    expect(parseAvgMasacConfig(undefined, 'avg-masac')).toMatchObject({ updatesPerRound: 8, prr: 1, range: null, batchSize: 256 });
    expect(parseRsmMasacConfig({ segments: 1, range: 0, prr: 0.5, lostSegments: 'drop-replica' }, 'rsm-masac')).toMatchObject({ segments: 1, range: 0, prr: 0.5, lostSegments: 'drop-replica', replicas: 3 });
  });

  it('bad values are one-line usage errors naming the field', () => {
    expect(() => parseRsmMasacConfig({ prr: 1.5 }, 'rsm-masac')).toThrow('rsm-masac.prr: must be a number in [0, 1], got 1.5');
    expect(() => parseRsmMasacConfig({ range: -1 }, 'rsm-masac')).toThrow(/rsm-masac\.range: must be a range in m/);
    expect(() => parseRsmMasacConfig({ segments: 0 }, 'rsm-masac')).toThrow('rsm-masac.segments: must be a positive integer, got 0');
    expect(() => parseRsmMasacConfig({ lostSegments: 'retry' }, 'rsm-masac')).toThrow(/lostSegments: must be one of 'keep-own', 'drop-replica'/);
    expect(() => parseAvgMasacConfig({ segments: 4 }, 'avg-masac')).toThrow(/avg-masac\.segments: is not a hyper-parameter/);
    expect(() => parseAvgMasacConfig({ tau: 0 }, 'avg-masac')).toThrow('avg-masac.tau: must be a number in (0, 1], got 0');
  });
});

describe('RSM-MASAC controller', () => {
  let dir: string;
  beforeAll(async () => {
    await selectBackend('wasm');
    dir = await mkdtemp(join(tmpdir(), 'cavlab-rsm-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('holds a round every U policy updates per learner, with P_i = min(P, |Ω_i|) segments × κ_i replicas; ρ and ψ per episode', () => {
    const controller = createController('rsm-masac', SPACES, SMALL, 3) as PolicyExchangeController;
    expect(controller.metricColumns).toEqual(['rho_total', 'rho_ef', 'rho_r', 'psi_gb']);
    const records = run(controller, 40, 3);
    const n = controller.policyParameters;
    // Ready at the 8th transition: 33 updates each; rounds after updates 1, 3, …, 33 (the code's
    // iterations % U == 0, iterations from 0) → 17 rounds each.
    expect(controller.pool.slot(0).updates).toBe(33);
    expect(records).toHaveLength(4 * 17);
    for (const r of records) {
      // |Ω_i| = 3: P_i = 3 segments (the whole vector) from 3 distinct neighbours, κ_i = 3 replicas.
      expect(r).toMatchObject({ kind: 'segments', neighbours: 3, requested: 9, received: 9, lost: 0, replicas: 3, samples: 0, bytes: 3 * 4 * n });
      expect(r.mixed).toBeGreaterThanOrEqual(0);
      expect(r.mixed).toBeLessThanOrEqual(3);
    }
    const mixed = records.reduce((s, r) => s + r.mixed, 0);
    console.log(`rsm-masac tiny task: ${mixed} of ${3 * records.length} replicas mixed`);
    const metrics = controller.episodeMetrics();
    expect(metrics).toEqual({ rho_total: 3 * records.length, rho_ef: mixed, rho_r: mixed / (3 * records.length), psi_gb: psiGigabytes(3 * records.length, n) });
    expect(controller.episodeMetrics()).toEqual({ rho_total: 0, rho_ef: 0, rho_r: 0, psi_gb: 0 });
    controller.dispose();
  });

  it('PRR 0 with whole-message losses: no segment arrives, nothing is mixed, and the learners are exactly ISAC\'s', () => {
    const lossy = createController('rsm-masac', SPACES, { ...SMALL, prr: 0, lossModel: 'message' }, 4) as PolicyExchangeController;
    const isac = createIsacController(SPACES, parseIsacConfig(SAC_SMALL, 'isac'), 4);
    const records = run(lossy, 30, 4);
    run(isac, 30, 4);
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) expect(r).toMatchObject({ neighbours: 3, requested: 9, received: 0, lost: 9, replicas: 0, mixed: 0, bytes: 0 });
    expect(lossy.episodeMetrics()).toEqual({ rho_total: 0, rho_ef: 0, rho_r: 0, psi_gb: 0 });
    expect(actors(lossy)).toEqual(actors(isac));
    lossy.dispose();
    isac.dispose();
  });

  it('range 0 (config, over the scenario\'s): no neighbours, nothing requested', () => {
    const alone = createController('rsm-masac', SPACES, { ...SMALL, range: 0 }, 5) as PolicyExchangeController;
    const records = run(alone, 30, 5, { range: 1000 });
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) expect(r).toMatchObject({ neighbours: 0, requested: 0, received: 0, replicas: 0, mixed: 0, bytes: 0 });
    alone.dispose();
  });

  it('neighbours come from the range graph of the positions and the scenario range', () => {
    const far = new Map(IDS.map((id, i) => [id, { x: 100 * i, y: 0 }]));
    const controller = createController('rsm-masac', SPACES, SMALL, 6) as PolicyExchangeController;
    const records = run(controller, 20, 6, { positions: far, range: 150 });
    const byAgent = new Map(records.map((r) => [r.agent, r.neighbours]));
    expect(Object.fromEntries(byAgent)).toEqual({ 'cav.0': 1, 'cav.1': 2, 'cav.2': 2, 'cav.3': 1 });
    for (const r of records) expect(r.requested).toBe(r.neighbours * r.neighbours); // P_i = κ_i = |Ω_i| ≤ 3
    controller.dispose();
  });

  it('save → load → continue gives exactly the uninterrupted run (weights, comm records)', async () => {
    const ckpt = join(dir, 'latest');
    const whole = createController('rsm-masac', SPACES, { ...SMALL, prr: 0.7, lossModel: 'message' }, 8);
    const first = createController('rsm-masac', SPACES, { ...SMALL, prr: 0.7, lossModel: 'message' }, 8);
    const envW = new Rng(8, 1);
    const envF = new Rng(8, 1);
    const recW: CommRecord[] = [];
    const recR: CommRecord[] = [];
    for (let t = 0; t < 21; t++) {
      step(whole, envW, t, recW);
      step(first, envF, t, []);
    }
    await first.save(ckpt);
    first.dispose();
    const resumed = createController('rsm-masac', SPACES, { ...SMALL, prr: 0.7, lossModel: 'message' }, 8) as PolicyExchangeController;
    await resumed.load(ckpt);
    const cut = recW.length;
    for (let t = 21; t < 40; t++) {
      step(whole, envW, t, recW);
      step(resumed, envF, t, recR);
    }
    expect(recR).toEqual(recW.slice(cut));
    expect(recR.some((r) => r.lost > 0)).toBe(true);
    expect(actors(resumed)).toEqual(actors(whole as PolicyExchangeController));
    const other = createController('rsm-masac', SPACES, { ...SMALL, prr: 0.7, lossModel: 'message', segments: 2 }, 8);
    await expect(other.load(ckpt)).rejects.toThrow(/other hyper-parameters \(segments\)/);
    await expect(createController('avg-masac', SPACES, AVG_SMALL, 8).load(ckpt)).rejects.toThrow(/not written by 'avg-masac'/);
    for (const c of [whole, resumed, other]) c.dispose();
  });
});

describe('Avg-MASAC', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('replaces the actor by the plain average of its own and the received actors; bytes = 4 × |θ| per actor', () => {
    const core = new SacCore(SPACES, { actorHidden: [4], criticHidden: [4] }, new Rng(1));
    const n = core.actorParameterCount;
    core.setActorParams(new Float32Array(n).fill(3));
    const slot = { index: 0, core, replay: new ReplayBuffer({ capacity: 4, obsDim: 1, actionDim: 1 }), collected: 0, updates: 0 };
    const policies = new Map([['a', new Float32Array(n).fill(0)], ['b', new Float32Array(n).fill(6)], ['c', new Float32Array(n).fill(-9)]]);
    const lossOfC = (() => { let k = 0; return (v: Float32Array) => (++k !== 3 ? Float32Array.from(v) : null); })();
    const outcome = new ActorAveraging().round({ agent: 'me', slot, actor: core.getActorParams(), setActor: (p) => core.setActorParams(p), neighbours: ['a', 'b', 'c'], policies, transmit: lossOfC, rng: new Rng(1) });
    expect(outcome).toEqual({ requested: 3, received: 2, lost: 1, replicas: 2, mixed: 2, bytes: 2 * 4 * n });
    expect(Array.from(core.getActorParams()).every((v) => v === 3)).toBe(true); // (3 + 0 + 6) / 3
    core.setActorParams(new Float32Array(n).fill(1));
    new ActorAveraging().round({ agent: 'me', slot, actor: core.getActorParams(), setActor: (p) => core.setActorParams(p), neighbours: ['b'], policies, transmit: (v) => Float32Array.from(v), rng: new Rng(1) });
    expect(Array.from(core.getActorParams()).every((v) => v === 3.5)).toBe(true);
    core.dispose();
  });

  it('records "actors" rounds every U updates with ρ_r = 100 %', () => {
    const controller = createController('avg-masac', SPACES, AVG_SMALL, 9) as PolicyExchangeController;
    const records = run(controller, 40, 9);
    expect(records).toHaveLength(4 * 17);
    for (const r of records) expect(r).toMatchObject({ kind: 'actors', neighbours: 3, requested: 3, received: 3, replicas: 3, mixed: 3, bytes: 3 * 4 * controller.policyParameters });
    expect(controller.episodeMetrics()).toMatchObject({ rho_total: 3 * 68, rho_ef: 3 * 68, rho_r: 1 });
    controller.dispose();
  });
});

describe('RoundSchedule', () => {
  it('saves a dense state even when a later slot had its round first', async () => {
    const { RoundSchedule } = await import('../../src/agents/exchange/comm-rounds.js');
    const { AgentPool } = await import('../../src/agents/pool.js');
    const pool = new AgentPool(SPACES, SAC_SMALL, 1);
    pool.act(['a', 'b', 'c'], new Float32Array(3), 'eval');
    const schedule = new RoundSchedule(2, 1);
    expect(schedule.due(pool, ['a', 'b', 'c'])).toEqual([]);
    schedule.done(pool, 2);
    // Slots without a round yet hold 1 − U (their first policy update makes a round due).
    expect(schedule.state()).toEqual([-1, -1, 0]);
    expect(JSON.parse(JSON.stringify(schedule.state()))).toEqual([-1, -1, 0]);
    pool.dispose();
  });
});

describe('ρ and ψ accounting (Sec. VI-B)', () => {
  it('reproduces Table V from ρ_total with the 68,098-parameter policy: 1,626 → 0.412 GB, 29,270 → 7.425 GB', async () => {
    const { MixingCounters } = await import('../../src/agents/exchange/comm-rounds.js');
    const counters = new MixingCounters();
    counters.add(1_626, 711);
    const small = counters.take(68_098);
    expect(small.psi_gb.toFixed(3)).toBe('0.412');
    expect(small.rho_r).toBeCloseTo(711 / 1_626, 12);
    counters.add(29_270, 29_270);
    const large = counters.take(68_098);
    expect(large.psi_gb.toFixed(3)).toBe('7.425');
    expect(large).toMatchObject({ rho_total: 29_270, rho_ef: 29_270, rho_r: 1 });
  });
});
