// The learner set in worker threads (LearnerSet, learner-set.ts; issue 10 part 3): slot k lives in worker k mod W, each worker on its own
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
import type { LearnerReply, LearnerRequest, LearnerWorkerSetup, ModelFitJob, ModelFitReply, PpoUpdateReply, PpoUpdateRequest, RemoteRound, RemoteRoundReply, ReplicaJob, ReplicaReply, StoredTransition, UpdateReply, WorkerSlotState } from './learner-protocol.js';
import type { DueSteps, LearnerSet, RuleInput, SlotSteps } from './learner-set.js';
import type { AgentSpaces } from './controller.js';
import type { SacState, SacWeights } from './sac/sac.js';
import type { SacConfig } from './sac/config.js';
import type { PpoConfig } from './ppo/config.js';

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

export interface LearnerWorkerOptions {
  /** The id whose communication rounds and world models the workers can run on their learners (mixRound, fitModels). */
  readonly controller?: string | null;
  /** The PPO family's learner config, for ppoUpdates. */
  readonly ppo?: PpoConfig;
  /** The controller's own config its world model is built from (default: `sac`). */
  readonly modelConfig?: unknown;
}

/** A slot's actor as last received from its worker (the pool acts with it), and its replay's size. */
interface SlotCopy {
  actor: Float32Array | null;
  version: number;
  replaySize: number;
}

export class LearnerWorkers implements LearnerSet {
  private readonly threadList: LearnerThread[];
  private live: number;
  private readonly copies = new Map<number, SlotCopy>();

  constructor(count: number, spaces: AgentSpaces, private readonly sac: SacConfig, seed: number, options: LearnerWorkerOptions = {}) {
    const setup: LearnerWorkerSetup = { spaces, sac, seed, controller: options.controller ?? null, ppo: options.ppo ?? null, modelConfig: options.modelConfig ?? sac, ...poolBackend() };
    const script = workerScript();
    this.live = count;
    this.threadList = Array.from({ length: count }, () => {
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

  /** Worker threads not yet exited (0 some time after dispose). */
  get threads(): number {
    return this.live;
  }

  workerOf(slot: number): number {
    return slot % this.threadList.length;
  }

  create(slot: number, initial?: SacWeights): void {
    this.post(this.workerOf(slot), { kind: 'create', slot, ...(initial === undefined ? {} : { initial }) });
    this.copies.set(slot, { actor: null, version: 0, replaySize: 0 });
  }

  /** Not waited for; checked here as the replay would, since a worker's failure would only show at the next call. */
  add(transitions: readonly StoredTransition[]): void {
    for (const t of transitions) {
      const copy = this.copy(t.slot);
      copy.replaySize = Math.min(copy.replaySize + 1, this.sac.replayCapacity);
    }
    // Copies: the arrays may be views of larger buffers, which a message would carry whole.
    const copies = transitions.map((t) => ({ ...t, obs: t.obs.slice(), action: t.action.slice(), nextObs: t.nextObs.slice() }));
    for (const [w, part] of this.split(copies, (t) => t.slot)) this.post(w, { kind: 'add', transitions: part });
  }

  replaySize(slot: number): number {
    return this.copy(slot).replaySize;
  }

  /** Drawn by the slots' own cores in their workers, from the same streams as in one thread. */
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

  actorVersion(slot: number): number {
    this.fetchMissingActors();
    return this.copy(slot).version;
  }

  actor(slot: number, out?: Float32Array): Float32Array {
    this.fetchMissingActors();
    const { actor } = this.copy(slot);
    if (actor === null) throw new PoolError(`learner worker sent no actor for slot ${slot}`);
    if (out === undefined) return actor.slice();
    out.set(actor);
    return out;
  }

  setActor(slot: number, params: Float32Array): void {
    // A copy goes to the worker: the caller keeps its array.
    this.post(this.workerOf(slot), { kind: 'setActor', slot, params: params.slice() });
    this.setCopy(slot, params.slice());
  }

  /** Every due slot's steps at once, both workers in parallel; each worker gets its slots' batch-rule inputs. */
  update(due: DueSteps, inputs?: ReadonlyMap<number, RuleInput>): Map<number, SlotSteps> {
    const out = new Map<number, SlotSteps>();
    const inputsOf = (part: readonly (readonly [number, number])[]): [number, RuleInput][] => part.flatMap(([k]): [number, RuleInput][] => {
      const input = inputs?.get(k);
      return input === undefined ? [] : [[k, input]];
    });
    for (const [part, value] of this.callGrouped(due, ([k]) => k, (p) => ({ kind: 'update', due: p, inputs: inputsOf(p) }))) {
      if (!Array.isArray(value) || value.length !== part.length || !value.every(isUpdateReply)) throw new PoolError('learner worker: malformed update reply');
      part.forEach(([k], i) => {
        const reply = value[i] as UpdateReply;
        if (reply.actor !== null) this.setCopy(k, reply.actor);
        out.set(k, { losses: reply.losses, notes: reply.notes });
      });
    }
    return out;
  }

  /** Read in the slots' workers, both at once. */
  published(slots: readonly number[]): Map<number, Float32Array> {
    return this.vectors(this.callEach(slots, (p) => ({ kind: 'published', slots: p })), 'published parameters');
  }

  /** Fits world models in the workers, job i in worker i mod W (each worker's jobs in order); replies in job order. */
  fitModels(jobs: readonly ModelFitJob[]): ModelFitReply[] {
    const parts = this.threadList.map((_, w) => jobs.flatMap((job, i) => (i % this.threadList.length === w ? [job] : [])));
    const asked = parts.flatMap((part, w): (readonly [number, LearnerRequest])[] => (part.length > 0 ? [[w, { kind: 'fitModels', jobs: part }]] : []));
    const values = this.callAll(asked);
    const byWorker = new Map<number, ModelFitReply[]>();
    asked.forEach(([w], i) => {
      const value = values[i];
      if (!Array.isArray(value) || value.length !== (parts[w]?.length ?? 0) || !value.every(isFitReply)) throw new PoolError('learner worker: malformed model fit reply');
      byWorker.set(w, value);
    });
    return jobs.map((_, i) => {
      const reply = byWorker.get(i % this.threadList.length)?.[Math.floor(i / this.threadList.length)];
      if (reply === undefined) throw new PoolError(`learner worker: no reply for model fit ${i}`);
      return reply;
    });
  }

  /** Slot `slot`'s replica core (in its worker) becomes `state` (models/sac-steps.ts). */
  replicaLoad(slot: number, state: SacState): void {
    this.post(this.workerOf(slot), { kind: 'replicaLoad', slot, state });
  }

  /** Gradient steps on replica cores, every worker's jobs at once; replies by slot. */
  replicaSteps(jobs: readonly ReplicaJob[]): Map<number, ReplicaReply> {
    return this.slotJobs(jobs, (p) => ({ kind: 'replicaSteps', jobs: p }), isReplicaReply, 'replica steps');
  }

  /** PPO updates in the slots' workers, both at once; replies by slot. */
  ppoUpdates(jobs: readonly PpoUpdateRequest[]): Map<number, PpoUpdateReply> {
    return this.slotJobs(jobs, (p) => ({ kind: 'ppoUpdates', jobs: p }), isPpoReply, 'PPO update');
  }

  /** Worker `w` computes with stacked nets `id` over the shared `params` (stackedForward). */
  stackedSetup(w: number, id: number, sizes: readonly number[], nets: number, native: boolean, params: Float32Array): void {
    this.post(w, { kind: 'stackedSetup', id, sizes, nets, native, params });
  }

  /** Each worker's range of nets of stacked nets `id`, all at once, into the shared `out`. */
  stackedForward(id: number, x: Float32Array, out: Float32Array, rows: number, ranges: readonly (readonly [worker: number, from: number, to: number])[]): void {
    this.callAll(ranges.map(([w, from, to]) => [w, { kind: 'stackedForward', id, x, out, rows, from, to }] as const));
  }

  stackedDrop(id: number): void {
    this.postAll({ kind: 'stackedDrop', id });
  }

  /** Worker threads started. */
  get count(): number {
    return this.threadList.length;
  }

  /** The replica cores' whole states, by slot. */
  replicaState(slots: readonly number[]): Map<number, SacState> {
    return this.bySlot(this.callEach(slots, (p) => ({ kind: 'replicaState', slots: p })), isObject<SacState>, 'replica state');
  }

  forgetRule(): void {
    this.postAll({ kind: 'forgetRule' });
  }

  /** The round runs in the slot's worker; its new actor (if any) becomes the copy the pool acts with. */
  mixRound(slot: number, round: RemoteRound): RemoteRoundReply {
    const [value] = this.callAll([[this.workerOf(slot), { kind: 'mixRound', slot, round }]]);
    if (!isRoundReply(value)) throw new PoolError('learner worker: malformed round reply');
    if (value.actor !== null) this.setCopy(slot, value.actor);
    return value;
  }

  state(slots: readonly number[]): Promise<Map<number, WorkerSlotState>> {
    return Promise.resolve(this.bySlot(this.callEach(slots, (p) => ({ kind: 'state', slots: p })), isObject<WorkerSlotState>, 'slot state'));
  }

  load(slot: number, state: WorkerSlotState): Promise<void> {
    const [value] = this.callAll([[this.workerOf(slot), { kind: 'load', slot, state }]]);
    if (!(value instanceof Float32Array)) throw new PoolError('learner worker: malformed actor parameters');
    this.copies.set(slot, { actor: value, version: 1, replaySize: state.replay.size });
    return Promise.resolve();
  }

  local(slot: number): never {
    throw new PoolError(`slot ${slot}'s SAC core and replay live in a learner worker (learnerWorkers > 1)`);
  }

  /** Ends the threads (asynchronously; `running` reaches 0 when they have exited). */
  dispose(): void {
    for (const { worker, port } of this.threadList) {
      port.close();
      void worker.terminate();
    }
  }

  private post(w: number, request: LearnerRequest): void {
    const thread = this.threadList[w];
    if (thread === undefined) throw new PoolError(`no learner worker ${w}`);
    thread.port.postMessage(request);
  }

  private postAll(request: LearnerRequest): void {
    for (let w = 0; w < this.threadList.length; w++) this.post(w, request);
  }

  /** Jobs for slots, each worker's part in one request, all at once; each job's checked reply by its slot. */
  private slotJobs<J extends { readonly slot: number }, R>(jobs: readonly J[], request: (part: J[]) => LearnerRequest, isReply: (value: unknown) => value is R, what: string): Map<number, R> {
    const out = new Map<number, R>();
    for (const [part, value] of this.callGrouped(jobs, (job) => job.slot, request)) {
      if (!Array.isArray(value) || value.length !== part.length || !value.every(isReply)) throw new PoolError(`learner worker: malformed ${what} reply`);
      part.forEach((job, i) => out.set(job.slot, value[i] as R));
    }
    return out;
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
      const thread = this.threadList[w];
      if (thread === undefined) throw new PoolError(`no learner worker ${w}`);
      const seen = Atomics.load(thread.flag, FLAG_REPLIES);
      thread.port.postMessage(request);
      return seen;
    });
    return requests.map(([w], i) => this.reply(this.threadList[w] as LearnerThread, w, before[i] ?? 0));
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

  private copy(slot: number): SlotCopy {
    const copy = this.copies.get(slot);
    if (copy === undefined) throw new PoolError(`no learner in slot ${slot}`);
    return copy;
  }

  private setCopy(slot: number, actor: Float32Array): void {
    const copy = this.copy(slot);
    copy.actor = actor;
    copy.version += 1;
  }

  /** The actors of new slots, asked for in one round (each worker answers for its own). */
  private fetchMissingActors(): void {
    const missing = [...this.copies].filter(([, c]) => c.actor === null).map(([k]) => k);
    if (missing.length === 0) return;
    for (const [k, actor] of this.vectors(this.callEach(missing, (part) => ({ kind: 'actors', slots: part })))) this.setCopy(k, actor);
  }

  private vectors(replies: readonly (readonly [readonly number[], unknown])[], what = 'actor parameters'): Map<number, Float32Array> {
    return this.bySlot(replies, (v): v is Float32Array => v instanceof Float32Array, what);
  }

  /** Each worker's reply (one value per slot asked, each passing `isValue`) as values by slot. */
  private bySlot<R>(replies: readonly (readonly [readonly number[], unknown])[], isValue: (value: unknown) => value is R, what: string): Map<number, R> {
    const out = new Map<number, R>();
    for (const [part, value] of replies) {
      if (!Array.isArray(value) || value.length !== part.length || !value.every(isValue)) throw new PoolError(`learner worker: malformed ${what}`);
      part.forEach((k, i) => out.set(k, value[i] as R));
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

/** An actor (or null) and a list of losses: what an update and a replica's steps both answer with. */
function hasActorAndLosses(value: unknown): value is Pick<UpdateReply, 'actor' | 'losses'> {
  return typeof value === 'object' && value !== null && 'actor' in value && (value.actor === null || value.actor instanceof Float32Array) && 'losses' in value && Array.isArray(value.losses);
}

function isUpdateReply(value: unknown): value is UpdateReply {
  return hasActorAndLosses(value) && 'notes' in value && Array.isArray(value.notes);
}

function isRoundReply(value: unknown): value is RemoteRoundReply {
  return typeof value === 'object' && value !== null && 'outcome' in value && 'rng' in value && Array.isArray(value.rng) && 'actor' in value && (value.actor === null || value.actor instanceof Float32Array);
}

function isReplicaReply(value: unknown): value is ReplicaReply {
  return hasActorAndLosses(value) && 'rng' in value && Array.isArray(value.rng);
}

/** A structured value the worker built (slot and core states are checked where they are loaded). */
function isObject<T>(value: unknown): value is T {
  return typeof value === 'object' && value !== null;
}

function isPpoReply(value: unknown): value is PpoUpdateReply {
  return typeof value === 'object' && value !== null && 'state' in value && typeof value.state === 'object' && 'losses' in value && typeof value.losses === 'object';
}

function isFitReply(value: unknown): value is ModelFitReply {
  return typeof value === 'object' && value !== null && 'model' in value && 'rng' in value && Array.isArray(value.rng) && 'fit' in value;
}
