// Unattended runs (issue 23): when SUMO dies mid-episode (crashed, killed, or hung past the connection's request
// timeout), the episode is run again from the last checkpoint: SUMO is restarted, the controller restored (weights,
// Adam, replay buffers, RNG streams), and the episode replayed with its own seed (schedule.ts derives it from the
// run seed and the episode index alone), so episodes.csv ends as an undisturbed run's would. Each retry is told to
// `record` (the manifest lists them); once the budget is spent, the error goes up as before.
//
// Decision: the budget (RunConfig.retries, default 2) is per invocation of the run: `--resume` starts a fresh
// budget; the manifest still lists every retry of the run across resumes.
// Decision: only failures of the link to SUMO are retried (SUMO exited, or the TraCI link closed or timed out).
// A command SUMO refused (TraciCommandError) would fail the same way again, and an in-process SUMO (libsumo
// transport) that crashes takes this process with it: there is nothing left to retry in.
import type { RetryEntry } from '../metrics/manifest.js';
import { SumoExitedError } from '../sumo/errors.js';
import { TraciConnectionError } from '../traci/errors.js';

/** SUMO deaths tolerated per run before it fails (`--retries`). */
export const DEFAULT_RETRIES = 2;


/** True when `error` (or an error it wraps) says the link to SUMO is dead. */
export function isSumoFailure(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e instanceof SumoExitedError || e instanceof TraciConnectionError) return true;
  }
  return false;
}

export interface RetryHooks {
  /** True when the run was asked to stop (a closed link is then the stop, not a crash). */
  readonly stopping: () => boolean;
  /** Writes the retry down (manifest) before anything is rerun. */
  readonly record: (entry: RetryEntry, used: number) => Promise<void>;
  /** Stops what is left of SUMO and puts the controller back to the last checkpoint. */
  readonly restore: () => Promise<void>;
}

/** Retries left in a run; shared by its episodes. */
export class RetryBudget {
  private spent = 0;
  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`retries must be a non-negative integer, got ${limit}`);
  }

  get used(): number {
    return this.spent;
  }

  /** Takes one retry; false when none is left. */
  take(): boolean {
    if (this.spent >= this.limit) return false;
    this.spent++;
    return true;
  }
}

/** Runs `attempt` (one episode) until it succeeds, rerunning it after a SUMO failure while the budget lasts. */
export async function withRetries<T>(episode: number, budget: RetryBudget, hooks: RetryHooks, attempt: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (hooks.stopping() || !isSumoFailure(error) || !budget.take()) throw error;
      const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
      await hooks.record({ time: new Date().toISOString(), episode, reason }, budget.used);
      await hooks.restore();
    }
  }
}
