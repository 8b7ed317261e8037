// Seeds → statistics: per-run values per epoch (mean over that epoch's episodes), then mean ± std over the
// runs of a group (same algorithm, grid values and scenario). Pure functions over parsed results.
import { CavlabUsageError } from '../errors.js';
import type { PhaseChoice } from './figures.js';
import type { Row, RunResults } from './results.js';
import { num } from './results.js';

export interface Stat {
  readonly mean: number;
  /** Sample standard deviation over seeds (0 for a single seed). */
  readonly std: number;
  readonly n: number;
}

export function meanStd(values: readonly number[]): Stat {
  const xs = values.filter((v) => Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { mean: Number.NaN, std: Number.NaN, n: 0 };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, std: Math.sqrt(variance), n };
}

export interface CurvePointStat extends Stat {
  readonly group: string;
  readonly scenario: string;
  readonly epoch: number;
  /** Runs in the point's group; a point with n below it is the mean of the runs that have reached this epoch. */
  readonly runs?: number;
}

/** The first metric of `metrics` that any run has, or a usage error naming the columns there are. */
export function pickMetric(runs: readonly RunResults[], metrics: readonly string[], figure: string): string {
  for (const metric of metrics) if (runs.some((r) => r.columns.includes(metric))) return metric;
  const columns = [...new Set(runs.flatMap((r) => r.columns))];
  throw new CavlabUsageError(`figure ${figure}: no run has a column ${metrics.map((m) => `"${m}"`).join(' or ')} (columns: ${columns.join(', ')})`);
}

/** The episodes a figure uses from one run: 'auto' = evaluations when the run has any, else training. */
export function phaseRows(run: RunResults, phase: PhaseChoice): readonly Row[] {
  const chosen = phase === 'auto' ? (run.episodes.some((r) => r['phase'] === 'eval') ? 'eval' : 'train') : phase;
  return run.episodes.filter((r) => r['phase'] === chosen);
}

/** Per epoch, the mean of `value` over the rows of that epoch. */
export function perEpoch(rows: readonly Row[], value: (row: Row) => number): Map<number, number> {
  const sums = new Map<number, { sum: number; n: number }>();
  for (const row of rows) {
    const v = value(row);
    if (!Number.isFinite(v)) continue;
    const epoch = num(row['epoch']);
    const s = sums.get(epoch) ?? { sum: 0, n: 0 };
    sums.set(epoch, { sum: s.sum + v, n: s.n + 1 });
  }
  return new Map([...sums].map(([epoch, s]) => [epoch, s.sum / s.n]));
}

/** Runs grouped by scenario and group (insertion order kept, runs sorted by folder name). */
export function groupRuns(runs: readonly RunResults[]): Map<string, { scenario: string; group: string; runs: RunResults[] }> {
  const groups = new Map<string, { scenario: string; group: string; runs: RunResults[] }>();
  for (const run of runs) {
    const key = `${run.scenario}\u0000${run.group}`;
    const entry = groups.get(key) ?? { scenario: run.scenario, group: run.group, runs: [] };
    entry.runs.push(run);
    groups.set(key, entry);
  }
  return groups;
}

/** Mean ± std over a group's seeds at every epoch that any of them has (`n` says how many have it). */
export function curveStats(runs: readonly RunResults[], perRun: (run: RunResults) => Map<number, number>): CurvePointStat[] {
  const points: CurvePointStat[] = [];
  for (const { scenario, group, runs: members } of groupRuns(runs).values()) {
    const series = members.map(perRun);
    const epochs = [...new Set(series.flatMap((s) => [...s.keys()]))].sort((a, b) => a - b);
    for (const epoch of epochs) {
      const values = series.map((s) => s.get(epoch)).filter((v): v is number => v !== undefined);
      points.push({ group, scenario, epoch, ...meanStd(values), runs: members.length });
    }
  }
  return points;
}

/** A run's mean of a metric over its last `lastEpochs` epochs (of the chosen phase). */
export function finalValue(run: RunResults, metric: string, phase: PhaseChoice, lastEpochs: number): number {
  const byEpoch = perEpoch(phaseRows(run, phase), (r) => num(r[metric]));
  const epochs = [...byEpoch.keys()].sort((a, b) => a - b).slice(-lastEpochs);
  return meanStd(epochs.map((e) => byEpoch.get(e) ?? Number.NaN)).mean;
}

/** Sum of a comm.csv column over a run (NaN without comm.csv). */
export function commTotal(run: RunResults, column: string): number {
  if (run.comm === null) return Number.NaN;
  return run.comm.reduce((a, r) => a + (Number.isFinite(num(r[column])) ? num(r[column]) : 0), 0);
}
