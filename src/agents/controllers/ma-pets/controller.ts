// MA-PETS (Wen et al., IEEE TVT 2024; MA-PMBRL's baseline [28]): per CAV a probabilistic ensemble trained on its own
// transitions and those received from the CAVs within range d at each episode's end, and PETS's MPC on it (CEM over
// action sequences, TS-∞ particles); all CAVs plan in one batched pass. The first episode acts at random.
import type { ActPhase, AgentSpaces, Controller, StepContext, Transition } from '../../controller.js';
import { readControllerCheckpoint, restoring, writeControllerCheckpoint } from '../../controller-checkpoint.js';
import { CheckpointError } from '../../errors.js';
import { ModelBasedAgents } from '../../models/model-based-agents.js';
import type { WorldModelFactory } from '../../models/world-model.js';
import { parseModelBasedState } from '../../models/model-based-state.js';
import { TravelDistance } from '../../models/travel-distance.js';
import type { Fields } from '../../pool-state.js';
import { LossyChannel } from '../../../comm/channel.js';
import { RNG_STREAMS, Rng } from '../../../util/rng.js';
import { GaussianEnsemble } from '../mbpo/ensemble.js';
import { exchangeEpisodes } from '../ma-pmbrl/exchange-round.js';
import { maPetsLearnerConfig, maPetsModelConfig } from './config.js';
import type { MaPetsConfig } from './config.js';
import { EnsembleParticles } from './particle-model.js';
import { TrajectorySamplingPlanner } from './planner.js';
import { LocalNets, WorkerNets } from './stacked-nets.js';
import type { StackedNetsFactory } from './stacked-nets.js';

export const MA_PETS_COLUMNS = [
  'model_loss', // held-out Gaussian NLL per target dimension, mean over each learner's networks, then over learners fitted
  'samples_received', // transitions received in the exchange, all learners
  'comm_bytes', // bytes received in the exchange, all learners
  'travel_distance', // m per learner in the episode
  'utility', // MA-PMBRL eq. (21), m per step per learner
] as const;

type Learners = ModelBasedAgents<GaussianEnsemble>;

export class MaPetsController implements Controller {
  readonly id = 'ma-pets';
  readonly drives = true;
  /** MPC has no policy network. */
  readonly policyParameters = null;
  readonly metricColumns = MA_PETS_COLUMNS;
  private readonly learners: Learners;
  private readonly planner: TrajectorySamplingPlanner;
  private readonly plannerRng: Rng;
  private readonly channelRng: Rng;
  private readonly distance = new TravelDistance();
  /** Each agent's last optimised sequence (warm start of its next step); forgotten at the episode's end. */
  private readonly warm = new Map<string, Float32Array>();
  /** The stacked ensembles of the slots last planned for; rebuilt after every refit or when the slots change. */
  private particles: { key: string; model: EnsembleParticles } | null = null;
  private metrics: Readonly<Record<string, number>> = {};

  constructor(private readonly spaces: AgentSpaces, readonly config: MaPetsConfig, seed: number) {
    this.learners = new ModelBasedAgents(spaces, maPetsLearnerConfig(config), seed, maPetsModels(spaces, config), 'ma-pets', config);
    this.planner = new TrajectorySamplingPlanner(spaces.actionBounds, config);
    this.plannerRng = new Rng(seed, RNG_STREAMS.MA_PETS_PLANNER);
    this.channelRng = new Rng(seed, RNG_STREAMS.MA_PETS_EXCHANGE);
  }

  /** The learners (read-only use: tests). */
  get agents(): Learners {
    return this.learners;
  }

  /**
   * Random actions in Alg. 1's initial episode (and for a CAV whose model is not fitted yet); otherwise each CAV's
   * MPC action, all CAVs in one plan (slot order).
   */
  act(agentIds: readonly string[], obs: Float32Array, phase: ActPhase): Float32Array {
    // The pool assigns slots and, while exploring, draws the uniform actions; its SAC actors are never trained.
    const actions = this.learners.act(agentIds, obs, phase);
    if (phase === 'train' && this.learners.exploring) return actions;
    const A = this.spaces.actionBounds.low.length;
    const rows = agentIds.map((id, row) => ({ id, row, k: this.learners.slotOf(id) ?? -1 })).filter((r) => r.k >= 0).sort((a, b) => a.k - b.k);
    const planned = rows.filter((r) => this.learners.slot(r.k).model.ready);
    for (const r of rows) if (!this.learners.slot(r.k).model.ready) actions.set(this.learners.slot(r.k).core.randomActions(1), r.row * A);
    if (planned.length === 0) return actions;
    const model = this.particleModel(planned.map((r) => r.k));
    const d = this.spaces.obsDim;
    const starts = new Float32Array(planned.length * d);
    planned.forEach((r, g) => starts.set(obs.subarray(r.row * d, (r.row + 1) * d), g * d));
    const plan = this.planner.plan(model, starts, planned.map((r) => this.warm.get(r.id) ?? null), this.plannerRng);
    const D = this.planner.dim;
    planned.forEach((r, g) => {
      actions.set(plan.actions.subarray(g * A, (g + 1) * A), r.row * A);
      this.warm.set(r.id, plan.solutions.slice(g * D, (g + 1) * D));
    });
    return actions;
  }

  observe(transitions: readonly Transition[]): void {
    this.learners.observe(transitions);
  }

  /** No learning inside an episode: the ensembles are refitted at its end. */
  update(ctx: StepContext): number {
    this.distance.observe(ctx.step, ctx.positions);
    return 0;
  }

  /** End of a training episode: the exchange within d (eq. 3), then every CAV's ensemble refitted on its D_E. */
  endEpisode(ctx: StepContext): void {
    this.distance.observe(ctx.step, ctx.positions);
    const travel = this.distance.finish(ctx.horizon);
    const metrics: Record<(typeof MA_PETS_COLUMNS)[number], number> = { model_loss: Number.NaN, samples_received: 0, comm_bytes: 0, travel_distance: travel.distancePerLearner, utility: travel.utility };
    if (ctx.phase === 'train') {
      const plan = exchangeEpisodes(this.learners, ctx, this.config.range, new LossyChannel(this.config.prr, this.channelRng), this.spaces);
      metrics.samples_received = plan.records.reduce((n, r) => n + r.samples, 0);
      metrics.comm_bytes = plan.records.reduce((n, r) => n + r.bytes, 0);
      // Every CAV's fit reads only its own D_E and RNG: all together (two at a time with fitWorkers 2), in slot order.
      const fits = this.learners.fitModels(Array.from({ length: this.learners.slotCount }, (_, k) => k));
      const losses = [...fits.values()].map((fit) => fit.heldOutLoss).filter(Number.isFinite);
      metrics.model_loss = losses.length === 0 ? Number.NaN : losses.reduce((s, v) => s + v, 0) / losses.length;
      this.forgetParticles();
    }
    this.metrics = metrics;
    this.warm.clear();
    this.learners.finishEpisode(ctx.phase);
  }

  episodeMetrics(): Readonly<Record<string, number>> {
    return this.metrics;
  }

  async save(dir: string): Promise<void> {
    await writeControllerCheckpoint(dir, this.id, this.config, { learners: await this.learners.state(), planner: this.plannerRng.state(), channel: this.channelRng.state() });
  }

  async load(dir: string): Promise<void> {
    const data = await readControllerCheckpoint(dir, this.id, this.config);
    await restoring(dir, async () => {
      await this.learners.loadState(parseModelBasedState(data.learners));
      this.plannerRng.restore(words(data, 'planner'));
      this.channelRng.restore(words(data, 'channel'));
    });
    this.forgetParticles();
    this.warm.clear();
  }

  dispose(): void {
    this.forgetParticles();
    this.learners.dispose();
  }

  private forgetParticles(): void {
    this.particles?.model.dispose();
    this.particles = null;
  }

  /** Where the planner's stacked passes run: here, or half in each of two worker threads. */
  private stackedNets(): StackedNetsFactory {
    if (this.config.learnerWorkers === 1) return (sizes, nets) => new LocalNets(sizes, nets);
    // The learners' threads (the ensembles' fits run there too with fitWorkers 2).
    const workers = this.learners.workerThreads();
    return (sizes, nets) => new WorkerNets(workers, sizes, nets);
  }

  /** The elites of `slots`' ensembles as one stacked particle model (cached until a refit or another slot set). */
  private particleModel(slots: readonly number[]): EnsembleParticles {
    const key = slots.join(',');
    if (this.particles?.key !== key) {
      const ensembles = slots.map((k) => {
        const ensemble = this.learners.slot(k).model;
        return ensemble.elites.map((e) => ensemble.members[e]).filter((m) => m !== undefined);
      });
      this.forgetParticles();
      this.particles = { key, model: new EnsembleParticles(ensembles, this.stackedNets()) };
    }
    return this.particles.model;
  }
}

/** A CAV's probabilistic ensemble (also what a learner worker builds to fit one, controllers/learner-rounds.ts). */
export function maPetsModels(spaces: AgentSpaces, config: MaPetsConfig): WorldModelFactory<GaussianEnsemble> {
  const modelConfig = maPetsModelConfig(config);
  const actionDim = spaces.actionBounds.low.length;
  return (rng) => new GaussianEnsemble(spaces.obsDim, actionDim, modelConfig, config.ensembleSize, config.ensembleSize, rng);
}

export function createMaPetsController(spaces: AgentSpaces, config: MaPetsConfig, seed: number): MaPetsController {
  return new MaPetsController(spaces, config, seed);
}

function words(saved: Fields, field: string): number[] {
  const value = saved[field];
  if (!Array.isArray(value) || !value.every((w): w is number => typeof w === 'number')) throw new CheckpointError(`(${field} rng)`, 'expected a list of RNG words');
  return value;
}
