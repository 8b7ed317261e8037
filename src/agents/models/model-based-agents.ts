// The learners of a model-based controller (MBPO, MA-PMBRL Alg. 1): an AgentPool gives each learner its SAC
// core, its real buffer D_E (replayCapacity) and the batched act; next to each slot this keeps a dynamics model,
// a model buffer D_T̃ϕ and the transitions of the running episode (what MA-PMBRL exchanges). The schedule is
// MA-PMBRL Alg. 1's: the first `randomEpisodes` training episodes act uniformly at random without updates; then every
// env step (`envStepsPerUpdate`) a learner branches an L-step rollout from the state it is in ('current') and takes
// `updatesPerStep` SAC steps; MBPO instead refits every `modelRefitEvery` steps and rolls out from D_E ('buffer').
import type { ActPhase, AgentSpaces, Phase, Transition } from '../controller.js';
import { PoolError } from '../errors.js';
import { AgentPool } from '../pool.js';
import type { PoolState } from '../pool.js';
import { ReplayBuffer } from '../replay.js';
import type { ReplayState } from '../replay.js';
import type { SacCore } from '../sac/sac.js';
import { RNG_STREAMS, Rng } from '../../util/rng.js';
import type { ModelFit } from './gaussian-model.js';
import type { WorldModel, WorldModelFactory, WorldModelState } from './world-model.js';
import { mixedBatch } from './mixed-batch.js';
import type { ModelBasedConfig } from './model-based-config.js';
import { rollout } from './rollouts.js';
import { scheduledRolloutLength } from './rollout-schedule.js';
import { splitHeldOut, transitionData } from './transition-data.js';
import type { FitRequest } from './model-fits.js';
import { modelWork } from './model-workers.js';
import type { ModelWork } from './model-workers.js';
import type { LearnerWorkers } from '../learner-workers.js';
import type { SacLosses } from '../sac/sac.js';

export type { WorldModel, WorldModelFactory, WorldModelState } from './world-model.js';

export interface ModelSlot<M extends WorldModel> {
  readonly index: number;
  readonly core: SacCore;
  readonly real: ReplayBuffer;
  readonly model: M;
  readonly modelBuffer: ReplayBuffer;
  /** Own transitions of the running episode, in order. */
  readonly episode: readonly Transition[];
  readonly lastFit: ModelFit | null;
}

interface Extras<M extends WorldModel> {
  readonly model: M;
  readonly modelBuffer: ReplayBuffer;
  readonly rng: Rng;
  episode: Transition[];
  sinceUpdate: number;
  lastFit: ModelFit | null;
  /** s_t the learner is in now (the last s' it observed), where 'current' rollouts branch; null once it is done. */
  current: Float32Array | null;
  /** The learner's training env steps (MBPO's rollout-length schedule counts epochs of them). */
  envSteps: number;
  /** Env steps since its model's last refit ('modelRefitEvery'). */
  sinceRefit: number;
}

export interface ModelSlotState {
  readonly model: WorldModelState;
  readonly modelBuffer: ReplayState;
  readonly rng: readonly number[];
  readonly sinceUpdate: number;
  readonly envSteps: number;
  readonly sinceRefit: number;
}

export interface ModelBasedState {
  readonly pool: PoolState;
  /** Training episodes finished (the first `randomEpisodes` act at random). */
  readonly trainEpisodes: number;
  readonly slots: readonly ModelSlotState[];
}

export class ModelBasedAgents<M extends WorldModel> {
  readonly config: ModelBasedConfig;
  private readonly spaces: AgentSpaces;
  private readonly seed: number;
  private readonly createModel: WorldModelFactory<M>;
  private pool: AgentPool;
  private readonly extras: Extras<M>[] = [];
  private trainEpisodes = 0;
  /** Where the SAC steps and model fits run: here, or in worker threads (learnerWorkers / fitWorkers 2; model-workers.ts). */
  private readonly work: ModelWork;

  /**
   * `controller`: the id a learner worker builds the model from (learner-rounds.ts), for fitWorkers 2, with
   * `modelConfig`, the controller's own config (default `config`).
   */
  constructor(spaces: AgentSpaces, config: ModelBasedConfig, seed: number, createModel: WorldModelFactory<M>, controller: string | null = null, modelConfig: unknown = config) {
    this.spaces = spaces;
    this.config = config;
    this.seed = seed;
    this.createModel = createModel;
    this.pool = this.newPool();
    this.work = modelWork(spaces, config, seed, controller, modelConfig);
  }

  get agents(): AgentPool {
    return this.pool;
  }

  get slotCount(): number {
    return this.extras.length;
  }

  /** Slot k, its core whole (learnerWorkers 2: its critics, targets and α come back from its replica). */
  slot(k: number): ModelSlot<M> {
    const extra = this.extras[k];
    if (extra === undefined) throw new PoolError(`model-based pool has no slot ${k} (it has ${this.extras.length})`);
    const { core, replay } = this.pool.slot(k);
    this.work.steps.whole([[k, core]]);
    return { index: k, core, real: replay, model: extra.model, modelBuffer: extra.modelBuffer, episode: extra.episode, lastFit: extra.lastFit };
  }

  /** The worker threads of the learners (`max(learnerWorkers, fitWorkers)` of them), started now if not yet. */
  workerThreads(): LearnerWorkers {
    return this.work.threads();
  }

  /** The slot `agentId` acted with, if any. */
  slotOf(agentId: string): number | undefined {
    return this.pool.slotOf(agentId);
  }

  /** True while the training episodes are Alg. 1's initial random ones (no updates, uniform actions). */
  get exploring(): boolean {
    return this.trainEpisodes < this.config.randomEpisodes;
  }

  act(agentIds: readonly string[], obs: Float32Array, phase: ActPhase): Float32Array {
    const actions = this.pool.act(agentIds, obs, phase);
    this.grow();
    if (phase === 'train' && this.exploring) this.randomise(agentIds, actions);
    return actions;
  }

  /** Stores each transition in D_E (the pool) and in its slot's episode record. */
  observe(transitions: readonly Transition[]): void {
    this.pool.observe(transitions);
    const ready = Math.max(this.config.learningStarts, this.config.batchSize);
    const learning = !this.exploring;
    for (const t of transitions) {
      const k = this.pool.slotOf(t.agentId);
      const extra = k === undefined ? undefined : this.extras[k];
      if (k === undefined || extra === undefined) continue;
      extra.episode.push({ ...t, obs: t.obs.slice(), action: t.action.slice(), nextObs: t.nextObs.slice() });
      extra.current = t.terminated || t.truncated ? null : t.nextObs.slice();
      extra.envSteps += 1;
      if (!learning) continue;
      extra.sinceRefit += 1;
      if (this.pool.slot(k).replay.size >= ready) extra.sinceUpdate += 1;
    }
  }

  /**
   * Every slot's due work (slot order): a model refit when `modelRefitEvery` steps have passed (with its 'buffer'
   * rollouts), then per due env step a 'current' rollout from s_t (once the model is fitted) and `updatesPerStep`
   * SAC steps on a real/model mini-batch. Returns gradient steps taken.
   */
  update(): number {
    const c = this.config;
    if (this.exploring) return 0;
    // The refits due now first, all together (two at a time with fitWorkers 2): each reads and advances only its own
    // slot's data and RNG, so doing them before the slots' steps changes no number.
    const refits: number[] = [];
    this.extras.forEach((extra, k) => {
      if (c.modelRefitEvery !== null && extra.sinceRefit >= c.modelRefitEvery) {
        extra.sinceRefit -= c.modelRefitEvery;
        refits.push(k);
      }
    });
    this.refit(refits);
    // Per due env step, all slots' work at once (two workers in parallel with learnerWorkers 2): each slot's rollout
    // and mini-batches, then the slots' SAC steps. A slot's work reads and advances only its own core, data and RNG,
    // so this order gives the numbers of doing the slots one after another.
    const due = this.extras.map((extra) => {
      const n = Math.floor(extra.sinceUpdate / c.envStepsPerUpdate);
      extra.sinceUpdate -= n * c.envStepsPerUpdate;
      return n;
    });
    const losses: SacLosses[][] = this.extras.map(() => []);
    for (let wave = 0; wave < Math.max(0, ...due); wave++) {
      const jobs = this.extras.flatMap((extra, k) => {
        if ((due[k] ?? 0) <= wave) return [];
        const { core, replay } = this.pool.slot(k);
        if (c.rolloutStart === 'current' && extra.model.ready && extra.current !== null) {
          rollout(core, extra.model, extra.current, this.rolloutLength(k), extra.modelBuffer, extra.rng);
        }
        const batches = Array.from({ length: c.updatesPerStep }, () => mixedBatch(replay, extra.modelBuffer, c.batchSize, c.realRatio, extra.rng));
        return [{ slot: k, core, batches }];
      });
      this.work.steps.run(jobs).forEach((stepLosses, i) => losses[jobs[i]?.slot ?? -1]?.push(...stepLosses));
    }
    // Added in slot order, as one slot after another would.
    for (const slotLosses of losses) for (const l of slotLosses) this.pool.losses.add(l);
    return due.reduce((n, d) => n + d * c.updatesPerStep, 0);
  }

  /** L for slot k now: MBPO's schedule over its env steps, or the fixed L_rollout. */
  rolloutLength(k: number): number {
    const schedule = this.config.rolloutSchedule;
    return schedule === null ? this.config.rolloutLength : scheduledRolloutLength(schedule, this.extras[k]?.envSteps ?? 0);
  }

  /**
   * Fits the models of `slots` (fitModels), then (rolloutStart 'buffer', MBPO) refills each fitted slot's model buffer
   * from `rolloutBatch` D_E states; the fits by slot.
   */
  refit(slots: readonly number[]): Map<number, ModelFit> {
    const fits = this.fitModels(slots);
    for (const k of slots) if (fits.has(k)) this.bufferRollouts(k);
    return fits;
  }

  /** Fits slot k's model to its D_E (Alg. 1: "train the MLE dynamics model on D_E"), with a held-out split. */
  fitModel(k: number): ModelFit | null {
    return this.fitModels([k]).get(k) ?? null;
  }

  /**
   * Fits the models of `slots` (each on its own D_E with a held-out split drawn from its RNG, in slot order), here or
   * in the fit workers; the fits by slot (a slot with fewer than 2 transitions is skipped).
   */
  fitModels(slots: readonly number[]): Map<number, ModelFit> {
    const requests: (FitRequest & { readonly slot: number })[] = [];
    for (const k of slots) {
      const extra = this.extras[k];
      if (extra === undefined) continue;
      const real = this.pool.slot(k).replay;
      if (real.size < 2) continue;
      const { train, heldOut } = splitHeldOut(transitionData(real.state()), this.config.heldOutFraction, extra.rng);
      requests.push({ slot: k, model: extra.model, train, heldOut, rng: extra.rng });
    }
    const fits = this.work.fits.fit(requests);
    const out = new Map<number, ModelFit>();
    requests.forEach((r, i) => {
      const fit = fits[i] as ModelFit;
      (this.extras[r.slot] as Extras<M>).lastFit = fit;
      out.set(r.slot, fit);
    });
    return out;
  }

  /** Adds a transition received from another learner to slot k's D_E (eq. 3). */
  addReal(k: number, t: Transition): void {
    this.pool.addReceived(k, t);
  }

  /** The episode is over: forget its transitions; a training episode counts toward the random ones. */
  finishEpisode(phase: Phase): void {
    for (const extra of this.extras) {
      extra.episode = [];
      extra.current = null;
    }
    if (phase === 'train') this.trainEpisodes += 1;
  }

  async state(): Promise<ModelBasedState> {
    this.wholeCores();
    return {
      pool: await this.pool.state(),
      trainEpisodes: this.trainEpisodes,
      slots: this.extras.map((e) => ({ model: e.model.state(), modelBuffer: e.modelBuffer.state(), rng: e.rng.state(), sinceUpdate: e.sinceUpdate, envSteps: e.envSteps, sinceRefit: e.sinceRefit })),
    };
  }

  /** Restores into a fresh set of learners (same spaces and config); replaces this one's only when all went well. */
  async loadState(state: ModelBasedState): Promise<void> {
    const pool = this.newPool();
    const extras: Extras<M>[] = [];
    try {
      await pool.loadState(state.pool);
      if (state.slots.length !== pool.slotCount) throw new PoolError(`model-based state: ${state.slots.length} model slots for ${pool.slotCount} learners`);
      state.slots.forEach((saved, k) => {
        const extra = this.newExtras(k, ReplayBuffer.fromState(saved.modelBuffer));
        extras.push(extra);
        extra.model.loadState(saved.model);
        extra.rng.restore(saved.rng);
        extra.sinceUpdate = saved.sinceUpdate;
        extra.envSteps = saved.envSteps;
        extra.sinceRefit = saved.sinceRefit;
      });
    } catch (error) {
      pool.dispose();
      for (const e of extras) e.model.dispose();
      throw error;
    }
    this.pool.dispose();
    for (const e of this.extras) e.model.dispose();
    this.extras.length = 0;
    this.work.steps.reset();
    this.pool = pool;
    this.extras.push(...extras);
    this.trainEpisodes = state.trainEpisodes;
  }

  dispose(): void {
    this.pool.dispose();
    for (const e of this.extras) e.model.dispose();
    this.extras.length = 0;
    this.work.dispose();
  }

  /** The pool's learners stay in this thread: with learnerWorkers 2 only their SAC steps run in workers (sac-steps.ts). */
  private newPool(): AgentPool {
    return new AgentPool(this.spaces, { ...this.config, learnerWorkers: 1 }, this.seed);
  }

  /** Every core whole in this thread (sac-steps.ts). */
  private wholeCores(): void {
    this.work.steps.whole(this.extras.map((_, k) => [k, this.pool.slot(k).core] as const));
  }

  /** MBPO: after a refit, `rolloutBatch` rollouts from D_E states fill slot k's model buffer (rolloutStart 'buffer'). */
  private bufferRollouts(k: number): void {
    const extra = this.extras[k];
    if (extra === undefined || this.config.rolloutStart !== 'buffer' || !extra.model.ready) return;
    const { core, replay } = this.pool.slot(k);
    rollout(core, extra.model, replay.sample(this.config.rolloutBatch, extra.rng).obs, this.rolloutLength(k), extra.modelBuffer, extra.rng);
  }

  /** Gives every new pool slot its model part. */
  private grow(): void {
    while (this.extras.length < this.pool.slotCount) this.extras.push(this.newExtras(this.extras.length));
  }

  private newExtras(k: number, buffer?: ReplayBuffer): Extras<M> {
    const rng = new Rng(this.seed, RNG_STREAMS.MODEL_BASE + k);
    const actionDim = this.spaces.actionBounds.low.length;
    return {
      model: this.createModel(rng),
      modelBuffer: buffer ?? new ReplayBuffer({ capacity: this.config.modelCapacity, obsDim: this.spaces.obsDim, actionDim }),
      rng,
      episode: [],
      sinceUpdate: 0,
      lastFit: null,
      current: null,
      envSteps: 0,
      sinceRefit: 0,
    };
  }

  /** Overwrites each agent's row with a uniform action from its slot's core, in slot order (Alg. 1's first episode). */
  private randomise(agentIds: readonly string[], actions: Float32Array): void {
    const actionDim = this.spaces.actionBounds.low.length;
    const rows = agentIds.map((id, row) => ({ row, k: this.pool.slotOf(id) ?? -1 })).sort((a, b) => a.k - b.k);
    for (const { row, k } of rows) {
      if (k < 0) continue;
      actions.set(this.pool.slot(k).core.randomActions(1), row * actionDim);
    }
  }
}
