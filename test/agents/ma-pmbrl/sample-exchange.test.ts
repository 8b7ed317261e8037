import { beforeAll, describe, expect, it } from 'vitest';
import type { CommRecord, Transition } from '../../../src/agents/controller.js';
import { parseMaPmbrlConfig } from '../../../src/agents/controllers/ma-pmbrl/config.js';
import { createMaPmbrlController } from '../../../src/agents/controllers/ma-pmbrl/controller.js';
import type { MaPmbrlController } from '../../../src/agents/controllers/ma-pmbrl/controller.js';
import { ModelBasedController } from '../../../src/agents/models/model-based-controller.js';
import { floatsPerTransition, planExchange } from '../../../src/agents/controllers/ma-pmbrl/sample-exchange.js';
import { createController } from '../../../src/agents/controllers/registry.js';
import { LossyChannel } from '../../../src/comm/channel.js';
import { rangeGraph } from '../../../src/comm/range-graph.js';
import { selectBackend } from '../../../src/nn/backend.js';
import { Rng } from '../../../src/util/rng.js';
import { stepContext } from '../../helpers/context.js';

const IDS = ['cav.0', 'cav.1', 'cav.2', 'cav.3'];
const SPACES = { obsDim: 3, actionBounds: { low: [0], high: [10] } };
const FLOATS = floatsPerTransition(3, 1); // 2·3 + 1 + 1 = 8
const SMALL = {
  actorHidden: [8], criticHidden: [8], modelHidden: [8], modelFitSteps: 2, modelBatchSize: 16, batchSize: 16,
  learningStarts: 16, rolloutBatch: 4, rolloutLength: 2, pgdSteps: 2, pessimismBatch: 8,
};

/** Positions 0, 10, 20, 30 m along x. */
function line(spacing: number): Map<string, { x: number; y: number }> {
  return new Map(IDS.map((id, i) => [id, { x: i * spacing, y: 0 }]));
}

/** `steps` steps of random transitions for every agent. */
function runSteps(controller: MaPmbrlController, steps: number, rng: Rng): void {
  for (let t = 0; t < steps; t++) {
    const obs = Float32Array.from({ length: IDS.length * 3 }, () => rng.uniform(0, 1));
    const actions = controller.act(IDS, obs, 'train');
    const transitions: Transition[] = IDS.map((agentId, i) => ({
      agentId, obs: obs.slice(i * 3, i * 3 + 3), action: actions.slice(i, i + 1), reward: rng.uniform(0, 1),
      nextObs: Float32Array.from({ length: 3 }, () => rng.uniform(0, 1)), terminated: false, truncated: false,
    }));
    controller.observe(transitions);
    controller.update(stepContext({ step: t, positions: line(10) }));
  }
}

describe('sample exchange (eq. 3)', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('counts ⟨s, a, r, s′⟩ as 2·obsDim + |A| + 1 floats', () => {
    expect(FLOATS).toBe(8);
  });

  it('sends nothing at d = 0 (agents apart) and everything to everyone on a complete graph', () => {
    const participants = IDS.map((id, i) => ({ id, x: i * 10, y: 0, samples: 100 + i }));
    const none = planExchange(participants, rangeGraph(participants, 0), new LossyChannel(1, new Rng(1)), FLOATS);
    expect(none.deliveries).toEqual([]);
    expect(none.records.map((r) => [r.neighbours, r.samples, r.bytes])).toEqual(IDS.map(() => [0, 0, 0]));
    const all = planExchange(participants, rangeGraph(participants, 1000), new LossyChannel(1, new Rng(1)), FLOATS);
    expect(all.deliveries).toHaveLength(12);
    for (const [i, r] of all.records.entries()) {
      const others = participants.filter((_, j) => j !== i).reduce((n, p) => n + p.samples, 0);
      expect(r).toMatchObject({ kind: 'samples', neighbours: 3, requested: 3, received: 3, lost: 0, samples: others, bytes: others * FLOATS * 4 });
    }
  });

  it('loses about 1 − PRR of the messages and counts only what arrived', () => {
    const participants = Array.from({ length: 12 }, (_, i) => ({ id: `v${i}`, x: 0, y: i, samples: 10 }));
    const plan = planExchange(participants, rangeGraph(participants, 1000), new LossyChannel(0.5, new Rng(5)), FLOATS);
    const received = plan.records.reduce((n, r) => n + r.received, 0);
    const lost = plan.records.reduce((n, r) => n + r.lost, 0);
    expect(received + lost).toBe(12 * 11);
    expect(received / (12 * 11)).toBeGreaterThan(0.35);
    expect(received / (12 * 11)).toBeLessThan(0.65);
    for (const r of plan.records) expect(r.bytes).toBe(r.samples * FLOATS * 4);
  });

  it('the controller adds every neighbour episode to each D_E and records one comm row per agent', () => {
    const controller = createController('ma-pmbrl', SPACES, { ...SMALL, range: 1000 }, 3);
    if (!(controller instanceof ModelBasedController) || controller.id !== 'ma-pmbrl') throw new Error('not an MA-PMBRL controller');
    runSteps(controller, 20, new Rng(2));
    const records: CommRecord[] = [];
    controller.endEpisode(stepContext({ step: 19, positions: line(10) }, records));
    expect(records).toHaveLength(4);
    for (const r of records) expect(r).toMatchObject({ kind: 'samples', neighbours: 3, received: 3, samples: 60, bytes: 60 * FLOATS * 4 });
    for (let k = 0; k < 4; k++) expect(controller.agents.slot(k).real.size).toBe(80);
    const metrics = controller.episodeMetrics();
    expect(metrics.samples_received).toBe(240);
    expect(metrics.comm_bytes).toBe(240 * FLOATS * 4);
    expect(metrics.clique_cover).toBe(1);
    expect(metrics.pgd_kl).toBeLessThanOrEqual(0.1 + 1e-4);
    expect(Number.isFinite(metrics.model_loss)).toBe(true);
    // The agents never move in this test.
    expect(metrics.travel_distance).toBe(0);
    controller.dispose();
  });

  it('the controller sends nothing at d = 0', () => {
    const controller = createMaPmbrlController(SPACES, parseMaPmbrlConfig({ ...SMALL, range: 0 }, 'ma-pmbrl'), 3);
    runSteps(controller, 20, new Rng(2));
    const records: CommRecord[] = [];
    controller.endEpisode(stepContext({ step: 19, positions: line(10) }, records));
    expect(records.map((r) => r.samples + r.bytes + r.received)).toEqual([0, 0, 0, 0]);
    for (let k = 0; k < 4; k++) expect(controller.agents.slot(k).real.size).toBe(20);
    expect(controller.episodeMetrics().clique_cover).toBe(4);
    controller.dispose();
  });

  it('refuses bad hyper-parameters with one line', () => {
    expect(() => parseMaPmbrlConfig({ iterate: 'worst' }, 'ma-pmbrl')).toThrow(/^ma-pmbrl\.iterate: must be one of 'best', 'avg', 'final', got "worst"$/);
    expect(() => parseMaPmbrlConfig({ realRatio: 2 }, 'ma-pmbrl')).toThrow(/realRatio: must be a number in \[0, 1\]/);
    expect(() => createController('mbpo', SPACES, { elites: 9 }, 1)).toThrow(/^mbpo\.elites: must not exceed ensembleSize \(7\), got 9$/);
  });
});
