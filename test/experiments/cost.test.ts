// The dry run's cost estimate: steps from the schedule, cost per step with its fallbacks, the summary line.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimateLine, MEASURED_STEP_COSTS, runCost, runSteps, stepCostFor, sweepCost } from '../../src/experiments/cost.js';
import { definedBudgets, NoResultsError, pickBudget } from '../../src/experiments/budgets.js';
import type { SweepFile } from '../../src/experiments/schema.js';

describe('sweep cost estimate', () => {
  it('counts training and evaluation steps from the schedule and the scenario horizon', () => {
    // 20 training episodes, evaluations after 10 and 20 (2 episodes each), 100 steps each.
    expect(runSteps({ episodes: 20, evalEvery: 10, evalEpisodes: 2, horizon: 100 }, 1500)).toEqual({ train: 2000, eval: 400 });
    // The scenario's horizon when the run sets none; 15 episodes: evaluations after 10 and after the last.
    expect(runSteps({ episodes: 15, evalEvery: 10, evalEpisodes: 1, horizon: null }, 750)).toEqual({ train: 11_250, eval: 1500 });
  });

  it('prefers measured costs, then the table, then the controller on figure8, then the dearest', () => {
    const measured = new Map([['isac/figure8', { train: 1, eval: 0.5 }]]);
    expect(stepCostFor('isac', 'figure8', measured)).toEqual({ cost: { train: 1, eval: 0.5 }, source: 'results' });
    expect(stepCostFor('isac', 'merge').source).toBe('table');
    expect(stepCostFor('mbpo', 'merge')).toEqual({ cost: MEASURED_STEP_COSTS['mbpo/figure8'], source: 'table, same controller on figure8' });
    const dearest = stepCostFor('new-algo', 'town');
    expect(dearest.source).toBe('table, dearest controller');
    expect(dearest.cost.train).toBe(Math.max(...Object.values(MEASURED_STEP_COSTS).map((c) => c.train)));
  });

  it('sums core-hours, spreads them over the jobs, and never below the longest run', () => {
    const runs = [
      runCost('a', { train: 3600, eval: 0 }, { cost: { train: 1, eval: 1 }, source: 'table' }), // 1 h
      runCost('b', { train: 3600, eval: 3600 }, { cost: { train: 2, eval: 1 }, source: 'table, dearest controller' }), // 3 h
    ];
    const cost = sweepCost(runs, 4);
    expect(cost.coreHours).toBeCloseTo(4, 9);
    expect(cost.wallHours).toBeCloseTo(3, 9);
    expect(estimateLine(cost)).toBe('estimated: 2 runs, 4 core-hours (3 h with --jobs 4); 1 from a fallback cost, see docs/results.md');
    expect(estimateLine(sweepCost([], 2))).toBe('estimated: 0 runs, 0 core-hours (0 h with --jobs 2)');
  });
});

describe('budget of a reading command', () => {
  const sweep = { name: 'demo', budgets: { smoke: { episodes: 1 } } } as unknown as SweepFile;

  it('takes the budget with results, paper first, and says which exist and the cheap command when none has', () => {
    const out = mkdtempSync(join(tmpdir(), 'cavlab-budget-'));
    expect(definedBudgets(sweep)).toEqual(['smoke', 'paper']);
    expect(() => pickBudget(sweep, out, 'demo')).toThrow(NoResultsError);
    expect(() => pickBudget(sweep, out, 'demo')).toThrow(/budgets in the file: smoke, paper\); run the smoke budget first: cavlab sweep demo --budget smoke$/);
    mkdirSync(join(out, 'demo-smoke'));
    expect(pickBudget(sweep, out, 'demo')).toMatchObject({ budget: 'smoke', guessed: true });
    mkdirSync(join(out, 'demo'));
    expect(pickBudget(sweep, out, 'demo')).toMatchObject({ budget: 'paper', guessed: true });
    expect(pickBudget(sweep, out, 'demo', 'smoke')).toMatchObject({ budget: 'smoke', guessed: false });
  });
});
