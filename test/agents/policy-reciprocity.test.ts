import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommRecord, Transition } from '../../src/agents/controller.js';
import type { IsacController } from '../../src/agents/controllers/isac/controller.js';
import { createIsacController } from '../../src/agents/controllers/isac/controller.js';
import { adjacencyStates } from '../../src/agents/controllers/policy-reciprocity/adjacency.js';
import { parseReciprocityConfig, RECIPROCITY_DEFAULTS } from '../../src/agents/controllers/policy-reciprocity/config.js';
import type { ReciprocityConfig } from '../../src/agents/controllers/policy-reciprocity/config.js';
import { PolicyReciprocityController } from '../../src/agents/controllers/policy-reciprocity/controller.js';
import { criticMessage, criticMessageFloats, ReciprocalTarget } from '../../src/agents/controllers/policy-reciprocity/reciprocal-target.js';
import type { ReciprocitySettings } from '../../src/agents/controllers/policy-reciprocity/reciprocal-target.js';
import { controllerSpec, createController } from '../../src/agents/controllers/registry.js';
import type { ReplayBatch } from '../../src/agents/replay.js';
import { SAC_DEFAULTS } from '../../src/agents/sac/config.js';
import type { SacConfig } from '../../src/agents/sac/config.js';
import { SacCore } from '../../src/agents/sac/sac.js';
import { CavlabUsageError } from '../../src/errors.js';
import { selectBackend } from '../../src/nn/backend.js';
import { Rng } from '../../src/util/rng.js';
import { stepContext } from '../helpers/context.js';

const SPACES = { obsDim: 3, actionBounds: { low: [-2], high: [1] } };
const SAC_SMALL: Partial<SacConfig> = { actorHidden: [16, 16], criticHidden: [16, 16], batchSize: 16, learningStarts: 16, envStepsPerUpdate: 1, replayCapacity: 1000 };
const PR_SMALL = { ...SAC_SMALL, exchangeEvery: 3 };

function config(overrides: Record<string, unknown> = {}): ReciprocityConfig {
  return parseReciprocityConfig({ ...PR_SMALL, ...overrides }, 'policy-reciprocity');
}

function randomBatch(rng: Rng, n: number, obsDim = 3): ReplayBatch {
  const values = (k: number, low = -1, high = 1) => Float32Array.from({ length: k }, () => rng.uniform(low, high));
  return {
    size: n,
    obs: values(n * obsDim),
    actions: values(n, -2, 1),
    rewards: values(n),
    nextObs: values(n * obsDim),
    terminated: Float32Array.from({ length: n }, (_, k) => (k % 5 === 0 ? 1 : 0)),
  };
}

function allWeights(core: SacCore): number[] {
  const w = core.weights();
  return [...w.actor, ...w.critic1, ...w.critic2, ...w.target1, ...w.target2, w.logAlpha];
}

function settings(kappa: number, noise = 0, samples = 1, level = 1): ReciprocitySettings {
  return { kappa, sampling: { level, noise, samples } };
}

/** Three cars on a line, `gap` m apart; each observes (x/100, t, 1) and is rewarded for acting a = t·sign. */
const IDS = ['cav.0', 'cav.1', 'cav.2'];
function drive(controller: IsacController | PolicyReciprocityController, steps: number, gap: number, records: CommRecord[] = [], seed = 7, episode = 0): number {
  const env = new Rng(seed, episode);
  let updates = 0;
  for (let step = 0; step < steps; step++) {
    const obs = Float32Array.from(IDS.flatMap((_, i) => [(i * gap) / 100, env.uniform(-1, 1), 1]));
    const actions = controller.act(IDS, obs, 'train');
    const next = Float32Array.from(IDS.flatMap((_, i) => [(i * gap) / 100, env.uniform(-1, 1), 1]));
    const transitions: Transition[] = IDS.map((agentId, i) => ({
      agentId,
      obs: obs.slice(3 * i, 3 * i + 3),
      action: actions.slice(i, i + 1),
      reward: -(((actions[i] ?? 0) - (obs[3 * i + 1] ?? 0) * (i === 1 ? -1 : 1)) ** 2),
      nextObs: next.slice(3 * i, 3 * i + 3),
      terminated: false,
      truncated: false,
    }));
    controller.observe(transitions);
    const positions = new Map(IDS.map((id, i) => [id, { x: i * gap, y: 0 }]));
    updates += controller.update(stepContext({ step, episode, positions, communicationRange: 50 }, records));
  }
  return updates;
}

function poolWeights(controller: IsacController | PolicyReciprocityController): number[][] {
  return IDS.map((_, k) => allWeights(controller.pool.slot(k).core));
}

describe('policy-reciprocity config and registry', () => {
  it('defaults are SAC Table IV plus κ = 0.5, ρ = 1, σ = 0.05, |S#| = 1, a pull every 10 steps, scenario range, PRR 1', () => {
    expect(RECIPROCITY_DEFAULTS).toEqual({ ...SAC_DEFAULTS, kappa: 0.5, adjacencyLevel: 1, adjacencyNoise: 0.05, adjacencySamples: 1, exchangeEvery: 10, range: null, prr: 1 });
    const spec = controllerSpec('policy-reciprocity');
    expect(spec.parseConfig(undefined, 'pr')).toEqual(RECIPROCITY_DEFAULTS);
    expect(spec.parseConfig({ kappa: 0.3, range: 120, batchSize: 64 }, 'pr')).toMatchObject({ kappa: 0.3, range: 120, batchSize: 64, criticLr: 3e-4 });
  });

  it('bad hyper-parameters give one line naming the field and the value', () => {
    const message = (raw: unknown): string => {
      try {
        parseReciprocityConfig(raw, 'pr');
      } catch (error) {
        expect(error).toBeInstanceOf(CavlabUsageError);
        return (error as Error).message;
      }
      throw new Error('expected a config error');
    };
    expect(message({ kappa: 1.5 })).toBe('pr.kappa: must be a number in [0, 1], got 1.5');
    expect(message({ range: -3 })).toBe("pr.range: must be a range in m (≥ 0) or null (= the scenario's), got -3");
    expect(message({ prr: 2 })).toBe('pr.prr: must be a number in [0, 1], got 2');
    expect(message({ exchangeEvery: 0 })).toBe('pr.exchangeEvery: must be a positive integer, got 0');
    expect(message({ adjacencyNoise: -1 })).toBe(`pr.adjacencyNoise: must be a number in [0, ${Number.MAX_VALUE}], got -1`);
    expect(message({ beta: 1 })).toMatch(/^pr\.beta: is not a hyper-parameter of pr \(known: actorHidden, .*kappa, adjacencyLevel, .*prr\), got 1$/);
  });

  it('creates the controller with the figure-eight actor (68,098) and twin 6+1 → 256 → 256 → 1 critics (2 × 68,097)', () => {
    const figure8 = { obsDim: 6, actionBounds: { low: [-3], high: [3] } };
    const controller = createController('policy-reciprocity', figure8, undefined, 1);
    expect(controller).toBeInstanceOf(PolicyReciprocityController);
    expect(controller.policyParameters).toBe(68_098);
    expect((controller as PolicyReciprocityController).criticParameters).toBe(2 * 68_097);
    expect(criticMessageFloats(figure8, [256, 256])).toBe(2 * 68_097);
    controller.dispose();
  });
});

describe('adjacency states (Definition 2)', () => {
  it('each of |S#| samples per state differs from it in 1…ρ coordinates; σ = 0 copies the state; zeros stay zero', () => {
    const states = Float32Array.from([1, 2, 3, 4, 5, 0.5, -1, 0, 2, 3]);
    const rng = new Rng(3);
    const seenChanged = new Set<number>();
    for (let trial = 0; trial < 50; trial++) {
      const out = adjacencyStates(states, 5, { level: 3, noise: 0.1, samples: 4 }, rng);
      expect(out.length).toBe(2 * 4 * 5);
      for (let r = 0; r < 8; r++) {
        const source = states.subarray(Math.floor(r / 4) * 5, Math.floor(r / 4) * 5 + 5);
        const sample = out.subarray(r * 5, r * 5 + 5);
        let changed = 0;
        sample.forEach((v, k) => {
          if (v !== source[k]) changed += 1;
          expect(Math.abs(v - (source[k] ?? 0))).toBeLessThanOrEqual(0.6 * Math.abs(source[k] ?? 0));
        });
        expect(changed).toBeLessThanOrEqual(3);
        if (r < 4) {
          expect(changed).toBeGreaterThanOrEqual(1); // the first state has no zero coordinate
          seenChanged.add(changed);
        }
        if (r >= 4) expect(sample[2]).toBe(0);
      }
    }
    expect([...seenChanged].sort()).toEqual([1, 2, 3]);
    const first = [...states.subarray(0, 5)];
    const second = [...states.subarray(5)];
    expect(Array.from(adjacencyStates(states, 5, { level: 2, noise: 0, samples: 3 }, rng))).toEqual([...first, ...first, ...first, ...second, ...second, ...second]);
  });
});

describe('the reciprocal critic target (eq. 12)', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  const sac = { ...SAC_DEFAULTS, ...SAC_SMALL };
  const core = (seed: number): SacCore => new SacCore(SPACES, sac, new Rng(seed, 1000));

  it('κ = 0: the batch is unchanged and the SAC step is exactly plain SAC\'s (same batch, same seed)', () => {
    const [plain, pr, neighbour] = [core(5), core(5), core(6)];
    const target = new ReciprocalTarget(SPACES, sac, settings(0, 0.05));
    const draws = new Rng(1);
    const rng = new Rng(2);
    for (let step = 0; step < 5; step++) {
      const batch = randomBatch(rng, 16);
      const made = target.reciprocate(pr, batch, [criticMessage(neighbour)], draws);
      expect(made.batch).toBe(batch);
      expect(made.shift).toBe(0);
      pr.update(made.batch);
      plain.update(batch);
    }
    expect(allWeights(pr)).toEqual(allWeights(plain));
    for (const c of [plain, pr, neighbour]) c.dispose();
    target.dispose();
  });

  it('κ > 0, neighbours with the agent\'s own target critics, σ = 0: Z̄_N = Z_i, so Z* = Z_i and the step is plain SAC\'s', () => {
    // The average over 2 neighbours × |S#| = 2 identical values is exact in floating point.
    const [plain, pr] = [core(8), core(8)];
    const target = new ReciprocalTarget(SPACES, sac, settings(0.5, 0, 2, 2));
    const draws = new Rng(1);
    const rng = new Rng(3);
    for (let step = 0; step < 5; step++) {
      const batch = randomBatch(rng, 16);
      const own = criticMessage(pr);
      const made = target.reciprocate(pr, batch, [own, Float32Array.from(own)], draws);
      expect(made.batch).not.toBe(batch);
      // Exact on the pure-wasm path; with the OpenBLAS products the neighbours' stacked pass may round differently (~1e-10).
      expect(Math.abs(made.shift)).toBeLessThan(1e-6);
      made.batch.rewards.forEach((r, i) => expect(r).toBeCloseTo(batch.rewards[i] ?? Number.NaN, 6));
      pr.update(made.batch);
      plain.update(batch);
    }
    const [a, b] = [allWeights(pr), allWeights(plain)];
    expect(Math.max(...a.map((x, i) => Math.abs(x - (b[i] ?? Number.NaN))))).toBeLessThan(1e-5);
    plain.dispose();
    pr.dispose();
    target.dispose();
  });

  it('the shift r* − r = γ(1 − d)κ(Z̄_N − Z_i): linear in κ, zero at terminals, and Z̄_N averages the neighbours', () => {
    const [own, a, b] = [core(11), core(12), core(13)];
    const batch = randomBatch(new Rng(4), 32);
    const shifts = (kappa: number, critics: Float32Array[]): number[] => {
      const target = new ReciprocalTarget(SPACES, sac, settings(kappa, 0.05, 3));
      const made = target.reciprocate(own, batch, critics, new Rng(9));
      target.dispose();
      return Array.from(made.batch.rewards, (r, k) => r - (batch.rewards[k] ?? 0));
    };
    const [ma, mb] = [criticMessage(a), criticMessage(b)];
    const half = shifts(0.5, [ma]);
    const full = shifts(1, [ma]);
    half.forEach((s, k) => {
      expect(full[k]).toBeCloseTo(2 * s, 5);
      if (batch.terminated[k] === 1) expect(s).toBe(0);
    });
    expect(half.some((s) => Math.abs(s) > 1e-3)).toBe(true);
    // Same draws (a', S#) for every call: the pair's shift is the mean of the single-neighbour shifts.
    const both = shifts(0.5, [ma, mb]);
    const onlyB = shifts(0.5, [mb]);
    both.forEach((s, k) => expect(s).toBeCloseTo(((half[k] ?? 0) + (onlyB[k] ?? 0)) / 2, 5));
    // No tensor is left behind by a reciprocal batch (measured once the scratch critics exist: Mlp.create keeps
    // its initial-value tensors alive, an nn/ matter).
    const target = new ReciprocalTarget(SPACES, sac, settings(0.5, 0.05, 3));
    target.reciprocate(own, batch, [ma, mb], new Rng(9));
    const tensors = tf.memory().numTensors;
    target.reciprocate(own, batch, [ma, mb], new Rng(9));
    expect(tf.memory().numTensors).toBe(tensors);
    target.dispose();
    for (const c of [own, a, b]) c.dispose();
  });
});

describe('PolicyReciprocityController', () => {
  let dir: string;
  beforeAll(async () => {
    await selectBackend('wasm');
    dir = await mkdtemp(join(tmpdir(), 'cavlab-pr-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('in range (40 m < 50 m): pulls every exchangeEvery steps, records bytes = 4 × critic parameters × received, learns differently from isac', () => {
    const records: CommRecord[] = [];
    const pr = new PolicyReciprocityController(SPACES, config(), 3);
    const isac = createIsacController(SPACES, { ...SAC_DEFAULTS, ...SAC_SMALL }, 3);
    expect(drive(pr, 24, 40, records)).toBe(drive(isac, 24, 40));
    // Ready at the 16th transition: 9 steps per learner (updates 0…8), pulls before updates 0, 3, 6.
    expect(records.length).toBe(9);
    const params = pr.criticParameters;
    expect(params).toBe(2 * ((4 + 1) * 16 + 17 * 16 + 17));
    expect(criticMessage(pr.pool.slot(0).core).length).toBe(params);
    for (const r of records) {
      expect(r.kind).toBe('critics');
      // On a line 40 m apart in a 50 m range the middle car hears both others, the ends hear one.
      expect(r.neighbours).toBe(r.agent === 'cav.1' ? 2 : 1);
      expect(r.received).toBe(r.neighbours);
      expect(r.lost).toBe(0);
      expect(r.bytes).toBe(4 * params * r.received);
    }
    expect(poolWeights(pr)).not.toEqual(poolWeights(isac));
    const metrics = pr.episodeMetrics();
    expect(metrics.pr_pulls).toBe(9);
    expect(metrics.pr_critics).toBeCloseTo(4 / 3, 10);
    expect(Number.isFinite(metrics.pr_shift) && metrics.pr_shift !== 0).toBe(true);
    pr.dispose();
    isac.dispose();
  });

  it('neighbours out of range, or PRR 0: own target only — the learners equal isac\'s exactly', () => {
    const isac = createIsacController(SPACES, { ...SAC_DEFAULTS, ...SAC_SMALL }, 4);
    drive(isac, 22, 60);
    const far: CommRecord[] = [];
    const alone = new PolicyReciprocityController(SPACES, config(), 4);
    drive(alone, 22, 60, far);
    expect(poolWeights(alone)).toEqual(poolWeights(isac));
    expect(far.every((r) => r.neighbours === 0 && r.received === 0 && r.bytes === 0)).toBe(true);
    const lossy: CommRecord[] = [];
    const deaf = new PolicyReciprocityController(SPACES, config({ prr: 0, range: 130 }), 4);
    drive(deaf, 22, 60, lossy);
    expect(poolWeights(deaf)).toEqual(poolWeights(isac));
    expect(lossy.length).toBeGreaterThan(0);
    expect(lossy.every((r) => r.neighbours === 2 && r.lost === 2 && r.received === 0 && r.bytes === 0)).toBe(true);
    for (const c of [isac, alone, deaf]) c.dispose();
  });

  it('a config range overrides the scenario\'s; κ = 0 with critics received is exactly isac', () => {
    const isac = createIsacController(SPACES, { ...SAC_DEFAULTS, ...SAC_SMALL }, 5);
    drive(isac, 20, 60);
    const records: CommRecord[] = [];
    const pr = new PolicyReciprocityController(SPACES, config({ kappa: 0, range: 130 }), 5);
    drive(pr, 20, 60, records);
    expect(records.some((r) => r.neighbours === 2 && r.received === 2)).toBe(true);
    expect(poolWeights(pr)).toEqual(poolWeights(isac));
    isac.dispose();
    pr.dispose();
  });

  it('continues exactly after save and load at an episode boundary; refuses another config', async () => {
    const run = async (cut: boolean): Promise<number[][]> => {
      let pr = new PolicyReciprocityController(SPACES, config(), 6);
      drive(pr, 20, 30, [], 7, 0);
      pr.endEpisode(stepContext());
      pr.episodeMetrics();
      if (cut) {
        await pr.save(dir);
        pr.dispose();
        pr = new PolicyReciprocityController(SPACES, config(), 6);
        await pr.load(dir);
      }
      drive(pr, 12, 30, [], 7, 1);
      const out = poolWeights(pr);
      pr.dispose();
      return out;
    };
    expect(await run(true)).toEqual(await run(false));
    const other = new PolicyReciprocityController(SPACES, config({ kappa: 0.3 }), 6);
    await expect(other.load(dir)).rejects.toThrow(/other hyper-parameters \(kappa\)/);
    other.dispose();
  });
});
