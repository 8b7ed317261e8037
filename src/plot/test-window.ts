// The boxes of a windowed boxplot (RSM-MASAC Fig. 9) from run folders: for each group (algorithm + grid values) the
// metric of every test epoch inside [fromEpoch, toEpoch], averaged over the group's seeds, one value per test epoch.
// A group without tests in the window falls back to its last `fallbackTests` tests (a shorter budget).
import { groupRuns, meanStd, perEpoch, phaseRows } from './aggregate.js';
import { boxStats } from './boxplot.js';
import type { Box } from './boxplot.js';
import type { BoxplotFigure } from './figures.js';
import type { RunResults } from './results.js';
import { num } from './results.js';

/** Paper symbols of the grid keys the boxes are drawn over (Table IV). */
const GRID_SYMBOLS: Readonly<Record<string, { readonly symbol: string; readonly name: string }>> = {
  segments: { symbol: 'P', name: 'Predefined number of segments P' },
  replicas: { symbol: 'κ', name: 'Predefined replicas κ' },
  updatesPerRound: { symbol: 'U', name: 'Communication interval U' },
};

export interface WindowBoxes {
  readonly boxes: readonly Box[];
  /** Groups that had no test in the window and used their last tests. */
  readonly fallback: readonly string[];
  /** The x-axis title: the grid key's name when every run differs in that one key only, else the spec's. */
  readonly xTitle: string;
}

export function testWindowBoxes(runs: readonly RunResults[], metric: string, spec: Pick<BoxplotFigure, 'fromEpoch' | 'toEpoch' | 'fallbackTests' | 'xTitle'>): WindowBoxes {
  const keyed = singleGridKey(runs);
  const fallback: string[] = [];
  const boxes: Box[] = [];
  for (const { group, runs: members } of groupRuns(runs).values()) {
    const series = members.map((run) => perEpoch(phaseRows(run, 'eval'), (r) => num(r[metric])));
    const epochs = [...new Set(series.flatMap((s) => [...s.keys()]))].sort((a, b) => a - b);
    let chosen = epochs.filter((e) => e >= spec.fromEpoch && e <= spec.toEpoch);
    if (chosen.length === 0 && epochs.length > 0) {
      chosen = epochs.slice(-spec.fallbackTests);
      fallback.push(group);
    }
    const values = chosen.map((epoch) => meanStd(series.map((s) => s.get(epoch) ?? Number.NaN)).mean);
    const label = keyed === null ? group : `${keyed.symbol} = ${members[0]?.label.split('-').slice(1).join('-') ?? '?'}`;
    boxes.push({ group: label, ...boxStats(values) });
  }
  return { boxes, fallback, xTitle: keyed?.name ?? spec.xTitle };
}

/** The one grid key (segments, replicas, U) every run's label consists of, when all runs share one algorithm. */
function singleGridKey(runs: readonly RunResults[]): { readonly symbol: string; readonly name: string } | null {
  const keys = new Set(runs.map((r) => (r.label.includes('_') ? '' : r.label.split('-')[0] ?? '')));
  const algos = new Set(runs.map((r) => r.algo));
  const [key] = [...keys];
  if (keys.size !== 1 || algos.size !== 1 || key === undefined) return null;
  return GRID_SYMBOLS[key] ?? null;
}
