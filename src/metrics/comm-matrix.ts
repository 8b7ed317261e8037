// comm-matrix.csv (RSM-MASAC Fig. 8: "heatmap comparison of communication times and effective mixture times"): per
// episode and ordered agent pair, how many policy segments the receiver got from the sender and how many of those
// were in a replica it actually mixed in. The public code keeps the same two matrices (train.py: communication_matrix
// [i][j] += 1 per requested segment, MixSuccess_matrix[i][j] += 1 when the replica is mixed). The aggregator is pure:
// a controller records one plain event per segment request and the run folds them into rows per episode.
import type { CsvRow } from './csv.js';

export const COMM_MATRIX_FILE = 'comm-matrix.csv';

export const COMM_MATRIX_COLUMNS = [
  'episode', // run-wide episode index: the resume key
  'phase', // 'train' | 'eval'
  'from', // the sending agent j (answered the segment request)
  'to', // the receiving agent i (made the request)
  'received', // segments j → i that arrived in the episode
  'mixed', // of which in a replica i mixed into its policy (ζ > 0)
] as const;
export type CommMatrixRow = CsvRow<typeof COMM_MATRIX_COLUMNS>;

/** One segment request of a communication round, as the mixing code sees it. */
export interface SegmentExchangeEvent {
  readonly episode: number;
  readonly phase: 'train' | 'eval';
  /** The neighbour j asked for the segment. */
  readonly from: string;
  /** The requesting agent i. */
  readonly to: string;
  /** The answer arrived (false: lost to the channel). */
  readonly arrived: boolean;
  /** The replica this segment belongs to was mixed into i's policy. */
  readonly mixed: boolean;
}

/**
 * One row per (episode, phase, from, to) that saw at least one request, ordered by episode, then phase, sender and
 * receiver (so the rows can be appended in episode order). A lost segment counts in neither column; a segment of a
 * mixed replica counts in `mixed` only if it arrived (a lost one was filled with the receiver's own parameters).
 */
export function commMatrixRows(events: readonly SegmentExchangeEvent[]): CommMatrixRow[] {
  const cells = new Map<string, { episode: number; phase: 'train' | 'eval'; from: string; to: string; received: number; mixed: number }>();
  for (const e of events) {
    if (!Number.isInteger(e.episode) || e.episode < 0) throw new RangeError(`comm-matrix event: episode must be a non-negative integer, got ${e.episode}`);
    if (e.from === e.to) throw new RangeError(`comm-matrix event: agent '${e.to}' cannot receive a segment from itself`);
    const key = JSON.stringify([e.episode, e.phase, e.from, e.to]);
    const cell = cells.get(key) ?? { episode: e.episode, phase: e.phase, from: e.from, to: e.to, received: 0, mixed: 0 };
    if (e.arrived) {
      cell.received += 1;
      if (e.mixed) cell.mixed += 1;
    }
    cells.set(key, cell);
  }
  return [...cells.values()].sort((a, b) => a.episode - b.episode || compareText(a.phase, b.phase) || compareAgents(a.from, b.from) || compareAgents(a.to, b.to));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Agent ids in natural order: "rl_2" before "rl_10". */
export function compareAgents(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
