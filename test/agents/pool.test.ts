import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Transition } from '../../src/agents/controller.js';
import { AgentPool } from '../../src/agents/pool.js';
import type { RuleDriver } from '../../src/agents/pool.js';
import type { BatchRule, RuleInput, RuleLearner } from '../../src/agents/learner-set.js';
import type { ReplayBatch } from '../../src/agents/replay.js';
import type { SacConfig } from '../../src/agents/sac/config.js';
import { selectBackend } from '../../src/nn/backend.js';
import { Rng } from '../../src/util/rng.js';

const SPACES = { obsDim: 3, actionBounds: { low: [-2], high: [1] } };
// updateAfter 0: ready at max(learningStarts, batch) as these tests count (the code's 2 × batch has its own test).
const SMALL: Partial<SacConfig> = { actorHidden: [16, 16], criticHidden: [16, 16], batchSize: 8, learningStarts: 20, updateAfter: 0, envStepsPerUpdate: 5, replayCapacity: 1000 };

function observations(rng: Rng, n: number, obsDim = 3): Float32Array {
  return Float32Array.from({ length: n * obsDim }, () => rng.uniform(-1, 1));
}

/** One step for `ids`: act in train, store a transition per agent, run due updates (with `driver` if given). */
function step(pool: AgentPool, ids: readonly string[], rng: Rng, driver?: RuleDriver): number {
  const obs = observations(rng, ids.length);
  const actions = pool.act(ids, obs, 'train');
  const transitions: Transition[] = ids.map((agentId, i) => ({
    agentId,
    obs: obs.slice(i * 3, i * 3 + 3),
    action: actions.slice(i, i + 1),
    reward: -Math.abs(actions[i] ?? 0),
    nextObs: observations(rng, 1),
    terminated: false,
    truncated: false,
  }));
  pool.observe(transitions);
  return pool.update(driver);
}

/** A batch rule that records what it sees, notes slot·10 + step, and scales the rewards. */
class RecordingRule implements BatchRule {
  readonly seen: [slot: number, step: number, messages: number][] = [];
  constructor(private readonly scale: number) {}

  prepare(slot: number, step: number, batch: ReplayBatch, _learner: RuleLearner, input: RuleInput | undefined, notes: number[]): ReplayBatch {
    this.seen.push([slot, step, input?.received.find(([at]) => at === step)?.[1].length ?? -1]);
    notes.push(10 * slot + step);
    return this.scale === 1 ? batch : { ...batch, rewards: batch.rewards.map((r) => this.scale * r) };
  }

  publish(learner: RuleLearner): Float32Array {
    return learner.core.getActorParams();
  }

  forget(): void {}
  dispose(): void {}
}

describe('AgentPool', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('one batched act equals each agent acting alone with its slot (deterministic phase)', () => {
    const pool = new AgentPool(SPACES, { ...SMALL, sharedInit: true }, 4);
    const ids = ['v3', 'v1', 'v7', 'v2'];
    const rng = new Rng(1);
    pool.act(ids, observations(rng, 4), 'eval');
    const obs = observations(rng, 4);
    const batched = pool.act(['v2', 'v7', 'v1', 'v3'], obs, 'eval');
    ['v2', 'v7', 'v1', 'v3'].forEach((id, i) => {
      const core = pool.slot(pool.slotOf(id) ?? -1).core;
      expect(batched[i]).toBeCloseTo(core.act(obs.slice(i * 3, i * 3 + 3), true)[0] ?? Number.NaN, 5);
    });
    // One shared initial weight set (the public RSM-MASAC code): the same action for one observation…
    const same = pool.act(ids, Float32Array.from({ length: 12 }, () => 0.5), 'eval');
    expect(new Set(same).size).toBe(1);
    // …and with sharedInit off, distinct initial policies give distinct actions.
    const own = new AgentPool(SPACES, SMALL, 4);
    expect(new Set(own.act(ids, Float32Array.from({ length: 12 }, () => 0.5), 'eval')).size).toBe(4);
    pool.dispose();
    own.dispose();
  });

  it('acts in the bounds; random before learningStarts, then from π; no tensors leak', () => {
    const pool = new AgentPool(SPACES, SMALL, 5);
    const rng = new Rng(2);
    for (let t = 0; t < 25; t++) step(pool, ['a', 'b'], rng);
    pool.act(['a', 'b', 'c'], observations(rng, 3), 'train'); // 'c' is new: its slot's networks are created here
    const before = tf.memory().numTensors;
    const actions = pool.act(['a', 'b', 'c'], observations(rng, 3), 'train');
    for (const a of actions) {
      expect(a).toBeGreaterThanOrEqual(-2);
      expect(a).toBeLessThanOrEqual(1);
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(() => pool.act(['a'], new Float32Array(4), 'train')).toThrow(/3 observation values/);
    pool.dispose();
  });

  it('each slot takes one update per block of envStepsPerUpdate transitions whose end finds its replay holding max(learningStarts, batch)', () => {
    const pool = new AgentPool(SPACES, SMALL, 6);
    const rng = new Rng(3);
    let total = 0;
    for (let t = 0; t < 50; t++) total += step(pool, t < 30 ? ['a', 'b'] : ['a', 'b', 'c'], rng);
    // Blocks of 5 end at transitions 5, 10, …; ready from 20: a and b update at 20, 25, …, 50 → 7; c (20
    // transitions) at its 20th → 1 (public code: every 10 steps, update if the buffer is ready).
    expect([0, 1, 2].map((k) => pool.slot(k).updates)).toEqual([7, 7, 1]);
    expect([0, 1, 2].map((k) => pool.slot(k).core.updateCount)).toEqual([7, 7, 1]);
    expect([0, 1, 2].map((k) => pool.slot(k).collected)).toEqual([50, 50, 20]);
    expect(total).toBe(15);
    const batchBound = new AgentPool(SPACES, { ...SMALL, learningStarts: 0, batchSize: 30 }, 6);
    for (let t = 0; t < 40; t++) step(batchBound, ['a'], rng);
    expect(batchBound.slot(0).updates).toBe(3); // ready at 30 transitions: blocks ending at 30, 35, 40
    pool.dispose();
    batchBound.dispose();
  });

  it('update(driver): the batch rule sees each sampled batch with the driver\'s input, learns from what it returns, and its notes come back', () => {
    const run = (scale: number | null): { weights: number[]; rule: RecordingRule | null; inputs: number[][]; notes: number[][] } => {
      let rule: RecordingRule | null = null;
      const pool = new AgentPool(SPACES, SMALL, 13, 'test', scale === null ? null : () => (rule = new RecordingRule(scale)));
      const inputs: number[][] = [];
      const notes: number[][] = [];
      const driver: RuleDriver = {
        input: (slot, steps) => {
          inputs.push([slot.index, slot.updates, steps]);
          // Slot 1 hears one message before its first step; slot 0 none.
          return slot.index === 1 ? { received: [[0, [new Float32Array(2)]]] } : null;
        },
        notes: (k, n) => notes.push([k, ...n]),
      };
      const rng = new Rng(4);
      for (let t = 0; t < 31; t++) step(pool, ['a', 'b'], rng, scale === null ? undefined : driver);
      const weights = [...pool.slot(0).core.getActorParams(), ...pool.slot(1).core.weights().critic1];
      if (scale === null) expect(() => pool.published([1])).toThrow(/no batch rule/);
      else expect(pool.published([1]).get(1)).toEqual(pool.slot(1).core.getActorParams());
      pool.dispose();
      return { weights, rule, inputs, notes };
    };
    const plain = run(null);
    const identity = run(1);
    expect(identity.weights).toEqual(plain.weights);
    // Ready at transition 20: blocks ending at 20, 25, 30 → one step per slot per update, in slot order.
    expect(identity.inputs).toEqual([[0, 0, 1], [1, 0, 1], [0, 1, 1], [1, 1, 1], [0, 2, 1], [1, 2, 1]]);
    expect(identity.rule?.seen).toEqual([[0, 0, -1], [1, 0, 1], [0, 0, -1], [1, 0, 1], [0, 0, -1], [1, 0, 1]]);
    expect(identity.notes).toEqual([[0, 0], [1, 10], [0, 0], [1, 10], [0, 0], [1, 10]]);
    expect(run(2).weights).not.toEqual(plain.weights);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const run = (seed: number): Float32Array => {
      const pool = new AgentPool(SPACES, SMALL, seed);
      const rng = new Rng(9);
      for (let t = 0; t < 40; t++) step(pool, ['a', 'b'], rng);
      const actor = pool.slot(1).core.getActorParams();
      pool.dispose();
      return actor;
    };
    const a = run(11);
    expect(Array.from(run(11))).toEqual(Array.from(a));
    expect(Array.from(run(12))).not.toEqual(Array.from(a));
  });

  it('stores terminated only for true terminals; a truncation keeps terminated = false and the real s\'', () => {
    const pool = new AgentPool(SPACES, SMALL, 2);
    pool.act(['a', 'b', 'c'], new Float32Array(9), 'train');
    const base = { obs: Float32Array.of(1, 2, 3), action: Float32Array.of(0.5), reward: 1 };
    pool.observe([
      { ...base, agentId: 'a', nextObs: Float32Array.of(4, 5, 6), terminated: true, truncated: false },
      { ...base, agentId: 'b', nextObs: Float32Array.of(7, 8, 9), terminated: false, truncated: true },
      { ...base, agentId: 'c', nextObs: Float32Array.of(1, 1, 1), terminated: true, truncated: true },
    ]);
    const stored = [0, 1, 2].map((k) => pool.slot(k).replay.state());
    expect(stored.map((r) => r.terminated[0])).toEqual([1, 0, 1]);
    expect(Array.from(stored[1]?.nextObs ?? [])).toEqual([7, 8, 9]);
    pool.dispose();
  });

  it('refuses transitions of an agent that never acted', () => {
    const pool = new AgentPool(SPACES, SMALL, 1);
    const t: Transition = { agentId: 'ghost', obs: new Float32Array(3), action: new Float32Array(1), reward: 0, nextObs: new Float32Array(3), terminated: false, truncated: true };
    expect(() => pool.observe([t])).toThrow(/ghost/);
    pool.dispose();
  });

  it('counts the figure-eight actor as 68,098 parameters, as the core does', () => {
    const pool = new AgentPool({ obsDim: 6, actionBounds: { low: [-3], high: [3] } }, {}, 1);
    expect(pool.actorParameterCount).toBe(68_098);
    pool.act(['x'], new Float32Array(6), 'eval');
    expect(pool.slot(0).core.actorParameterCount).toBe(68_098);
    pool.dispose();
  });
});

describe('benchPoolAct', () => {
  it('times batched, per-learner and single-learner action selection', async () => {
    await selectBackend('wasm');
    const { benchPoolAct, formatPoolActBench } = await import('../../src/bench/pool-act.js');
    const r = benchPoolAct({ learners: 3, calls: 5, warmup: 1, obsDim: 4 });
    for (const ms of [r.msBatched, r.msPerLearnerCalls, r.msSingleLearner]) expect(ms).toBeGreaterThan(0);
    expect(formatPoolActBench(r)).toContain('3 learners (train)');
  });
});
