// A learner worker thread (learner-workers.ts starts it): holds some of a pool's slots — SAC core, replay and
// sampler, seeded exactly as AgentPool seeds them in its own thread — on its own tfjs instance, and serves the
// pool's requests in order. After a `call` it posts the reply, then bumps the shared flag the pool waits on.
import type { MessagePort } from 'node:worker_threads';
import { workerData } from 'node:worker_threads';
import { selectBackend } from '../nn/backend.js';
import { loadNativeBlas } from '../nn/native-blas.js';
import { Rng } from '../util/rng.js';
import { FLAG_REPLIES, FLAG_STATE, WORKER_FAILED, WORKER_RUNNING } from './learner-protocol.js';
import type { LearnerReply, LearnerRequest, LearnerWorkerSetup, WorkerSlotState } from './learner-protocol.js';
import { ReplayBuffer } from './replay.js';
import { SacCore } from './sac/sac.js';

interface WorkerInput {
  readonly setup: LearnerWorkerSetup;
  readonly port: MessagePort;
  /** Int32Array over a SharedArrayBuffer: [replies posted, state] (learner-workers.ts FLAG_*). */
  readonly flag: SharedArrayBuffer;
}

interface WorkerSlot {
  readonly core: SacCore;
  readonly replay: ReplayBuffer;
  readonly sampler: Rng;
}

class Learners {
  private readonly slots = new Map<number, WorkerSlot>();

  constructor(private readonly setup: LearnerWorkerSetup) {}

  /** Answers a request; undefined for the ones that need no reply. */
  async handle(request: LearnerRequest): Promise<unknown> {
    switch (request.kind) {
      case 'create': {
        const slot = this.newSlot(request.stream);
        if (request.initial !== undefined) slot.core.loadWeights(request.initial);
        this.slots.set(request.slot, slot);
        return undefined;
      }
      case 'add':
        for (const t of request.transitions) {
          this.slot(t.slot).replay.add(t.obs, t.action, t.reward, t.nextObs, t.terminated, t.behaviourLogProb);
        }
        return undefined;
      case 'randomActions': {
        const parts = request.slots.map((k) => this.slot(k).core.randomActions(1));
        const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
        let offset = 0;
        for (const p of parts) {
          out.set(p, offset);
          offset += p.length;
        }
        return out;
      }
      case 'actors':
        return request.slots.map((k) => this.slot(k).core.getActorParams());
      case 'update':
        // AgentPool.update's loop, for this worker's due slots.
        return request.due.map(([k, steps]) => {
          const { core, replay, sampler } = this.slot(k);
          for (let i = 0; i < steps; i++) core.update(replay.sample(this.setup.sac.batchSize, sampler));
          return core.getActorParams();
        });
      case 'state': {
        const out: WorkerSlotState[] = [];
        for (const k of request.slots) {
          const { core, replay, sampler } = this.slot(k);
          out.push({ core: await core.state(), replay: replay.state(), sampler: sampler.state() });
        }
        return out;
      }
      case 'load': {
        const slot = this.newSlot(request.stream, ReplayBuffer.fromState(request.state.replay));
        await slot.core.loadState(request.state.core);
        slot.sampler.restore(request.state.sampler);
        this.slots.get(request.slot)?.core.dispose();
        this.slots.set(request.slot, slot);
        return slot.core.getActorParams();
      }
    }
  }

  private slot(k: number): WorkerSlot {
    const slot = this.slots.get(k);
    if (slot === undefined) throw new Error(`learner worker has no slot ${k}`);
    return slot;
  }

  private newSlot(stream: number, restored?: ReplayBuffer): WorkerSlot {
    const { spaces, sac, seed } = this.setup;
    const core = new SacCore(spaces, sac, new Rng(seed, stream));
    const replay = restored ?? new ReplayBuffer({ capacity: sac.replayCapacity, obsDim: spaces.obsDim, actionDim: core.actionDim });
    return { core, replay, sampler: new Rng(seed, stream + 1) };
  }
}

function needsReply(request: LearnerRequest): boolean {
  return request.kind !== 'create' && request.kind !== 'add';
}

function main(): void {
  const { setup, port, flag } = workerData as WorkerInput;
  const words = new Int32Array(flag);
  // A pool blocked waiting for a reply must learn that none will come.
  process.on('uncaughtException', (error) => {
    Atomics.store(words, FLAG_STATE, WORKER_FAILED);
    Atomics.notify(words, FLAG_REPLIES);
    process.stderr.write(`learner worker: ${error.stack ?? error.message}\n`);
    process.exit(1);
  });
  // The first failure of a request nobody waits for, told with the next reply.
  let pending: string | null = null;
  const ready = selectBackend(setup.backend, { native: setup.native, log: () => undefined }).then(() => {
    // One BLAS thread per worker whatever OPENBLAS_NUM_THREADS says: two workers already use both cores.
    const blas = setup.native ? loadNativeBlas() : null;
    if (blas?.ok === true) blas.blas.setThreads(1);
    return new Learners(setup);
  });
  let queue: Promise<unknown> = Promise.resolve();
  port.on('message', (request: LearnerRequest) => {
    // One request at a time, in arrival order (state/load are async).
    queue = queue.then(async () => {
      let reply: LearnerReply | null = null;
      try {
        const value = await (await ready).handle(request);
        if (needsReply(request)) reply = pending === null ? { ok: true, value } : { ok: false, message: pending };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (needsReply(request)) reply = { ok: false, message: pending ?? message };
        else pending ??= message;
      }
      if (reply === null) return;
      pending = null;
      port.postMessage(reply, transferables(reply));
      Atomics.add(words, FLAG_REPLIES, 1);
      Atomics.notify(words, FLAG_REPLIES);
    });
  });
  Atomics.store(words, FLAG_STATE, WORKER_RUNNING);
}

/** The reply's parameter vectors move instead of being copied. */
function transferables(reply: LearnerReply): ArrayBuffer[] {
  if (!reply.ok) return [];
  const { value } = reply;
  if (value instanceof Float32Array) return [value.buffer as ArrayBuffer];
  if (Array.isArray(value) && value.every((v) => v instanceof Float32Array)) return value.map((v: Float32Array) => v.buffer as ArrayBuffer);
  return [];
}

main();
