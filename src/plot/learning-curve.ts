// The learning curve of one or more runs: episode return against training epoch, training episodes as thin
// lines and evaluations as points, one colour per run (folder name algo__scenario__seedk).
import { basename, dirname } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { CavlabUsageError } from '../errors.js';
import { axisTitle } from './captions.js';
import { num, readCsv } from './results.js';
import { integerAxis } from './stat-specs.js';

export interface CurvePoint {
  readonly run: string;
  readonly epoch: number;
  readonly phase: string;
  readonly value: number;
}

/** Points of `metric` (a column of episodes.csv) from each file. */
export async function readCurves(files: readonly string[], metric: string): Promise<CurvePoint[]> {
  const points: CurvePoint[] = [];
  for (const file of files) {
    const { columns, rows } = await readCsv(file);
    if (!columns.includes(metric)) throw new CavlabUsageError(`${file}: no column "${metric}" (columns: ${columns.join(', ')})`);
    const run = basename(dirname(file));
    for (const row of rows) points.push({ run, epoch: num(row['epoch']), phase: row['phase'] ?? '', value: num(row[metric]) });
  }
  return points;
}

/** Legend under the plot, one run per row, names never truncated (run ids differ only at their end: seed1, seed2). */
const RUN_LEGEND = { orient: 'bottom', columns: 1, labelLimit: 0 } as const;

export function learningCurveFigure(points: readonly CurvePoint[], metric: string, title: string, notes: readonly string[] = []): TopLevelSpec {
  const encoding = {
    x: { field: 'epoch', type: 'quantitative', title: 'Training epoch', axis: integerAxis(points.map((p) => p.epoch)) },
    y: { field: 'value', type: 'quantitative', title: axisTitle(metric), scale: { zero: false } },
    color: { field: 'run', type: 'nominal', title: null, legend: RUN_LEGEND },
  } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: title, subtitle: ['lines: training episodes · points: evaluation episodes', ...notes] },
    width: 480,
    height: 260,
    data: { values: points.map((p) => ({ ...p })) },
    layer: [
      { transform: [{ filter: "datum.phase === 'train'" }], mark: { type: 'line', strokeWidth: 1.5 }, encoding },
      { transform: [{ filter: "datum.phase === 'eval'" }], mark: { type: 'point', filled: true, size: 50 }, encoding },
    ],
  } as TopLevelSpec;
}
