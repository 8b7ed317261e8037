import { describe, expect, it } from 'vitest';
import { buildAdjacencyTable } from '../../src/tabular/adjacency.js';
import { DIGITAL_DEFAULTS } from '../../src/tabular/config.js';
import type { DigitalConfig } from '../../src/tabular/config.js';
import { localAutonomy } from '../../src/tabular/iql.js';
import { completeNeighbourhoods, reciprocityTarget, reciprocityUpdate } from '../../src/tabular/iql-pr.js';
import { runDigitalSeed } from '../../src/tabular/run-digital.js';
import type { DigitalEpisodeResult } from '../../src/tabular/run-digital.js';

// Three agents, 4 states × 2 actions each, laid out [(i·4 + s)·2 + a].
const tables = Float64Array.from([
  ...[1, 2, 3, 4, 5, 6, 7, 8], // agent 0
  ...[10, 20, 30, 40, 50, 60, 70, 80], // agent 1
  ...[-1, -2, -3, -4, -5, -6, -7, -8], // agent 2
]);
const adjacency = buildAdjacencyTable(4, 'binary', 1, 'softmax');

describe('Q* of eq. 6', () => {
  it('with κ = 1 is the plain average of the neighbours’ Q_j(s, a)', () => {
    expect(reciprocityTarget(tables, 4, 2, [0, 1, 2], adjacency, 2, 1, 1)).toBe((6 + 60 - 6) / 3);
    expect(reciprocityTarget(tables, 4, 2, [1, 2], adjacency, 0, 0, 1)).toBe((10 - 1) / 2);
  });

  it('with κ = 0 is the average of the neighbours’ Q♯_j(s, a), and mixes the two linearly in between', () => {
    // S♯(0) = {0, 1, 2} with weights (1, e⁻¹, e⁻¹)/(1 + 2e⁻¹); at a = 0 agent j's Q♯ = (Q_j(0,0) + e⁻¹(Q_j(1,0) + Q_j(2,0)))/Z.
    const z = 1 + 2 * Math.exp(-1);
    const sharp = (q0: number, q1: number, q2: number) => (q0 + Math.exp(-1) * (q1 + q2)) / z;
    const sharpMean = (sharp(1, 3, 5) + sharp(10, 30, 50) + sharp(-1, -3, -5)) / 3;
    const plainMean = (1 + 10 - 1) / 3;
    expect(reciprocityTarget(tables, 4, 2, [0, 1, 2], adjacency, 0, 0, 0)).toBeCloseTo(sharpMean, 12);
    expect(reciprocityTarget(tables, 4, 2, [0, 1, 2], adjacency, 0, 0, 0.3)).toBeCloseTo(0.3 * plainMean + 0.7 * sharpMean, 12);
  });

  it('eq. 5 adds β(Q* − Q) to the local autonomy value, which is eq. 1 rewritten', () => {
    const local = localAutonomy(2, 0.3, 1.5, 0.8, 4);
    expect(local).toBeCloseTo(2 + 0.3 * (1.5 + 0.8 * 4 - 2), 14); // eq. 1
    expect(reciprocityUpdate(local, 0.2, 10, 2)).toBeCloseTo(local + 0.2 * 8, 14);
    expect(reciprocityUpdate(local, 0, 10, 2)).toBe(local);
  });

  it('neighbourhoods are the complete graph, with or without the agent itself', () => {
    expect(completeNeighbourhoods(3, true).map((n) => Array.from(n))).toEqual([[0, 1, 2], [0, 1, 2], [0, 1, 2]]);
    expect(completeNeighbourhoods(3, false).map((n) => Array.from(n))).toEqual([[1, 2], [0, 2], [0, 1]]);
  });
});

describe('IQL+PR against IQL on the Digital environment', () => {
  const base: DigitalConfig = {
    ...DIGITAL_DEFAULTS,
    learning: { ...DIGITAL_DEFAULTS.learning, episodes: 40 },
    iql: { alpha0: 0.4 },
    pr: { ...DIGITAL_DEFAULTS.pr, alpha0: 0.4, beta0: 0 },
  };
  function run(config: DigitalConfig, algorithm: 'iql' | 'iql-pr') {
    const rows: DigitalEpisodeResult[] = [];
    const spec = algorithm === 'iql' ? { algorithm } : { algorithm, kappa: config.pr.kappa };
    const learner = runDigitalSeed(config, spec, 11, (r) => rows.push(r));
    return { q: Array.from(learner.q.values), returns: rows.map((r) => r.return_own) };
  }

  it('with β = 0 equals IQL exactly (same tables, same trajectories)', () => {
    const iql = run(base, 'iql');
    const pr = run(base, 'iql-pr');
    expect(pr.returns).toEqual(iql.returns);
    expect(pr.q.every((v, k) => v === iql.q[k])).toBe(true);
  });

  it('with β > 0 differs from IQL (so the test above can fail)', () => {
    const iql = run(base, 'iql');
    const pr = run({ ...base, pr: { ...base.pr, beta0: 0.3 } }, 'iql-pr');
    expect(pr.q.some((v, k) => v !== iql.q[k])).toBe(true);
  });
});
