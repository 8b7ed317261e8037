// What a sweep will cost before it runs (`cavlab sweep --dry-run`): environment steps per run from its schedule,
// times a measured wall-clock cost per step of its controller on its scenario, summed into core-hours.
// Per-step costs come, in this order, from finished runs under the results root on this machine (episodes.csv:
// wall_time / steps per phase), else from MEASURED_STEP_COSTS below, else the dearest entry of that table.
import type { RunConfig } from '../runner/config.js';
import { schedule } from '../runner/schedule.js';
import measuredStepCosts from './step-costs.json' with { type: 'json' };

/** Wall-clock seconds per environment step on one core, training and evaluation episodes. */
export interface StepCost {
  readonly train: number;
  readonly eval: number;
}

/**
 * `<algo>/<scenario>` → cost (step-costs.json), measured on 2026-12-05 on the 2-vCPU development machine (wasm+openblas, one BLAS
 * thread, other jobs sharing the cores): Σ wall_time / Σ steps per phase of each run's episodes.csv. figure8
 * idm/isac/rsm-masac: the quickstart's smoke sweep (`cavlab sweep quickstart-sweep --budget smoke --jobs 1`, 2 seeds ×
 * 5 training + 5 evaluation episodes of 500 steps, mean of the seeds); the others: one training and one evaluation
 * episode of 500 steps (sweeps with `episodes: 1, horizon: 500, evalEvery: 1`, `--jobs 1`). A learner updates only
 * after its first 256 transitions, so a single 500-step episode understates the steady training cost (isac on
 * figure8: 1 episode ≈ 0.012, 5 episodes 0.012–0.021 s/step). See docs/results.md, "Cost estimates".
 */
export const MEASURED_STEP_COSTS: Readonly<Record<string, StepCost>> = measuredStepCosts;

export type CostSource = 'results' | 'table' | 'table, same controller on figure8' | 'table, dearest controller';

export interface RunCost {
  readonly id: string;
  readonly steps: { readonly train: number; readonly eval: number };
  readonly cost: StepCost;
  readonly source: CostSource;
  /** Core-seconds of the run. */
  readonly seconds: number;
}

export interface SweepCost {
  readonly runs: number;
  readonly coreHours: number;
  /** Hours of wall clock with `jobs` runs at once: the larger of the even share and the longest run. */
  readonly wallHours: number;
  readonly jobs: number;
  /** Runs whose cost came from a fallback (no measurement of their controller on their scenario). */
  readonly roughRuns: number;
}

/** Environment steps of a run by phase: its schedule's episodes × the horizon (the scenario's when unset). */
export function runSteps(config: Pick<RunConfig, 'episodes' | 'evalEvery' | 'evalEpisodes' | 'horizon' | 'testOnly'>, scenarioHorizon: number): { train: number; eval: number } {
  const horizon = config.horizon ?? scenarioHorizon;
  const episodes = schedule({ ...config, seed: 0 });
  const train = episodes.filter((e) => e.phase === 'train').length;
  return { train: train * horizon, eval: (episodes.length - train) * horizon };
}

/** The best-known per-step cost of `algo` on `scenario`, and where it came from. */
export function stepCostFor(algo: string, scenario: string, measured: ReadonlyMap<string, StepCost> = new Map()): { cost: StepCost; source: CostSource } {
  const key = `${algo}/${scenario}`;
  const local = measured.get(key);
  if (local) return { cost: local, source: 'results' };
  const table = MEASURED_STEP_COSTS[key];
  if (table) return { cost: table, source: 'table' };
  const sameAlgo = MEASURED_STEP_COSTS[`${algo}/figure8`];
  if (sameAlgo) return { cost: sameAlgo, source: 'table, same controller on figure8' };
  const all = Object.values(MEASURED_STEP_COSTS);
  return { cost: { train: Math.max(...all.map((c) => c.train)), eval: Math.max(...all.map((c) => c.eval)) }, source: 'table, dearest controller' };
}

export function runCost(id: string, steps: { train: number; eval: number }, found: { cost: StepCost; source: CostSource }): RunCost {
  return { id, steps, ...found, seconds: steps.train * found.cost.train + steps.eval * found.cost.eval };
}

export function sweepCost(runs: readonly RunCost[], jobs: number): SweepCost {
  const total = runs.reduce((s, r) => s + r.seconds, 0);
  const longest = runs.reduce((m, r) => Math.max(m, r.seconds), 0);
  return {
    runs: runs.length, coreHours: total / 3600, wallHours: Math.max(total / jobs, longest) / 3600, jobs,
    roughRuns: runs.filter((r) => r.source !== 'results' && r.source !== 'table').length,
  };
}

/** Hours with two significant digits, never "0". */
function hours(h: number): string {
  if (h === 0) return '0';
  return h >= 10 ? h.toFixed(0) : h >= 0.01 ? String(Number(h.toPrecision(2))) : '<0.01';
}

/** `estimated: N runs, X core-hours (Y h with --jobs J)` — the last line of `sweep --dry-run`. */
export function estimateLine(cost: SweepCost): string {
  const rough = cost.roughRuns > 0 ? `; ${cost.roughRuns} from a fallback cost, see docs/results.md` : '';
  return `estimated: ${cost.runs} runs, ${hours(cost.coreHours)} core-hours (${hours(cost.wallHours)} h with --jobs ${cost.jobs})${rough}`;
}
