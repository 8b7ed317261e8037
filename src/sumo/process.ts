// Starting and stopping SUMO: free port, handshake retry, stderr tail, crash detection, and a stop
// that always ends in the process being gone (TraCI close, then SIGKILL after a timeout).
import { accessSync, constants as fsConstants, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { execa } from 'execa';
import type { ResultPromise } from 'execa';
import { versionCommand } from '../traci/client.js';
import type { VersionInfo } from '../traci/client.js';
import { Connection } from '../traci/connection.js';
import { findSumo, sumoHomeFor } from './binary.js';
import { buildSumoArgs } from './cmdline.js';
import { tcpPeers } from './peers.js';
import type { SumoRunOptions } from './cmdline.js';
import { SumoExitedError, SumoInputError, SumoStartError, sumoErrors } from './errors.js';

export interface SumoProcessOptions extends SumoRunOptions {
  /** Explicit SUMO binary (`--sumo-binary`). */
  readonly sumoBinary?: string;
  /** How long SUMO may take to accept the TraCI connection, ms (default 30 s). */
  readonly startTimeoutMs?: number;
  /** Per-request timeout of the connection, ms (default 60 s; 0 = none, the default with the GUI). */
  readonly requestTimeoutMs?: number;
  /** Port to try first (default: one the kernel reports free); another is used if it is taken. */
  readonly port?: number;
  /**
   * Pin SUMO to this CPU (Linux `taskset`). Client and SUMO take turns, so sharing one core avoids a
   * cross-core wake-up per message: measured on a 2-vCPU VM, a bare TraCI step took 143 µs across
   * cores and 73 µs on one core (pin the client too, e.g. `taskset -c 0 cavlab …`).
   */
  readonly cpu?: number;
  /** Working directory for SUMO (default: the current one). */
  readonly cwd?: string;
}

/** Time between connection attempts: SUMO accepts ~45 ms after start on this machine. */
const CONNECT_RETRY_MS = 5;
const DEFAULT_START_TIMEOUT_MS = 30_000;
/** Attempts with a fresh port when another process took ours between the check and SUMO's bind. */
const PORT_ATTEMPTS = 5;
/** After the TraCI close, SUMO gets this long to exit by itself before SIGKILL. */
export const STOP_TIMEOUT_MS = 3_000;
const STDERR_TAIL_BYTES = 8_192;
/** How often the TraCI client slot is looked at while the handshake is awaited. */
const SLOT_POLL_MS = 50;
/** Kills the child if this process dies in any way, even SIGKILL (Linux prctl PR_SET_PDEATHSIG). */
const SETPRIV = '/usr/bin/setpriv';
const TASKSET = '/usr/bin/taskset';

interface ExitInfo { readonly code: number | undefined; readonly signal: string | undefined }

/** A running SUMO serving TraCI, with its connection. */
/** Keeps the last few KB of a stream. */
class Tail {
  text = '';
  push(chunk: Buffer): void {
    this.text = (this.text + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
  }
}

export class SumoProcess {
  private stopping = false;
  /** What SUMO answered to the getVersion handshake. */
  version: VersionInfo = { apiVersion: 0, sumoVersion: '' };

  private constructor(
    private readonly child: ResultPromise,
    private readonly tail: Tail,
    readonly argv: readonly string[],
    readonly port: number,
    readonly exited: Promise<ExitInfo>,
    readonly connection: Connection,
  ) {
    void exited.then((info) => {
      if (!this.stopping) connection.fail(new SumoExitedError(info.code, info.signal, this.stderr));
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The last few KB SUMO wrote to stderr. */
  get stderr(): string {
    return this.tail.text;
  }

  /**
   * Starts SUMO on a free port and connects. Retries on a port clash; fails with SumoStartError
   * (argv + stderr tail) when SUMO exits or does not accept within the start timeout.
   */
  static async start(options: SumoProcessOptions): Promise<SumoProcess> {
    checkSumoInputs(options);
    const binary = findSumo({ ...(options.sumoBinary ? { binary: options.sumoBinary } : {}), ...(options.gui ? { gui: true } : {}) });
    for (let attempt = 1; ; attempt++) {
      const port = attempt === 1 && options.port !== undefined ? options.port : await freePort();
      const argv = [binary, ...buildSumoArgs(options, port)];
      try {
        return await SumoProcess.startOnPort(binary, argv, port, options);
      } catch (error) {
        const clash = error instanceof SumoStartError && /Address already in use|Unable to create listening socket/.test(error.stderrTail);
        if (!clash || attempt >= PORT_ATTEMPTS) throw error;
      }
    }
  }

  private static async startOnPort(binary: string, argv: readonly string[], port: number, options: SumoProcessOptions): Promise<SumoProcess> {
    const sumoHome = sumoHomeFor(binary);
    const env = sumoHome ? { SUMO_HOME: sumoHome } : {};
    const [file, args] = wrapCommand(argv, options.cpu);
    const child = execa(file, args, {
      env,
      stdin: 'ignore',
      stdout: 'ignore',
      stderr: 'pipe',
      buffer: false,
      reject: false,
      // execa kills the child when this process exits or is signalled; SIGKILL because SUMO under
      // TraCI may ignore SIGTERM.
      cleanup: true,
      killSignal: 'SIGKILL',
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    const tail = new Tail();
    child.stderr?.on('data', (chunk: Buffer) => tail.push(chunk));
    const exited: Promise<ExitInfo> = child.then((result) => ({
      code: result.exitCode,
      signal: result.signal,
    }));
    let hasExited = false;
    void exited.then(() => { hasExited = true; });

    const deadline = Date.now() + (options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS);
    let lastError: unknown;
    while (!hasExited && Date.now() < deadline) {
      try {
        const connection = await Connection.connect({
          port,
          connectTimeoutMs: 1_000,
          requestTimeoutMs: options.requestTimeoutMs ?? (options.gui ? 0 : 60_000),
        });
        const sumo = new SumoProcess(child, tail, argv, port, exited, connection);
        await sumo.handshake(options);
        return sumo;
      } catch (error) {
        if (error instanceof SumoStartError) throw error;
        lastError = error;
        // Refused because SUMO stopped listening: someone else got its one client slot first.
        const peers = child.pid === undefined ? null : await tcpPeers(child.pid, port);
        if (peers !== null && peers.length > 0) {
          child.kill('SIGKILL');
          await exited;
          throw new SumoStartError(slotTakenMessage(peers.join(', '), port), argv, tail.text);
        }
        await delay(CONNECT_RETRY_MS);
      }
    }
    if (!hasExited) child.kill('SIGKILL');
    const info = await exited;
    const why = hasExited && info.code !== undefined
      ? `SUMO could not start${options.configFile ? ` with ${options.configFile}` : ''} (exit ${info.code}): ${sumoErrors(tail.text)}`
      : `SUMO did not accept a TraCI connection on port ${port} within ${options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS} ms`;
    throw new SumoStartError(why, argv, tail.text, { cause: lastError });
  }

  /**
   * getVersion over the new link, then the check that SUMO's one TraCI client is this link (src/sumo/peers.ts).
   * Whoever accepted the connection must be this SUMO: if it exits instead (its port was taken by another
   * program, or its inputs are broken), say why. While the answer is awaited, SUMO's accepted connection is
   * watched: another program that took SUMO's client slot first fails the start at once, and SUMO is killed.
   */
  private async handshake(options: SumoProcessOptions): Promise<void> {
    const watch = { done: false };
    try {
      const [info] = await Promise.race([this.connection.execute([versionCommand()]), this.watchSlot(watch)]);
      this.version = info;
      const intruder = await this.slotIntruder();
      if (intruder !== null) throw this.slotTaken(intruder);
    } catch (error) {
      if (error instanceof SumoStartError) {
        await this.kill();
        throw error;
      }
      // The link failed (ECONNRESET) before the watch saw why: SUMO closes its listening socket once it accepted a
      // client, which resets a link still waiting in the backlog. If another program holds the slot, say so.
      const intruder = await this.slotIntruder().catch(() => null);
      if (intruder !== null) {
        await this.kill();
        throw this.slotTaken(intruder);
      }
      const exited = await Promise.race([this.exited, delay(2_000).then(() => undefined)]);
      if (!exited) await this.kill();
      const info = await this.exited;
      const why = sumoErrors(this.stderr) || (error instanceof Error ? error.message : String(error));
      const what = options.configFile ? ` with ${options.configFile}` : '';
      throw new SumoStartError(`SUMO could not start${what} (exit ${info.code ?? info.signal ?? 'unknown'}): ${why}`, this.argv, this.stderr, { cause: error });
    } finally {
      watch.done = true;
    }
  }

  /** The peer holding SUMO's client slot when it is not this link, else null (also where /proc cannot tell). */
  private async slotIntruder(): Promise<string | null> {
    const pid = this.child.pid;
    const own = this.connection.localPort;
    if (pid === undefined || own === undefined) return null;
    const peers = await tcpPeers(pid, this.port);
    if (peers === null || peers.length === 0) return null;
    const others = peers.filter((p) => !p.endsWith(`:${own}`));
    return others.length > 0 ? others.join(', ') : null;
  }

  /** Rejects as soon as SUMO holds a client connection that is not this link; never resolves otherwise. */
  private async watchSlot(watch: { done: boolean }): Promise<never> {
    while (!watch.done) {
      const intruder = await this.slotIntruder();
      if (intruder !== null && !watch.done) throw this.slotTaken(intruder);
      await delay(SLOT_POLL_MS);
    }
    return new Promise<never>(() => undefined);
  }

  private slotTaken(intruder: string): SumoStartError {
    return new SumoStartError(slotTakenMessage(intruder, this.port), this.argv, this.stderr);
  }

  /**
   * Waits for SUMO to exit after a TraCI close; SIGKILL after `timeoutMs`. Never throws; safe to call
   * more than once.
   */
  async stop(timeoutMs = STOP_TIMEOUT_MS): Promise<ExitInfo> {
    this.stopping = true;
    this.connection.expectClose();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Kills SUMO at once (SIGKILL) and waits for it. */
  async kill(): Promise<ExitInfo> {
    this.stopping = true;
    this.connection.destroy();
    this.child.kill('SIGKILL');
    return this.exited;
  }
}

function slotTakenMessage(intruder: string, port: number): string {
  return `another program (${intruder}) took SUMO's single TraCI client slot on port ${port} before cavlab; SUMO was stopped (see README: TraCI exposure)`;
}

/** Prefixes `setpriv --pdeathsig KILL` (and `taskset -c cpu`) where available; both exec SUMO in place. */
function wrapCommand(argv: readonly string[], cpu: number | undefined): [string, string[]] {
  const prefix: string[] = [];
  if (process.platform === 'linux' && existsSync(SETPRIV)) prefix.push(SETPRIV, '--pdeathsig', 'KILL', '--');
  if (cpu !== undefined) {
    if (!existsSync(TASKSET)) throw new SumoStartError(`cpu pinning needs ${TASKSET} (util-linux)`, argv, '');
    prefix.push(TASKSET, '-c', String(cpu));
  }
  const all = [...prefix, ...argv];
  return [all[0] as string, all.slice(1)];
}

/** Clear errors for missing inputs before SUMO starts (it would only say "Quitting"). */
export function checkSumoInputs(options: SumoRunOptions): void {
  if (!options.configFile && !options.netFile) {
    throw new SumoInputError('(no input)', 'give a .sumocfg (configFile) or a net file (netFile)');
  }
  for (const file of [options.configFile, options.netFile, ...(options.routeFiles ?? []), ...(options.additionalFiles ?? [])]) {
    if (file === undefined) continue;
    if (!existsSync(file)) throw new SumoInputError(file, 'file not found');
    try {
      accessSync(file, fsConstants.R_OK);
    } catch {
      throw new SumoInputError(file, 'file is not readable');
    }
  }
}

/** A TCP port that was free a moment ago (the kernel picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
