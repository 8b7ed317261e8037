// vega-lite specs of the registry's figures: mean ± std curves (a line over a translucent band per group) and
// final-value points with error bars; one panel per scenario when there are several.
import type { TopLevelSpec } from 'vega-lite';
import type { CurvePointStat } from './aggregate.js';

/** Line colours, fixed so a figure's colours do not depend on vega's defaults (the plot tests look for them). */
export const LINE_COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'] as const;
const WIDTH = 420;
// Line symbols at full strength (the legend merges the band's translucent area with the line).
const LEGEND = { orient: 'bottom', columns: 2, labelLimit: 320, symbolType: 'stroke', symbolOpacity: 1, symbolStrokeWidth: 3 } as const;
const HEIGHT = 260;

export interface AxisTitles {
  readonly title: string;
  /** One line, or several (statistic, scenario/episodes/budget, notes). */
  readonly subtitle?: string | readonly string[];
  readonly xTitle: string;
  readonly yTitle: string;
}

/** A point averaged over fewer runs than its group has (runs still in progress): drawn hollow by curveSpec. */
export function isPartial(point: CurvePointStat): boolean {
  return point.runs !== undefined && point.n < point.runs;
}

function values(points: readonly CurvePointStat[]): Record<string, number | string>[] {
  return points.filter((p) => Number.isFinite(p.mean)).map((p) => ({ group: p.group, scenario: p.scenario, epoch: p.epoch, mean: p.mean, lo: p.mean - p.std, hi: p.mean + p.std, n: p.n, partial: isPartial(p) ? 1 : 0 }));
}

function colour(groups: readonly string[]): Record<string, unknown> {
  return { field: 'group', type: 'nominal', title: null, scale: { domain: groups, range: LINE_COLOURS.slice(0, Math.max(1, groups.length)) }, legend: LEGEND };
}

/** Wraps layers in a facet over scenarios when the data has more than one. */
function panelled(layers: Record<string, unknown>[], data: Record<string, number | string>[], titles: AxisTitles, scenarios: readonly string[]): TopLevelSpec {
  const title = { text: titles.title, ...(titles.subtitle ? { subtitle: titles.subtitle } : {}) };
  const base = { $schema: 'https://vega.github.io/schema/vega-lite/v5.json', title, data: { values: data } };
  // The layers are built from plain records; vega-lite's compile checks them when the figure is drawn.
  const spec = (value: object): TopLevelSpec => value as TopLevelSpec;
  if (scenarios.length > 1) {
    return spec({ ...base, facet: { column: { field: 'scenario', type: 'nominal', title: null, sort: scenarios } }, spec: { width: WIDTH, height: HEIGHT, layer: layers }, resolve: { scale: { y: 'independent' } } });
  }
  return spec({ ...base, width: WIDTH, height: HEIGHT, layer: layers });
}

/** Up to this many distinct epochs get one tick each; more get vega's ticks on whole numbers. */
const MAX_EXPLICIT_TICKS = 12;

/**
 * Whole-number ticks: with few epochs vega puts ticks at halves and prints them rounded ("1, 2, 2"), so the
 * epochs themselves are the tick values; with many, whole-number steps.
 */
export function integerAxis(epochs: readonly number[]): Record<string, unknown> {
  const distinct = [...new Set(epochs.filter((e) => Number.isFinite(e)))].sort((a, b) => a - b);
  if (distinct.length <= MAX_EXPLICIT_TICKS) return { values: distinct, format: 'd' };
  return { tickMinStep: 1, format: 'd', tickCount: MAX_EXPLICIT_TICKS };
}

export function curveSpec(points: readonly CurvePointStat[], titles: AxisTitles): TopLevelSpec {
  const data = values(points);
  const groups = [...new Set(points.map((p) => p.group))];
  const scenarios = [...new Set(points.map((p) => p.scenario))];
  const x = { field: 'epoch', type: 'quantitative', title: titles.xTitle, axis: integerAxis(points.map((p) => p.epoch)) };
  const color = colour(groups);
  const mean = { field: 'mean', type: 'quantitative', title: titles.yTitle, scale: { zero: false } };
  return panelled([
    { mark: { type: 'area', opacity: 0.18 }, encoding: { x, y: { field: 'lo', type: 'quantitative', title: titles.yTitle, scale: { zero: false } }, y2: { field: 'hi' }, color } },
    { mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y: mean, color } },
    // Full points where every run of the group has the epoch, hollow ones where only some have (n < runs).
    { transform: [{ filter: 'datum.partial == 0' }], mark: { type: 'point', size: 24, filled: true }, encoding: { x, y: mean, color } },
    { transform: [{ filter: 'datum.partial == 1' }], mark: { type: 'point', size: 40, filled: false, strokeWidth: 1.5 }, encoding: { x, y: mean, color } },
  ], data, titles, scenarios);
}

/** One point per group with a ±std bar: the converged value of ablations (RSM-MASAC Fig. 9, MA-PMBRL Fig. 6/7). */
export function finalSpec(points: readonly CurvePointStat[], titles: AxisTitles): TopLevelSpec {
  const data = values(points);
  const groups = [...new Set(points.map((p) => p.group))];
  const scenarios = [...new Set(points.map((p) => p.scenario))];
  const x = { field: 'group', type: 'nominal', title: titles.xTitle, sort: groups, axis: { labelAngle: -30, labelLimit: 240 } };
  const color = { ...colour(groups), legend: null };
  return panelled([
    { mark: { type: 'rule', strokeWidth: 2 }, encoding: { x, y: { field: 'lo', type: 'quantitative', title: titles.yTitle, scale: { zero: false } }, y2: { field: 'hi' }, color } },
    { mark: { type: 'point', filled: true, size: 90 }, encoding: { x, y: { field: 'mean', type: 'quantitative', title: titles.yTitle, scale: { zero: false } }, color } },
  ], data, titles, scenarios);
}
