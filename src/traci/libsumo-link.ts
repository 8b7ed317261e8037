// The in-process transport: SUMO runs inside this process through libsumo (native/libsumo), behind the same
// TraciLink as the TCP Connection. Commands are encoded exactly as for the socket; the addon answers in TraCI's
// wire format and `decodeAnswer` reads it, so results and TraciCommandErrors are the same on both transports.
// One message is one call across the boundary: a step's actions, the step and all subscribed reads.
import { TraciWriter } from './codec.js';
import type { Command, ResultsOf } from './command.js';
import { TraciConnectionError, TraciError, TraciProtocolError } from './errors.js';
import type { LibsumoAddon } from './libsumo-addon.js';
import { addonErrorCode } from './libsumo-addon.js';
import { decodeAnswer, stepOrderError } from './link.js';
import type { TraciLink } from './link.js';
import { frameMessage } from './message.js';

/**
 * How often (ms) an answer waits for one turn of the event loop. Each exchange is synchronous, so without this a
 * run would go from step to step on resolved promises alone and never let Node handle a signal (Ctrl-C, a
 * sweep's SIGTERM), a timer or I/O. One setImmediate every few ms costs nothing measurable.
 */
const EVENT_LOOP_TURN_MS = 5;

export class LibsumoLink implements TraciLink {
  private readonly writer = new TraciWriter();
  private failure: Error | undefined;
  private lastTurn = performance.now();

  constructor(private readonly addon: LibsumoAddon) {}

  get isClosed(): boolean {
    return this.failure !== undefined;
  }

  execute<const C extends readonly Command<unknown>[]>(commands: C): Promise<ResultsOf<C>> {
    let results: ResultsOf<C>;
    try {
      results = this.executeNow(commands);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new TraciConnectionError(String(error)));
    }
    const now = performance.now();
    if (now - this.lastTurn < EVENT_LOOP_TURN_MS) return Promise.resolve(results);
    this.lastTurn = now;
    return new Promise((resolve) => setImmediate(() => resolve(results)));
  }

  /** Nothing to announce: the close command itself ends the in-process simulation. */
  expectClose(): void {}

  /** Ends the simulation without a close command (the link is dead afterwards). */
  destroy(): void {
    if (this.failure) return;
    this.failure = new TraciConnectionError('libsumo link closed by the client');
    this.addon.close();
  }

  private executeNow<const C extends readonly Command<unknown>[]>(commands: C): ResultsOf<C> {
    if (this.failure) throw this.failure;
    if (commands.length === 0) return [] as unknown[] as ResultsOf<C>;
    const orderError = stepOrderError(commands);
    if (orderError) throw orderError;
    const message = frameMessage(this.writer, (w) => {
      for (const command of commands) command.encode(w);
    });
    let answer: ReturnType<typeof decodeAnswer>;
    try {
      answer = decodeAnswer(this.exchange(message), commands);
    } catch (error) {
      throw this.fail(error);
    }
    if (answer.error) throw answer.error;
    return answer.results as ResultsOf<C>;
  }

  private exchange(message: Uint8Array): Buffer {
    try {
      return this.addon.exchange(message);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      if (addonErrorCode(error) === 'PROTOCOL') throw new TraciProtocolError(`libsumo transport: ${text}`);
      // SUMO's TCP server would have exited here; the in-process simulation is gone the same way.
      throw new TraciConnectionError(`libsumo lost the simulation: ${text}`, { cause: error });
    }
  }

  private fail(error: unknown): Error {
    const typed = error instanceof TraciError ? error : new TraciConnectionError(`libsumo link failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    if (!this.failure) {
      this.failure = typed;
      if (this.addon.running()) this.addon.close();
    }
    return typed;
  }
}
