// The controllers that learn like ISAC and exchange actor parameters with their neighbours (Avg-MASAC, RSM-MASAC;
// RSM-MASAC Sec. III-A2): each learner runs local SAC updates on its own schedule (AgentPool), and after every U
// of its policy updates it holds a communication round whose mixing rule is the algorithm's (Alg. 1 l. 21–24).
// Every round is one comm.csv row; the replicas it reconstructs and mixes feed ρ_total, ρ_ef, ρ_r and ψ.
import { LossyChannel } from '../../comm/channel.js';
import { Rng } from '../../util/rng.js';
import type { AgentSpaces, Controller, ActPhase, Phase, StepContext, Transition } from '../controller.js';
import { CheckpointError } from '../errors.js';
import { AgentPool } from '../pool.js';
import type { PoolSlot } from '../pool.js';
import { effectiveSchedule } from '../sac/config.js';
import type { SacConfig } from '../sac/config.js';
import type { CommConfig } from './comm-config.js';
import { COMM_STREAM, MIXING_METRIC_COLUMNS, MixingCounters, RoundSchedule, neighbourGraph } from './comm-rounds.js';
import { loadPoolCheckpoint, savePoolCheckpoint } from './pool-checkpoint.js';

/** What a mixing rule gets for one agent's round. */
export interface ExchangeRound {
  readonly agent: string;
  /** The agent's learner (its actor is mixed in place). */
  readonly slot: PoolSlot;
  /** Ω_i. */
  readonly neighbours: readonly string[];
  /** Every neighbour's θ at the start of this step's rounds (all rounds of a step exchange the same snapshot). */
  readonly policies: ReadonlyMap<string, Float32Array>;
  /** Sends one message over the channel: null when it is lost, else what arrives (a copy; PRR, lossModel). */
  readonly transmit: (values: Float32Array) => Float32Array | null;
  readonly rng: Rng;
}

/** A round's counts (comm.csv columns; `replicas` and `mixed` also feed ρ_total and ρ_ef). */
export interface ExchangeOutcome {
  readonly requested: number;
  readonly received: number;
  readonly lost: number;
  readonly replicas: number;
  readonly mixed: number;
  readonly bytes: number;
}

/** How an algorithm turns what its neighbours send into a new actor. */
export interface MixingRule {
  /** comm.csv `kind`: what travels ('actors', 'segments'). */
  readonly kind: string;
  round(round: ExchangeRound): ExchangeOutcome;
  dispose(): void;
}

export type ExchangeConfig = SacConfig & CommConfig;

export class PolicyExchangeController implements Controller {
  readonly drives = true;
  readonly metricColumns = MIXING_METRIC_COLUMNS;
  private agents: AgentPool;
  private readonly schedule: RoundSchedule;
  private readonly counters = new MixingCounters();
  private readonly rng: Rng;
  private readonly channel: LossyChannel;

  constructor(
    readonly id: string,
    private readonly spaces: AgentSpaces,
    readonly config: ExchangeConfig,
    private readonly seed: number,
    private readonly rule: MixingRule,
  ) {
    this.agents = new AgentPool(spaces, config, seed);
    this.schedule = new RoundSchedule(config.updatesPerRound, effectiveSchedule(config).policyDelay);
    this.rng = new Rng(seed, COMM_STREAM);
    this.channel = new LossyChannel(config.prr, this.rng, config.lossModel);
  }

  /** The learners (read-only use: tests, metrics, benchmarks). */
  get pool(): AgentPool {
    return this.agents;
  }

  get policyParameters(): number {
    return this.agents.actorParameterCount;
  }

  act(agentIds: readonly string[], obs: Float32Array, phase: ActPhase): Float32Array {
    return this.agents.act(agentIds, obs, phase);
  }

  observe(transitions: readonly Transition[]): void {
    this.agents.observe(transitions);
  }

  /** Local learning (Alg. 1 l. 12–20), then the rounds that are due (l. 21–24). */
  update(ctx: StepContext): number {
    if (ctx.phase !== 'train') return 0;
    const taken = this.agents.update();
    const due = this.schedule.due(this.agents, ctx.positions.keys());
    if (due.length === 0) return taken;
    const graph = neighbourGraph(this.agents, ctx, this.config.range);
    const policies = this.snapshot(due.flatMap(({ agent }) => graph.get(agent) ?? []));
    for (const { agent, slot } of due) {
      const neighbours = graph.get(agent) ?? [];
      const outcome = this.rule.round({ agent, slot: this.agents.slot(slot), neighbours, policies, transmit: (values) => this.channel.transmit(values), rng: this.rng });
      ctx.comm.record({ agent, kind: this.rule.kind, neighbours: neighbours.length, samples: 0, ...outcome });
      this.counters.add(outcome.replicas, outcome.mixed);
      this.schedule.done(this.agents, slot);
    }
    return taken;
  }

  endEpisode(_ctx: StepContext): void {}

  episodeMetrics(): Readonly<Record<string, number>> {
    return this.counters.take(this.policyParameters);
  }

  async save(dir: string): Promise<void> {
    await savePoolCheckpoint(dir, this.id, this.config, this.agents, { rng: this.rng.state(), schedule: this.schedule.state() });
  }

  async load(dir: string): Promise<void> {
    const { pool, extra } = await loadPoolCheckpoint(dir, this.id, this.config, this.spaces, this.seed);
    const rng = extra['rng'];
    const schedule = extra['schedule'];
    if (!isNumbers(rng) || rng.length !== 4 || !isNumbers(schedule)) {
      pool.dispose();
      throw new CheckpointError(dir, 'has no communication state (extra.rng: 4 words, extra.schedule: numbers)');
    }
    this.agents.dispose();
    this.agents = pool;
    this.rng.restore(rng);
    this.schedule.restore(schedule);
  }

  dispose(): void {
    this.agents.dispose();
    this.rule.dispose();
  }

  /** θ^(j) of each agent in `ids` (copies), read once per step. */
  private snapshot(ids: readonly string[]): Map<string, Float32Array> {
    const out = new Map<string, Float32Array>();
    for (const id of ids) {
      const slot = this.agents.slotOf(id);
      if (slot !== undefined && !out.has(id)) out.set(id, this.agents.slot(slot).core.getActorParams());
    }
    return out;
  }
}

function isNumbers(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'number');
}
