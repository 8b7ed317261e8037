// FIRL's consensus step: Metropolis–Hastings weights keep the mean of the learners' parameters when every learner of
// a graph holds its round at once; the controller runs rounds through the shared exchange machinery.
import { beforeAll, describe, expect, it } from 'vitest';
import type { CommRecord, Transition } from '../../src/agents/controller.js';
import { ConsensusStep, FIRL_DEFAULTS, consensusWeight } from '../../src/agents/controllers/firl/controller.js';
import { createController } from '../../src/agents/controllers/registry.js';
import type { PolicyExchangeController } from '../../src/agents/exchange/policy-exchange.js';
import { floatBytes } from '../../src/comm/channel.js';
import { selectBackend } from '../../src/nn/backend.js';
import { Rng } from '../../src/util/rng.js';
import { stepContext } from '../helpers/context.js';

/** A path a – b – c – d plus the chord b – d: degrees 1, 3, 2, 2. */
const GRAPH = new Map<string, string[]>([['a', ['b']], ['b', ['a', 'c', 'd']], ['c', ['b', 'd']], ['d', ['b', 'c']]]);

function consensusRound(params: Map<string, Float32Array>, transmit: (v: Float32Array) => Float32Array | null = (v) => Float32Array.from(v)): { next: Map<string, Float32Array>; outcomes: ReturnType<ConsensusStep['round']>[] } {
  const rule = new ConsensusStep<null>();
  const next = new Map<string, Float32Array>();
  const outcomes = [...GRAPH.keys()].map((agent) => rule.round({
    agent, slot: null, actor: Float32Array.from(params.get(agent) ?? []), setActor: (p) => void next.set(agent, p), neighbours: GRAPH.get(agent) ?? [],
    policies: params, transmit, rng: new Rng(0), degreeOf: (id) => (GRAPH.get(id) ?? []).length,
  }));
  return { next, outcomes };
}

describe('FIRL consensus step', () => {
  it('Metropolis–Hastings weights: w_ij = 1/(1 + max degree), symmetric', () => {
    expect(consensusWeight(1, 3)).toBe(0.25);
    expect(consensusWeight(3, 1)).toBe(consensusWeight(1, 3));
  });

  it('a round of every learner leaves the mean of the parameters unchanged and shrinks their spread', () => {
    const rng = new Rng(7);
    let params = new Map([...GRAPH.keys()].map((id) => [id, Float32Array.from({ length: 5 }, () => rng.uniform(-3, 3))]));
    const mean = (m: Map<string, Float32Array>, k: number) => [...m.values()].reduce((s, v) => s + (v[k] as number), 0) / m.size;
    const spread = (m: Map<string, Float32Array>) => [...m.values()].reduce((s, v) => s + v.reduce((t, x, k) => t + (x - mean(m, k)) ** 2, 0), 0);
    const before = Array.from({ length: 5 }, (_, k) => mean(params, k));
    const spreadBefore = spread(params);
    for (let round = 0; round < 30; round++) {
      const { next, outcomes } = consensusRound(params);
      for (const o of outcomes) expect(o).toMatchObject({ lost: 0, bytes: o.received * floatBytes(5) });
      for (let k = 0; k < 5; k++) expect(mean(next, k)).toBeCloseTo(before[k] as number, 5);
      params = next;
    }
    expect(spread(params)).toBeLessThan(1e-3 * spreadBefore);
  });

  it('a lost actor contributes nothing; with every message lost no learner changes', () => {
    const params = new Map([...GRAPH.keys()].map((id, i) => [id, Float32Array.of(i)]));
    const { next, outcomes } = consensusRound(params, () => null);
    expect(next.size).toBe(0);
    expect(outcomes.map((o) => o.lost)).toEqual([1, 3, 2, 2]);
  });
});

describe('FIRL controller', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('is registered with SAC + round fields, and holds consensus rounds every U policy updates (kind actors)', () => {
    expect(FIRL_DEFAULTS).toMatchObject({ updatesPerRound: 8, prr: 1, range: null });
    expect(() => createController('firl', { obsDim: 1, actionBounds: { low: [-1], high: [1] } }, { segments: 4 }, 0)).toThrow(/firl\.segments: is not a hyper-parameter/);
    const ids = ['cav.0', 'cav.1', 'cav.2'];
    const spaces = { obsDim: 1, actionBounds: { low: [-1], high: [1] } };
    const controller = createController('firl', spaces, { actorHidden: [8], criticHidden: [8], batchSize: 8, learningStarts: 8, updateAfter: 0, envStepsPerUpdate: 1, replayCapacity: 1000, updatesPerRound: 2 }, 1) as PolicyExchangeController;
    const positions = new Map(ids.map((id, i) => [id, { x: 10 * i, y: 0 }]));
    const env = new Rng(1, 1);
    const records: CommRecord[] = [];
    for (let t = 0; t < 20; t++) {
      const obs = Float32Array.from(ids, () => env.uniform(-1, 1));
      const actions = controller.act(ids, obs, 'train');
      const transitions: Transition[] = ids.map((agentId, i) => ({ agentId, obs: obs.slice(i, i + 1), action: actions.slice(i, i + 1), reward: -((actions[i] ?? 0) ** 2), nextObs: obs.slice(i, i + 1), terminated: true, truncated: false }));
      controller.observe(transitions);
      controller.update(stepContext({ step: t, positions }, records));
    }
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) expect(r).toMatchObject({ kind: 'actors', neighbours: 2, received: 2, bytes: 2 * floatBytes(controller.policyParameters) });
    controller.dispose();
  });
});
