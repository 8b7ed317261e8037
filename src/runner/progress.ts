// Progress of a run: on a terminal, a live line (episode, step, steps/s) redrawn a few times a second plus a
// line per finished episode; elsewhere (CI, pipes, CI=true) only the plain line per episode.
import type { StepResult } from '../env/multi-agent-env.js';
import type { EpisodeRow } from '../metrics/schemas.js';
import type { ScheduledEpisode } from './schedule.js';

export interface ProgressSink {
  episodeStart(planned: ScheduledEpisode, total: number): void;
  step(result: StepResult): void;
  episodeEnd(planned: ScheduledEpisode, row: EpisodeRow, total: number): void;
}

const REDRAW_MS = 250;

/** Erases the terminal line the cursor is on (a live progress line) and returns to its start. */
export const CLEAR_LINE = '\r\x1b[2K';

/** A terminal a person watches: live lines are redrawn there; CI, pipes and CI=true get plain lines only. */
export function isLiveTerminal(stream: NodeJS.WriteStream): boolean {
  return stream.isTTY === true && process.env['CI'] !== 'true';
}

function fixed(value: unknown, digits: number): string {
  return typeof value === 'number' ? value.toFixed(digits) : String(value);
}

/**
 * "train 2/5" or "eval after 2/5": `total` counts training
 * episodes only, so `--episodes 2` reads 1/2 and 2/2 whatever the evaluations.
 */
export function episodeLabel(planned: ScheduledEpisode, total: number): string {
  return planned.phase === 'train' ? `train ${planned.epoch}/${total}` : `eval after ${planned.epoch}/${total}`;
}

/** The one line printed when an episode ends (`total`: training episodes of the run). */
export function episodeLine(planned: ScheduledEpisode, row: EpisodeRow, total: number): string {
  const rate = typeof row.steps === 'number' && typeof row.wall_time === 'number' && row.wall_time > 0 ? row.steps / row.wall_time : 0;
  return [
    episodeLabel(planned, total), `return ${fixed(row.return, 2)}`,
    `mean speed ${fixed(row.mean_speed, 2)} m/s`, `collisions ${String(row.collisions)}`, `updates ${String(row.updates)}`,
    `${rate.toFixed(0)} steps/s`, `${fixed(row.wall_time, 1)} s`,
  ].join('  ');
}

export function consoleProgress(stream: NodeJS.WriteStream = process.stderr, live = isLiveTerminal(stream)): ProgressSink {
  let started = 0;
  let lastDraw = 0;
  let steps = 0;
  let current = '';
  return {
    episodeStart(planned, total) {
      started = performance.now();
      lastDraw = started;
      steps = 0;
      current = episodeLabel(planned, total);
    },
    step(result) {
      steps++;
      if (!live) return;
      const now = performance.now();
      if (now - lastDraw < REDRAW_MS) return;
      lastDraw = now;
      const rate = (steps * 1000) / (now - started);
      stream.write(`${CLEAR_LINE}${current}  step ${result.infos.step}  agents ${result.infos.agents.size}  ${rate.toFixed(0)} steps/s`);
    },
    episodeEnd(planned, row, total) {
      stream.write(`${live ? CLEAR_LINE : ''}${episodeLine(planned, row, total)}\n`);
    },
  };
}
