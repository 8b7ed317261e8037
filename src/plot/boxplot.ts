// Boxplots (Tukey, as matplotlib draws them): median, quartiles, whiskers at the furthest values within 1.5 IQR of the
// box, every value beyond them an outlier. RSM-MASAC Fig. 9: the distribution of the average reward over the testing
// epochs 130, 140, …, 200, one box per predefined P (a) or κ (b). The statistics are computed here (pure, tested)
// and drawn with plain marks, so the figure shows exactly these numbers.
import type { TopLevelSpec } from 'vega-lite';
import { LINE_COLOURS } from './stat-specs.js';
import type { AxisTitles } from './stat-specs.js';

export interface BoxStats {
  readonly n: number;
  readonly median: number;
  readonly q1: number;
  readonly q3: number;
  /** The smallest value ≥ q1 − 1.5 IQR. */
  readonly lowWhisker: number;
  /** The largest value ≤ q3 + 1.5 IQR. */
  readonly highWhisker: number;
  readonly outliers: readonly number[];
}

/** The Tukey whisker reach, in IQRs (matplotlib's `whis` default). */
export const WHISKER_IQR = 1.5;

/** The p-quantile of sorted values by linear interpolation between order statistics (numpy's default, "type 7"). */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return (sorted[lo] as number) + (h - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
}

export function boxStats(values: readonly number[]): BoxStats {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { n, median: Number.NaN, q1: Number.NaN, q3: Number.NaN, lowWhisker: Number.NaN, highWhisker: Number.NaN, outliers: [] };
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  const reach = WHISKER_IQR * (q3 - q1);
  const inside = sorted.filter((v) => v >= q1 - reach && v <= q3 + reach);
  return {
    n, median: quantile(sorted, 0.5), q1, q3,
    lowWhisker: inside[0] ?? q1,
    highWhisker: inside[inside.length - 1] ?? q3,
    outliers: sorted.filter((v) => v < q1 - reach || v > q3 + reach),
  };
}

export interface Box extends BoxStats {
  /** The x category (e.g. "P = 4"). */
  readonly group: string;
}

const WIDTH = 420;
const HEIGHT = 260;
const BOX_COLOUR = LINE_COLOURS[0];

/** One box per group, in the given order: whisker rule, IQR bar, median tick, outlier points. */
export function boxplotSpec(boxes: readonly Box[], titles: AxisTitles): TopLevelSpec {
  const drawn = boxes.filter((b) => b.n > 0);
  const groups = drawn.map((b) => b.group);
  const x = { field: 'group', type: 'nominal', title: titles.xTitle, sort: groups, axis: { labelAngle: 0, labelLimit: 240 } };
  // Padding keeps a whisker at the extreme off the frame.
  const y = (field: string): Record<string, unknown> => ({ field, type: 'quantitative', title: titles.yTitle, scale: { zero: false, padding: 12 } });
  const stats = drawn.map((b) => ({ group: b.group, median: b.median, q1: b.q1, q3: b.q3, low: b.lowWhisker, high: b.highWhisker, n: b.n }));
  const outliers = drawn.flatMap((b) => b.outliers.map((value) => ({ group: b.group, value })));
  const title = { text: titles.title, ...(titles.subtitle ? { subtitle: titles.subtitle } : {}) };
  const layers: Record<string, unknown>[] = [
    { data: { values: stats }, mark: { type: 'rule', color: '#333333' }, encoding: { x, y: y('low'), y2: { field: 'high' } } },
    { data: { values: stats }, mark: { type: 'bar', size: 28, color: BOX_COLOUR, opacity: 0.55, stroke: '#333333' }, encoding: { x, y: y('q1'), y2: { field: 'q3' } } },
    { data: { values: stats }, mark: { type: 'tick', size: 28, thickness: 2, color: '#000000' }, encoding: { x, y: y('median') } },
  ];
  if (outliers.length > 0) layers.push({ data: { values: outliers }, mark: { type: 'point', shape: 'circle', color: '#333333' }, encoding: { x, y: y('value') } });
  // Built from plain records; vega-lite's compile checks the spec when the figure is drawn.
  const spec: object = { $schema: 'https://vega.github.io/schema/vega-lite/v5.json', title, width: WIDTH, height: HEIGHT, layer: layers };
  return spec as TopLevelSpec;
}
