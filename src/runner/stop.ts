// Ctrl-C and SIGTERM for commands that write results: the first signal aborts (the atomic write in progress
// finishes, SUMO stops, the run is marked `interrupted`, exit 130/143); a second one runs the registered hard-stop
// hooks (synchronous: mark the manifest, release the lock) and exits at once. SUMO and sweep workers die with
// this process (src/sumo/process.ts, src/experiments/executors/local.ts: PR_SET_PDEATHSIG).
import { signalExitCode } from '../errors.js';

/** Synchronous work that must happen even when the process exits at once. */
export type HardStopHook = () => void;

export interface HardStops {
  /** Registers `hook` (a second signal runs the hooks latest first); returns its removal. */
  add(hook: HardStopHook): () => void;
}

export class StopSignals implements HardStops {
  private readonly controller = new AbortController();
  private readonly hooks = new Set<HardStopHook>();
  private readonly handler = (signal: NodeJS.Signals): void => this.handle(signal);

  /** `say` prints what each signal does (one line on stderr); `first` is what the first one does. */
  constructor(private readonly say: (line: string) => void, private readonly first: string) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  add(hook: HardStopHook): () => void {
    this.hooks.add(hook);
    return () => void this.hooks.delete(hook);
  }

  install(): this {
    process.on('SIGINT', this.handler);
    process.on('SIGTERM', this.handler);
    return this;
  }

  /**
   * Removes the handlers, unless a signal already came: then they stay until the process exits, so that a second
   * signal during the shutdown still exits at once with 130/143 (Node's default would kill the process by signal).
   */
  uninstall(): void {
    if (this.controller.signal.aborted) return;
    process.off('SIGINT', this.handler);
    process.off('SIGTERM', this.handler);
  }

  private handle(signal: NodeJS.Signals): void {
    if (!this.controller.signal.aborted) {
      this.say(`${signal}: ${this.first}`);
      this.controller.abort(signal);
      return;
    }
    this.say(`${signal} again: stopping now`);
    // Latest first, as nested cleanups unwind: a run marks its manifest before the folder's lock goes.
    for (const hook of [...this.hooks].reverse()) {
      try {
        hook();
      } catch {
        // a hook that cannot run must not keep the process alive
      }
    }
    process.exit(signalExitCode(signal));
  }
}

/** The signal name an aborted AbortSignal carries ('SIGINT' when it carries none). */
export function abortSignalName(signal: AbortSignal | undefined): string {
  const reason: unknown = signal?.reason;
  return typeof reason === 'string' && reason.startsWith('SIG') ? reason : 'SIGINT';
}
