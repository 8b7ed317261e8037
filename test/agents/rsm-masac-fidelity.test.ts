// RSM-MASAC as the published code ran it (issue 17): per-epoch update and communication counts of the code's schedule
// and of Alg. 1's, one shared initial weight set, gradient-norm clipping, advantage samples from the whole buffer, the
// parameter-level loss model and stochastic evaluation.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ActPhase, Transition } from '../../src/agents/controller.js';
import { ISAC_DEFAULTS } from '../../src/agents/controllers/isac/controller.js';
import { RoundSchedule } from '../../src/agents/exchange/comm-rounds.js';
import { RSM_MASAC_DEFAULTS } from '../../src/agents/controllers/rsm-masac/config.js';
import { advantageSamples } from '../../src/agents/controllers/rsm-masac/controller.js';
import { logProbOfTaken, preTanhActions } from '../../src/agents/controllers/rsm-masac/policy-density.js';
import { AgentPool } from '../../src/agents/pool.js';
import { ReplayBuffer } from '../../src/agents/replay.js';
import { clipGradients, gradientNorm } from '../../src/agents/sac/clip.js';
import { SAC_DEFAULTS, effectiveSchedule } from '../../src/agents/sac/config.js';
import type { SacConfig } from '../../src/agents/sac/config.js';
import { LossyChannel, zeroParameters } from '../../src/comm/channel.js';
import { selectBackend } from '../../src/nn/backend.js';
import { RUN_DEFAULTS, parseRunFields } from '../../src/runner/config.js';
import { Rng } from '../../src/util/rng.js';

const SPACES = { obsDim: 2, actionBounds: { low: [-3], high: [3] } };
/** Tiny networks, everything else the code's (batch 256, updates once the buffer holds > 512, 10 steps per update). */
const CODE: Partial<SacConfig> = { ...ISAC_DEFAULTS, actorHidden: [4], criticHidden: [4], replayCapacity: 5000 };
const HORIZON = 1500; // Figure 8's T
const U = RSM_MASAC_DEFAULTS.updatesPerRound;

/** Runs `epochs` of HORIZON steps for `ids`; returns per epoch each slot's gradient steps, policy steps and rounds. */
function epochs(config: Partial<SacConfig>, ids: readonly string[], count: number): { updates: number[]; policy: number[]; rounds: number[] }[] {
  const pool = new AgentPool(SPACES, config, 1);
  const schedule = new RoundSchedule(U, effectiveSchedule(pool.sac).policyDelay);
  const rng = new Rng(2);
  const out: { updates: number[]; policy: number[]; rounds: number[] }[] = [];
  let before = { updates: ids.map(() => 0), policy: ids.map(() => 0) };
  for (let e = 0; e < count; e++) {
    const rounds = ids.map(() => 0);
    for (let t = 0; t < HORIZON; t++) {
      const obs = Float32Array.from({ length: ids.length * 2 }, () => rng.uniform(-1, 1));
      const actions = pool.act(ids, obs, 'train');
      const transitions: Transition[] = ids.map((agentId, i) => ({
        agentId, obs: obs.slice(2 * i, 2 * i + 2), action: actions.slice(i, i + 1), reward: 0.1, nextObs: obs.slice(2 * i, 2 * i + 2), terminated: false, truncated: false,
      }));
      pool.observe(transitions);
      pool.update();
      for (const { slot } of schedule.due(pool, ids)) {
        rounds[slot] = (rounds[slot] ?? 0) + 1;
        schedule.done(pool, slot);
      }
    }
    const updates = ids.map((_, k) => pool.slot(k).updates);
    const policy = updates.map((u) => schedule.policyUpdates(u));
    out.push({ updates: updates.map((u, k) => u - (before.updates[k] ?? 0)), policy: policy.map((p, k) => p - (before.policy[k] ?? 0)), rounds });
    before = { updates, policy };
  }
  pool.dispose();
  return out;
}

describe('schedule (public code vs Alg. 1)', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it("the code's: one full update per 10 steps once the buffer holds > 512; a round after updates 1, 9, 17, …", () => {
    expect(CODE).toMatchObject({ envStepsPerUpdate: 10, policyDelay: 1, batchSize: 256, updateAfter: 512, learningStarts: 0, schedule: 'code' });
    const [first, second] = epochs(CODE, ['a', 'b'], 2);
    // Epoch 1: updates after steps 520, 530, …, 1500 → 99; rounds at iterations 0, 8, …, 96 → 13.
    expect(first).toEqual({ updates: [99, 99], policy: [99, 99], rounds: [13, 13] });
    // Epoch 2: 150 updates (iterations 99…248); rounds at 104, 112, …, 248 → 19.
    expect(second).toEqual({ updates: [150, 150], policy: [150, 150], rounds: [19, 19] });
  });

  it("Alg. 1 ('algorithm-1'): critics every env step, policy/α/targets every e = 10, a round every U policy updates", () => {
    expect(effectiveSchedule({ ...CODE, schedule: 'algorithm-1' } as SacConfig)).toEqual({ envStepsPerUpdate: 1, policyDelay: 10 });
    const [first] = epochs({ ...CODE, schedule: 'algorithm-1' }, ['a'], 1);
    // Critic steps at steps 513…1500 → 988; policy steps at critic steps 1, 11, …, 981 → 99; rounds after 1, 9, …, 97 → 13.
    expect(first).toEqual({ updates: [988], policy: [99], rounds: [13] });
  });
});

describe('one shared initial weight set', () => {
  it('every slot starts from slot 0’s initial actor and critics, also a slot made later and after a restore', async () => {
    const pool = new AgentPool(SPACES, CODE, 3);
    const rng = new Rng(4);
    const act = (ids: string[]) => pool.act(ids, Float32Array.from({ length: ids.length * 2 }, () => rng.uniform(-1, 1)), 'train');
    act(['a', 'b']);
    const initial = pool.slot(0).core.weights();
    // Train slot 0 a little, then make slot 2: it still starts from the initial weights, not slot 0's current ones.
    pool.slot(0).core.setActorParams(new Float32Array(initial.actor.length).fill(0.5));
    act(['a', 'b', 'c']);
    for (const k of [1, 2]) {
      const w = pool.slot(k).core.weights();
      expect(w.actor).toEqual(initial.actor);
      expect(w.critic1).toEqual(initial.critic1);
      expect(w.critic2).toEqual(initial.critic2);
      expect(w.target1).toEqual(initial.critic1);
    }
    // A pool restored from a checkpoint gives a new slot the same initial weights.
    const restored = new AgentPool(SPACES, CODE, 3);
    await restored.loadState(await pool.state());
    restored.act(['a', 'b', 'c', 'd'], new Float32Array(8), 'eval');
    expect(restored.slot(3).core.weights().actor).toEqual(initial.actor);
    // Without sharedInit each learner draws its own.
    const own = new AgentPool(SPACES, { ...CODE, sharedInit: false }, 3);
    own.act(['a', 'b'], new Float32Array(4), 'eval');
    expect(own.slot(1).core.getActorParams()).not.toEqual(own.slot(0).core.getActorParams());
    for (const p of [pool, restored, own]) p.dispose();
  });
});

describe('gradient-norm clipping', () => {
  it('scales a gradient whose norm exceeds max-norm to it (the code: × max / (norm + 1e-6)), leaves a small one alone', () => {
    const grads = [Float32Array.of(3, 0), Float32Array.of(4)]; // norm 5
    const clipped = clipGradients(grads, 0.5);
    expect(gradientNorm(clipped)).toBeCloseTo(0.5, 5);
    expect(gradientNorm(clipped)).toBeLessThanOrEqual(0.5);
    expect(Array.from(clipped[0] as Float32Array)).toEqual([Math.fround(3 * 0.5 / (5 + 1e-6)), 0]);
    expect(clipGradients(grads, 10)).toBe(grads);
    // Critics: cavlab's ½-MSE gradient is half the code's MSE gradient; measured in the code's units (× 2).
    expect(gradientNorm(clipGradients(grads, 0.5, 2))).toBeCloseTo(0.25, 5);
    expect(RSM_MASAC_DEFAULTS.gradClipNorm).toBe(0.5);
    expect(SAC_DEFAULTS.gradClipNorm).toBeNull(); // other papers' controllers keep the neutral core
  });
});

describe('advantage samples', () => {
  it('come from the whole buffer by default (public code: replay_buffer.sample(50)), not the newest M', () => {
    const replay = new ReplayBuffer({ capacity: 2000, obsDim: 1, actionDim: 1 });
    for (let i = 0; i < 1000; i++) replay.add([i], [0], 0, [i], false, -1);
    expect(RSM_MASAC_DEFAULTS).toMatchObject({ sampleChoice: 'uniform', advantageSamples: 50, importanceWeights: 'behaviour', clampLogProbs: true });
    const drawn = advantageSamples(replay, RSM_MASAC_DEFAULTS, new Rng(5));
    expect(drawn.size).toBe(50);
    expect(Math.min(...drawn.obs)).toBeLessThan(500); // the newest 50 are 950…999
    expect(Math.max(...drawn.obs) - Math.min(...drawn.obs)).toBeGreaterThan(500);
    expect(Array.from(drawn.behaviourLogProb ?? [])).toEqual(new Array(50).fill(-1));
    const recent = advantageSamples(replay, { sampleChoice: 'recent', advantageSamples: 50 }, new Rng(5));
    expect(Math.min(...recent.obs)).toBe(950);
  });
});

describe('behaviour log-prob stored at collection', () => {
  it('is log π(a|s) of the acting policy for the action taken (the squashed density), and the uniform one for random actions', () => {
    const pool = new AgentPool(SPACES, { ...CODE, learningStarts: 3 }, 10);
    const rng = new Rng(11);
    for (let t = 0; t < 8; t++) {
      const obs = Float32Array.from({ length: 2 }, () => rng.uniform(-1, 1));
      const action = pool.act(['a'], obs, 'train');
      pool.observe([{ agentId: 'a', obs, action, reward: 0, nextObs: obs, terminated: false, truncated: false }]);
    }
    const { core, replay } = pool.slot(0);
    const stored = replay.recent(8); // newest first
    const logProb = tf.tidy(() => logProbOfTaken(core.policy, core.actor.apply(tf.tensor2d(stored.obs, [8, 2])), tf.tensor2d(preTanhActions(core.policy, stored.actions), [8, 1])));
    const expected = logProb.dataSync();
    for (let k = 0; k < 5; k++) expect(stored.behaviourLogProb?.[k]).toBeCloseTo(expected[k] as number, 3);
    // The first 3 were uniform random actions on [−3, 3]: density 1/6.
    for (let k = 5; k < 8; k++) expect(stored.behaviourLogProb?.[k]).toBeCloseTo(-Math.log(6), 6);
    logProb.dispose();
    pool.dispose();
  });
});

describe('parameter-level packet loss (Fig. 14)', () => {
  it('zeroes each transmitted parameter with probability 1 − PRR; every message arrives', () => {
    const values = new Float32Array(100_000).fill(1);
    const zeroed = zeroParameters(values, 0.3, new Rng(6));
    expect(zeroed / values.length).toBeGreaterThan(0.29);
    expect(zeroed / values.length).toBeLessThan(0.31);
    expect(values.filter((v) => v === 0).length).toBe(zeroed);
    const channel = new LossyChannel(0.7, new Rng(7), 'parameter');
    const sent = new Float32Array(50_000).fill(2);
    const arrived = channel.transmit(sent);
    expect(arrived).not.toBeNull();
    const lost = (arrived as Float32Array).filter((v) => v === 0).length / sent.length;
    expect(lost).toBeGreaterThan(0.29);
    expect(lost).toBeLessThan(0.31);
    expect(sent.every((v) => v === 2)).toBe(true); // the sender's copy is untouched
    expect(RSM_MASAC_DEFAULTS.lossModel).toBe('parameter');
    // The message model loses whole messages instead.
    const messages = new LossyChannel(0, new Rng(8), 'message');
    expect(messages.transmit(sent)).toBeNull();
  });
});

describe('evaluation policy', () => {
  it('is stochastic by default: the runner samples π in eval episodes; deterministic on request', () => {
    expect(RUN_DEFAULTS.evalPolicy).toBe('stochastic');
    const parsed = parseRunFields({ algo: 'isac', scenario: 'figure8' }, 'x.json');
    expect(parsed.evalPolicy).toBe('stochastic');
    expect(parseRunFields({ algo: 'isac', scenario: 'figure8', evalPolicy: 'deterministic' }, 'x.json').evalPolicy).toBe('deterministic');
    expect(() => parseRunFields({ algo: 'isac', scenario: 'figure8', evalPolicy: 'greedy' }, 'x.json')).toThrow(/evalPolicy/);
    const pool = new AgentPool(SPACES, CODE, 9);
    const obs = Float32Array.of(0.3, -0.2);
    const act = (phase: ActPhase) => pool.act(['a'], obs, phase)[0];
    const mean = act('eval');
    expect(act('eval')).toBe(mean);
    const sampled = [act('eval-stochastic'), act('eval-stochastic'), act('eval-stochastic')];
    expect(new Set(sampled).size).toBe(3);
    expect(sampled).not.toContain(mean);
    pool.dispose();
  });
});
