// RSM-MASAC Fig. 8 from a run's comm-matrix.csv: two heatmaps over the ordered agent pairs, (a) segments received
// ("communication times") and (b) segments of mixed replicas ("effective mixture times"), each summed over the run's
// episodes of one phase. The diagonal stays empty (an agent never asks itself; the public code zeroes it too).
import type { TopLevelSpec } from 'vega-lite';
import { compareAgents } from '../metrics/comm-matrix.js';
import type { AxisTitles } from './stat-specs.js';
import type { Row } from './results.js';
import { num } from './results.js';

export interface PairCount {
  readonly from: string;
  readonly to: string;
  readonly received: number;
  readonly mixed: number;
}

/** Per ordered pair, the sums of `received` and `mixed` over the rows of `phase`. */
export function pairTotals(rows: readonly Row[], phase: 'train' | 'eval'): PairCount[] {
  const sums = new Map<string, { from: string; to: string; received: number; mixed: number }>();
  for (const row of rows) {
    if (row['phase'] !== phase) continue;
    const from = row['from'] ?? '';
    const to = row['to'] ?? '';
    const key = JSON.stringify([from, to]);
    const cell = sums.get(key) ?? { from, to, received: 0, mixed: 0 };
    cell.received += num(row['received']) || 0;
    cell.mixed += num(row['mixed']) || 0;
    sums.set(key, cell);
  }
  return [...sums.values()].sort((a, b) => compareAgents(a.to, b.to) || compareAgents(a.from, b.from));
}

const CELL = 26;
const PANELS = [
  { measure: 'received', title: '(a) Communication times', legend: 'Segments received' },
  { measure: 'mixed', title: '(b) Effective mixture times', legend: 'Segments mixed' },
] as const;

/** The two heatmaps side by side; every agent that sent or received is a row and a column. */
export function commHeatmapSpec(cells: readonly PairCount[], titles: AxisTitles): TopLevelSpec {
  const agents = [...new Set(cells.flatMap((c) => [c.from, c.to]))].sort(compareAgents);
  const size = Math.max(160, CELL * agents.length);
  const panel = ({ measure, title, legend }: (typeof PANELS)[number]): Record<string, unknown> => ({
    title,
    width: size,
    height: size,
    data: { values: cells.map((c) => ({ from: c.from, to: c.to, count: c[measure] })) },
    mark: { type: 'rect', stroke: '#ffffff', strokeWidth: 0.5 },
    encoding: {
      x: { field: 'from', type: 'nominal', title: titles.xTitle, sort: agents, scale: { domain: agents }, axis: { labelAngle: -45 } },
      y: { field: 'to', type: 'nominal', title: titles.yTitle, sort: agents, scale: { domain: agents } },
      color: { field: 'count', type: 'quantitative', title: legend, scale: { scheme: 'viridis', zero: true } },
    },
  });
  const title = { text: titles.title, ...(titles.subtitle ? { subtitle: titles.subtitle } : {}) };
  // Built from plain records; vega-lite's compile checks the spec when the figure is drawn.
  const spec: object = { $schema: 'https://vega.github.io/schema/vega-lite/v5.json', title, hconcat: PANELS.map(panel), resolve: { scale: { color: 'independent' } } };
  return spec as TopLevelSpec;
}
