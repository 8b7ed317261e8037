// The cost of a sweep's plan (`cavlab sweep --dry-run`): per-step costs measured on this machine — every
// episodes.csv under the results root, grouped by the controller and scenario of its run folder
// (`<algo>__<scenario>__…`), Σ wall_time / Σ steps per phase — over the table of src/experiments/cost.ts.
import { basename, dirname } from 'node:path';
import { findEpisodeFiles, num, parseRunId, readCsv } from '../plot/results.js';
import { knownFunctions } from '../env/functions.js';
import { loadManifest, resolveScenario } from '../scenarios/registry.js';
import { runCost, runSteps, stepCostFor, sweepCost } from './cost.js';
import type { RunCost, StepCost, SweepCost } from './cost.js';
import type { PlannedRun } from './grid.js';

interface Sums { trainTime: number; trainSteps: number; evalTime: number; evalSteps: number }

export async function localStepCosts(root: string): Promise<Map<string, StepCost>> {
  const sums = new Map<string, Sums>();
  for (const file of await findEpisodeFiles(root)) {
    const { algo, scenario, seed } = parseRunId(basename(dirname(file)));
    if (seed === null) continue;
    const { rows } = await readCsv(file).catch(() => ({ rows: [] }));
    const key = `${algo}/${scenario}`;
    const s = sums.get(key) ?? { trainTime: 0, trainSteps: 0, evalTime: 0, evalSteps: 0 };
    for (const row of rows) {
      const steps = num(row['steps']);
      const time = num(row['wall_time']);
      if (!(steps > 0) || !(time >= 0)) continue;
      if (row['phase'] === 'eval') {
        s.evalSteps += steps;
        s.evalTime += time;
      } else {
        s.trainSteps += steps;
        s.trainTime += time;
      }
    }
    sums.set(key, s);
  }
  const out = new Map<string, StepCost>();
  for (const [key, s] of sums) {
    // A phase never run borrows the other's cost (an evaluation is never dearer than training).
    if (s.trainSteps === 0) continue;
    const train = s.trainTime / s.trainSteps;
    out.set(key, { train, eval: s.evalSteps > 0 ? s.evalTime / s.evalSteps : train });
  }
  return out;
}

/** Cost of the runs still to do (not finished): steps from each run's schedule, cost per step as above. */
export async function planCost(runs: readonly PlannedRun[], jobs: number, resultsRoot: string): Promise<SweepCost> {
  const measured = await localStepCosts(resultsRoot);
  const scenarios = new Map<string, { name: string; horizon: number }>();
  const costs: RunCost[] = [];
  for (const run of runs) {
    let scenario = scenarios.get(run.config.scenario);
    if (!scenario) {
      // A scenario that does not load fails its run later (one line in index.csv); here it costs its own horizon or nothing.
      const manifest = await (async () => loadManifest(resolveScenario(run.config.scenario), knownFunctions()))().catch(() => null);
      scenario = manifest ? { name: manifest.name, horizon: manifest.horizon } : { name: run.config.scenario, horizon: 0 };
      scenarios.set(run.config.scenario, scenario);
    }
    costs.push(runCost(run.id, runSteps(run.config, scenario.horizon), stepCostFor(run.config.algo, scenario.name, measured)));
  }
  return sweepCost(costs, jobs);
}
