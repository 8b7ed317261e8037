// Progress of a sweep on stderr: on a terminal (and not CI=true) one live line with runs finished, failed and
// running and an ETA; elsewhere one plain line per run that ends.
import { CLEAR_LINE, isLiveTerminal } from '../runner/progress.js';
import type { PlannedRun } from './grid.js';
import type { RunState } from './status.js';

export interface SweepProgress {
  started(run: PlannedRun): void;
  ended(run: PlannedRun, state: RunState, seconds: number): void;
  close(): void;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Seconds left: mean duration of the runs ended so far × runs not ended / parallel jobs. */
export function estimateRemaining(durations: readonly number[], left: number, jobs: number): number {
  if (durations.length === 0) return Number.NaN;
  const mean = durations.reduce((a, b) => a + b, 0) / durations.length;
  return (mean * left) / Math.max(1, jobs);
}

export function sweepProgress(total: number, jobs: number, stream: NodeJS.WriteStream = process.stderr, live = isLiveTerminal(stream)): SweepProgress {
  let finished = 0;
  let failed = 0;
  let running = 0;
  const durations: number[] = [];
  const line = (): string => {
    const left = total - finished - failed;
    return `runs ${finished + failed}/${total}: ${finished} finished, ${failed} failed, ${running} running, ETA ${formatDuration(estimateRemaining(durations, left, jobs))}`;
  };
  const draw = (): void => {
    if (live) stream.write(`${CLEAR_LINE}${line()}`);
  };
  return {
    started() {
      running++;
      draw();
    },
    ended(run, state, seconds) {
      running--;
      durations.push(seconds);
      if (state.status === 'finished') finished++;
      else if (state.status !== 'interrupted') failed++;
      const what = state.status === 'finished' ? 'finished' : state.status === 'interrupted' ? 'interrupted' : `failed: ${state.error ?? 'unknown error'}`;
      stream.write(`${live ? CLEAR_LINE : ''}${run.id} ${what} (${formatDuration(seconds)}) [${finished + failed}/${total}]\n`);
      draw();
    },
    close() {
      if (live) stream.write(`${CLEAR_LINE}${line()}\n`);
    },
  };
}
