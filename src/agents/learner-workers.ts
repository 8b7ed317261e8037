// A pool's learners in worker threads (issue 10 part 3): slot k lives in worker k mod W, each worker on its own
// tfjs instance with one BLAS thread. The pool's calls stay synchronous (Controller.update is): requests go over a
// MessagePort in order, and for an answer the pool thread blocks in Atomics.wait until the worker bumps a shared
// counter, then takes the reply with receiveMessageOnPort. Requests to both workers are posted before waiting, so
// their updates run in parallel.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { BACKEND_NAMES, currentBackend } from '../nn/backend.js';
import { PoolError } from './errors.js';
import { FLAG_REPLIES, FLAG_STATE, WORKER_FAILED, WORKER_STARTING } from './learner-protocol.js';
import type { LearnerReply, LearnerRequest, LearnerWorkerSetup, StoredTransition, WorkerSlotState } from './learner-protocol.js';
import type { SacWeights } from './sac/sac.js';
import type { SacConfig, SacSpaces } from './sac/config.js';

/** How long the pool waits for one answer before it gives up on a worker (a stuck thread). */
const REPLY_TIMEOUT_MS = 10 * 60_000;
/** How long a worker may take to load its modules and start listening. */
const START_TIMEOUT_MS = 60_000;

interface LearnerThread {
  readonly worker: Worker;
  readonly port: MessagePort;
  /** [replies posted so far, worker state], bumped / set by the worker. */
  readonly flag: Int32Array;
  /** Why the thread ended, once its 'error' event has been seen. */
  failure: string | null;
}

export class LearnerWorkers {
  private readonly threads: LearnerThread[];
  private live: number;

  constructor(count: number, spaces: SacSpaces, sac: SacConfig, seed: number) {
    const setup: LearnerWorkerSetup = { spaces, sac, seed, ...poolBackend() };
    const script = workerScript();
    this.live = count;
    this.threads = Array.from({ length: count }, () => {
      const { port1, port2 } = new MessageChannel();
      const flag = new SharedArrayBuffer(8);
      const worker = new Worker(script, { workerData: { setup, port: port2, flag }, transferList: [port2] });
      // Never what keeps the process alive: a pool that was not disposed must not hang the exit.
      worker.unref();
      port1.unref();
      const thread: LearnerThread = { worker, port: port1, flag: new Int32Array(flag), failure: null };
      worker.once('exit', () => {
        this.live -= 1;
      });
      // Seen between calls (the pool thread is blocked during one); the next call reports it.
      worker.on('error', (error) => {
        thread.failure = error.message;
      });
      return thread;
    });
  }

  get count(): number {
    return this.threads.length;
  }

  /** Worker threads not yet exited (0 some time after dispose). */
  get running(): number {
    return this.live;
  }

  workerOf(slot: number): number {
    return slot % this.threads.length;
  }

  /** A new slot from streams `stream`…; with `initial`, its core starts from those weights (AgentPool sharedInit). */
  create(slot: number, stream: number, initial?: SacWeights): void {
    this.post(this.workerOf(slot), { kind: 'create', slot, stream, ...(initial === undefined ? {} : { initial }) });
  }

  /** Stores transitions in their slots' replays (not waited for). */
  add(transitions: readonly StoredTransition[]): void {
    for (const [w, part] of this.split(transitions, (t) => t.slot)) this.post(w, { kind: 'add', transitions: part });
  }

  /** Each slot's randomActions(1), by slot. */
  randomActions(slots: readonly number[]): Map<number, Float32Array> {
    const out = new Map<number, Float32Array>();
    const replies = this.callEach(slots, (part) => ({ kind: 'randomActions', slots: part }));
    for (const [part, value] of replies) {
      if (!(value instanceof Float32Array) || value.length % Math.max(part.length, 1) !== 0) throw new PoolError('learner worker: malformed random actions');
      const width = value.length / part.length;
      part.forEach((k, i) => out.set(k, value.subarray(i * width, (i + 1) * width)));
    }
    return out;
  }

  /** Each slot's actor parameters, by slot. */
  actors(slots: readonly number[]): Map<number, Float32Array> {
    return this.vectors(this.callEach(slots, (part) => ({ kind: 'actors', slots: part })));
  }

  /** Runs `steps` gradient steps of each slot (both workers at once); returns the new actor parameters by slot. */
  update(due: readonly (readonly [slot: number, steps: number])[]): Map<number, Float32Array> {
    const replies = this.callGrouped(due, ([k]) => k, (part) => ({ kind: 'update', due: part }));
    return this.vectors(replies.map(([part, value]) => [part.map(([k]) => k), value]));
  }

  state(slots: readonly number[]): Map<number, WorkerSlotState> {
    const out = new Map<number, WorkerSlotState>();
    for (const [part, value] of this.callEach(slots, (p) => ({ kind: 'state', slots: p }))) {
      if (!Array.isArray(value) || value.length !== part.length) throw new PoolError('learner worker: malformed slot state');
      part.forEach((k, i) => out.set(k, value[i] as WorkerSlotState));
    }
    return out;
  }

  /** Restores a slot from a checkpoint; returns its actor parameters. */
  load(slot: number, stream: number, state: WorkerSlotState): Float32Array {
    const [value] = this.callAll([[this.workerOf(slot), { kind: 'load', slot, stream, state }]]);
    if (!(value instanceof Float32Array)) throw new PoolError('learner worker: malformed actor parameters');
    return value;
  }

  /** Ends the threads (asynchronously; `running` reaches 0 when they have exited). */
  dispose(): void {
    for (const { worker, port } of this.threads) {
      port.close();
      void worker.terminate();
    }
  }

  private post(w: number, request: LearnerRequest): void {
    const thread = this.threads[w];
    if (thread === undefined) throw new PoolError(`no learner worker ${w}`);
    thread.port.postMessage(request);
  }

  private callEach(slots: readonly number[], request: (part: number[]) => LearnerRequest): [number[], unknown][] {
    return this.callGrouped(slots, (k) => k, request);
  }

  /** One request per worker holding some of the items' slots (asked with its part); the replies with the parts. */
  private callGrouped<T>(items: readonly T[], slotOf: (item: T) => number, request: (part: T[]) => LearnerRequest): [T[], unknown][] {
    const byWorker = this.split(items, slotOf);
    const parts = [...byWorker.values()];
    const values = this.callAll([...byWorker].map(([w, part]) => [w, request(part)] as const));
    return values.map((v, i) => [parts[i] ?? [], v]);
  }

  /** Posts every request first, then waits for each answer in turn: the workers work at the same time. */
  private callAll(requests: readonly (readonly [worker: number, request: LearnerRequest])[]): unknown[] {
    const before = requests.map(([w, request]) => {
      const thread = this.threads[w];
      if (thread === undefined) throw new PoolError(`no learner worker ${w}`);
      const seen = Atomics.load(thread.flag, FLAG_REPLIES);
      thread.port.postMessage(request);
      return seen;
    });
    return requests.map(([w], i) => this.reply(this.threads[w] as LearnerThread, w, before[i] ?? 0));
  }

  private reply(thread: LearnerThread, w: number, seen: number): unknown {
    const start = Date.now();
    while (Atomics.load(thread.flag, FLAG_REPLIES) === seen) {
      const state = Atomics.load(thread.flag, FLAG_STATE);
      if (state === WORKER_FAILED || thread.failure !== null) throw new PoolError(`learner worker ${w} stopped: ${thread.failure ?? 'uncaught error (see stderr)'}`);
      const waited = Date.now() - start;
      if (state === WORKER_STARTING && waited > START_TIMEOUT_MS) throw new PoolError(`learner worker ${w} did not start in ${START_TIMEOUT_MS / 1000} s`);
      if (waited > REPLY_TIMEOUT_MS) throw new PoolError(`learner worker ${w} did not answer in ${REPLY_TIMEOUT_MS / 1000} s`);
      Atomics.wait(thread.flag, FLAG_REPLIES, seen, 1000);
    }
    const received = receiveMessageOnPort(thread.port);
    if (received === undefined) throw new PoolError(`learner worker ${w} signalled a reply that did not arrive`);
    const reply = received.message as LearnerReply;
    if (!reply.ok) throw new PoolError(`learner worker ${w}: ${reply.message}`);
    return reply.value;
  }

  private vectors(replies: readonly (readonly [readonly number[], unknown])[]): Map<number, Float32Array> {
    const out = new Map<number, Float32Array>();
    for (const [part, value] of replies) {
      if (!Array.isArray(value) || value.length !== part.length || !value.every((v) => v instanceof Float32Array)) throw new PoolError('learner worker: malformed actor parameters');
      part.forEach((k, i) => out.set(k, value[i] as Float32Array));
    }
    return out;
  }

  /** Items grouped by the worker of their slot, in worker order, keeping their order inside each group. */
  private split<T>(items: readonly T[], slotOf: (item: T) => number): Map<number, T[]> {
    const out = new Map<number, T[]>();
    for (const item of items) {
      const w = this.workerOf(slotOf(item));
      const group = out.get(w);
      if (group === undefined) out.set(w, [item]);
      else group.push(item);
    }
    return out;
  }
}

/** The pool thread's backend and OpenBLAS use, which the workers copy (else their numbers would differ). */
function poolBackend(): Pick<LearnerWorkerSetup, 'backend' | 'native'> {
  const selected = currentBackend();
  if (selected !== undefined) return { backend: selected.name, native: selected.path === 'wasm+openblas' };
  const name = BACKEND_NAMES.find((b) => b === tf.getBackend());
  return { backend: name ?? 'cpu', native: false };
}

/**
 * The compiled worker next to this module; under a TypeScript test runner (no .js here) the build's copy in dist/,
 * which `npm test` builds first.
 */
function workerScript(): URL {
  const beside = new URL('./learner-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside;
  const built = new URL('../../dist/src/agents/learner-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return built;
  throw new PoolError(`learner workers need the compiled ${fileURLToPath(beside)} (run npx tsc -p tsconfig.json)`);
}
