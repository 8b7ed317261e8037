// A learner worker thread (learner-workers.ts starts it): hosts the set of learners of its share of a pool's slots —
// the same LocalLearners a one-thread pool uses, so seeded the same way — on its own tfjs instance, and serves the
// pool's requests in order. After a `call` it posts the reply, then bumps the shared flag the pool waits on.
import type { MessagePort } from 'node:worker_threads';
import { workerData } from 'node:worker_threads';
import { selectBackend } from '../nn/backend.js';
import { loadNativeBlas } from '../nn/native-blas.js';
import { FLAG_REPLIES, FLAG_STATE, WORKER_FAILED, WORKER_RUNNING } from './learner-protocol.js';
import type { LearnerReply, LearnerRequest, LearnerWorkerSetup, ModelFitJob, ModelFitReply, PpoUpdateReply, PpoUpdateRequest, UpdateReply } from './learner-protocol.js';
import { PpoLearner } from './ppo/ppo.js';
import { StackedMlp } from '../nn/stacked-mlp.js';
import type { WorldModel, WorldModelFactory } from './models/world-model.js';
import { mulberry32 } from '../nn/random.js';
import { Rng } from '../util/rng.js';
import { LocalLearners } from './local-learners.js';
import { ReplicaCores } from './replica-cores.js';
import { learnerModel, learnerRound, learnerRule } from './controllers/learner-rounds.js';

interface WorkerInput {
  readonly setup: LearnerWorkerSetup;
  readonly port: MessagePort;
  /** Int32Array over a SharedArrayBuffer: [replies posted, state] (learner-workers.ts FLAG_*). */
  readonly flag: SharedArrayBuffer;
}

/** Answers a request from the worker's learner set; undefined for the ones that need no reply. */
async function handle(learners: LocalLearners, request: LearnerRequest): Promise<unknown> {
  const { setup } = workerData as WorkerInput;
  switch (request.kind) {
    case 'create':
      return learners.create(request.slot, request.initial);
    case 'add':
      return learners.add(request.transitions);
    case 'randomActions': {
      const parts = [...learners.randomActions(request.slots).values()];
      const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
      let offset = 0;
      for (const p of parts) {
        out.set(p, offset);
        offset += p.length;
      }
      return out;
    }
    case 'actors':
      return request.slots.map((k) => learners.actor(k));
    case 'setActor':
      return learners.setActor(request.slot, request.params);
    case 'update': {
      const versions = request.due.map(([k]) => learners.actorVersion(k));
      const steps = learners.update(request.due, new Map(request.inputs));
      // An actor goes back only when it changed: at schedule 'algorithm-1' nine steps in ten are critic-only.
      return request.due.map(([k], i): UpdateReply => ({
        actor: learners.actorVersion(k) === versions[i] ? null : learners.actor(k),
        losses: steps.get(k)?.losses ?? [],
        notes: steps.get(k)?.notes ?? [],
      }));
    }
    case 'published': {
      const published = learners.published(request.slots);
      return request.slots.map((k) => published.get(k));
    }
    case 'forgetRule':
      return learners.forgetRule();
    case 'fitModels':
      return request.jobs.map((job) => fitModel(job));
    case 'state': {
      const states = await learners.state(request.slots);
      return request.slots.map((k) => states.get(k));
    }
    case 'mixRound':
      return learners.mixRound(request.slot, request.round);
    case 'load':
      await learners.load(request.slot, request.state);
      return learners.actor(request.slot);
    case 'replicaLoad':
      replicas ??= new ReplicaCores(setup.spaces, setup.sac);
      return replicas.load(request.slot, request.state);
    case 'replicaSteps':
      return request.jobs.map((job) => replicaCores().steps(job));
    case 'replicaState':
      return replicaCores().state(request.slots);
    case 'ppoUpdates':
      return request.jobs.map((job) => ppoUpdate(job));
    case 'stackedSetup': {
      const mlp = new StackedMlp(request.sizes, request.nets, { native: request.native, params: request.params });
      if ((mlp.engine === 'openblas') !== request.native) throw new Error(`stacked nets: the pool thread computes with ${request.native ? 'OpenBLAS' : 'plain loops'}, this worker could not`);
      return void stacked.set(request.id, mlp);
    }
    case 'stackedForward': {
      const mlp = stacked.get(request.id);
      if (mlp === undefined) throw new Error(`no stacked nets ${request.id} in this learner worker`);
      mlp.forwardRange(request.x, request.rows, request.from, request.to, request.out);
      return null;
    }
    case 'stackedDrop':
      return void stacked.delete(request.id);
  }
}

/** The replicas of model-based learners' cores (replica-cores.ts), made at the first load. */
let replicas: ReplicaCores | null = null;

function replicaCores(): ReplicaCores {
  if (replicas === null) throw new Error('no replica core was loaded in this learner worker');
  return replicas;
}

/** Stacked nets computing over shared parameters, by id (stackedSetup). */
const stacked = new Map<number, StackedMlp>();

/** The PPO learner the updates of this worker's slots run on, each from the state it carries (made at the first). */
let ppoLearner: PpoLearner | null = null;

function ppoUpdate(job: PpoUpdateRequest): PpoUpdateReply {
  const { setup } = workerData as WorkerInput;
  if (setup.ppo === null) throw new Error('this learner worker was started without a PPO config');
  // Every weight, Adam moment and the RNG's position come from the job's state: the initialising source is irrelevant.
  ppoLearner ??= new PpoLearner(setup.spaces, setup.ppo, new Rng(0));
  ppoLearner.loadState(job.state);
  const losses = ppoLearner.update(job.batch);
  return { state: ppoLearner.state(), losses };
}

/** The controller's world model of this worker's setup, built at the first fit. */
let models: WorldModelFactory<WorldModel> | null = null;

/** One fit as plain data: the model rebuilt from its state, fitted with the job's RNG, its new state and RNG back. */
function fitModel(job: ModelFitJob): ModelFitReply {
  const { setup } = workerData as WorkerInput;
  models ??= setup.controller === null ? null : learnerModel(setup.controller, setup.spaces, setup.modelConfig);
  if (models === null) throw new Error(`controller ${setup.controller ?? '(none)'} has no world model to fit`);
  // Every weight comes from the job's state: the initialising source is irrelevant.
  const model = models(mulberry32(0));
  try {
    model.loadState(job.model);
    const rng = new Rng(0);
    rng.restore(job.rng);
    const fit = model.fit(job.train, job.heldOut, rng);
    return { model: model.state(), rng: rng.state(), fit };
  } finally {
    model.dispose();
  }
}

function needsReply(request: LearnerRequest): boolean {
  return request.kind !== 'create' && request.kind !== 'add' && request.kind !== 'setActor' && request.kind !== 'forgetRule' && request.kind !== 'replicaLoad' && request.kind !== 'stackedSetup' && request.kind !== 'stackedDrop';
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
    const { controller } = setup;
    return new LocalLearners(setup.spaces, setup.sac, setup.seed, controller === null ? null : learnerRound(controller, setup.sac), controller === null ? null : learnerRule(controller, setup.spaces, setup.sac));
  });
  let queue: Promise<unknown> = Promise.resolve();
  port.on('message', (request: LearnerRequest) => {
    // One request at a time, in arrival order (state/load are async).
    queue = queue.then(async () => {
      let reply: LearnerReply | null = null;
      try {
        const value = await handle(await ready, request);
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
  if (Array.isArray(value) && value.every(isUpdateReply)) return value.flatMap((v) => (v.actor === null ? [] : [v.actor.buffer as ArrayBuffer]));
  if (isUpdateReply(value) && value.actor !== null) return [value.actor.buffer as ArrayBuffer];
  return [];
}

function isUpdateReply(value: unknown): value is UpdateReply {
  return typeof value === 'object' && value !== null && 'actor' in value && (value.actor === null || value.actor instanceof Float32Array);
}

main();
