// One TCP link to SUMO: framing, an ordered queue of requests, and timeouts.
// Each request is ONE message holding any number of commands; SUMO answers each command with a
// status block (and, for getters, subscriptions and steps, a response) in the same order.
import { connect as netConnect } from 'node:net';
import type { Socket } from 'node:net';
import { TraciWriter } from './codec.js';
import type { Command, ResultsOf } from './command.js';
import { TraciConnectionError, TraciError } from './errors.js';
import { decodeAnswer, stepOrderError } from './link.js';
import type { Answer, TraciLink } from './link.js';
import { MessageAssembler, frameMessage } from './message.js';

export interface ConnectionOptions {
  readonly port: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** How long one request may wait for its answer, ms (default 60 s); 0 waits forever (sumo-gui). */
  readonly requestTimeoutMs?: number;
  /** How long the TCP connect may take, ms (default 2 s). */
  readonly connectTimeoutMs?: number;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 2_000;
/** After SUMO drops the socket, wait this long for a better reason (its exit code) before failing. */
const CLOSE_GRACE_MS = 1_000;
const WATCHDOG_INTERVAL_MS = 250;

interface PendingRequest {
  readonly commands: readonly Command<unknown>[];
  readonly resolve: (results: unknown[]) => void;
  readonly reject: (error: Error) => void;
  readonly deadline: number;
}

export class Connection implements TraciLink {
  private readonly writer = new TraciWriter();
  private readonly assembler = new MessageAssembler();
  private readonly pending: PendingRequest[] = [];
  private failure: Error | undefined;
  private socketError: Error | undefined;
  private closing = false;
  private readonly watchdog: NodeJS.Timeout;
  private readonly requestTimeoutMs: number;
  private readonly closedPromise: Promise<void>;

  private constructor(private readonly socket: Socket, readonly port: number, requestTimeoutMs: number) {
    this.requestTimeoutMs = requestTimeoutMs;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    // 'close' always follows 'error'; the close handler decides what to report.
    socket.on('error', (error) => { this.socketError = error; });
    this.closedPromise = new Promise((resolve) => socket.once('close', () => {
      this.onClose();
      resolve();
    }));
    this.watchdog = setInterval(() => this.checkTimeouts(), WATCHDOG_INTERVAL_MS);
    this.watchdog.unref();
  }

  /** Opens the TCP link (one attempt; the SUMO launcher retries). */
  static connect(options: ConnectionOptions): Promise<Connection> {
    const host = options.host ?? '127.0.0.1';
    const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const socket = netConnect({ host, port: options.port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new TraciConnectionError(`no TraCI server answered on ${host}:${options.port} within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new Connection(socket, options.port, options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS));
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(new TraciConnectionError(`cannot connect to TraCI on ${host}:${options.port}: ${error.message}`, { cause: error }));
      });
    });
  }

  /** This end's TCP port (to tell this link from another client's, src/sumo/peers.ts). */
  get localPort(): number | undefined {
    return this.socket.localPort;
  }

  /** True once the link can no longer be used. */
  get isClosed(): boolean {
    return this.failure !== undefined;
  }

  /** Resolves when the socket has closed. */
  get closed(): Promise<void> {
    return this.closedPromise;
  }

  /**
   * Sends all `commands` in one message and resolves with their results in order. If SUMO rejects a
   * command, the promise rejects with that TraciCommandError (the link stays usable).
   */
  execute<const C extends readonly Command<unknown>[]>(commands: C): Promise<ResultsOf<C>> {
    if (this.failure) return Promise.reject(this.failure);
    // An empty message would make SUMO 1.15 abort (socket.cpp: assertion totalLen > lengthLen).
    if (commands.length === 0) return Promise.resolve([] as unknown[] as ResultsOf<C>);
    const orderError = stepOrderError(commands);
    if (orderError) return Promise.reject(orderError);
    const bytes = frameMessage(this.writer, (w) => {
      for (const command of commands) command.encode(w);
    });
    // The writer is reused for the next message, so the socket gets its own copy.
    this.socket.write(Buffer.from(bytes));
    return new Promise<unknown[]>((resolve, reject) => {
      const deadline = this.requestTimeoutMs > 0 ? Date.now() + this.requestTimeoutMs : Number.POSITIVE_INFINITY;
      this.pending.push({ commands, resolve, reject, deadline });
    }) as Promise<ResultsOf<C>>;
  }

  /** Marks the link dead with `error` (e.g. SUMO exited); pending and later requests reject with it. */
  fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    clearInterval(this.watchdog);
    for (const request of this.pending.splice(0)) request.reject(error);
    this.socket.destroy();
  }

  /** Declares that the socket is about to close on purpose (after CMD_CLOSE). */
  expectClose(): void {
    this.closing = true;
  }

  /** Drops the link without telling SUMO (SUMO then exits with "peer shutdown"). */
  destroy(): void {
    this.fail(new TraciConnectionError('connection closed by the client'));
  }

  private onData(chunk: Buffer): void {
    let messages: Buffer[];
    try {
      messages = this.assembler.push(chunk);
    } catch (error) {
      this.fail(asConnectionError(error));
      return;
    }
    for (const message of messages) {
      const request = this.pending.shift();
      if (!request) {
        this.fail(new TraciConnectionError(`unexpected message of ${message.length} bytes with no request waiting; the link is out of sync`));
        return;
      }
      this.answer(request, message);
      if (this.failure) return;
    }
  }

  private answer(request: PendingRequest, message: Buffer): void {
    let answer: Answer;
    try {
      answer = decodeAnswer(message, request.commands);
    } catch (error) {
      request.reject(asConnectionError(error));
      this.fail(asConnectionError(error));
      return;
    }
    if (answer.error) request.reject(answer.error);
    else request.resolve(answer.results);
  }

  private onClose(): void {
    if (this.failure) return;
    if (this.closing && this.pending.length === 0) {
      this.failure = new TraciConnectionError('connection closed');
      clearInterval(this.watchdog);
      return;
    }
    // SUMO dropped the link: give the process watcher a moment to report the exit code instead.
    const reason = this.socketError ? `: ${this.socketError.message}` : '';
    const timer = setTimeout(
      () => this.fail(new TraciConnectionError(`connection closed by SUMO (port ${this.port})${reason}`, { cause: this.socketError })),
      CLOSE_GRACE_MS,
    );
    timer.unref();
  }

  private checkTimeouts(): void {
    const head = this.pending[0];
    if (head && Date.now() > head.deadline) {
      this.fail(new TraciConnectionError(
        `no answer from SUMO within ${this.requestTimeoutMs} ms to ${head.commands.map((c) => c.describe()).join(', ')}`,
      ));
    }
  }
}

function asConnectionError(error: unknown): TraciError {
  if (error instanceof TraciError) return error;
  return new TraciConnectionError(`TraCI link failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}
