// The controllers whose independent learners exchange actor parameters with their neighbours (Avg-MASAC, RSM-MASAC;
// RSM-MASAC Sec. III-A2; and the PPO family's Avg-MAPPO, RSM-MAPPO, Sec. VI-C): each learner runs its local updates on
// its own schedule (AgentPool for SAC, PpoPool for PPO), and after every U of its policy updates it holds a
// communication round whose mixing rule is the algorithm's (Alg. 1 l. 21–24).
// Every round is one comm.csv row; the replicas it reconstructs and mixes feed ρ_total, ρ_ef, ρ_r and ψ.
import { LossyChannel, floatBytes } from '../../comm/channel.js';
import { RNG_STREAMS, Rng } from '../../util/rng.js';
import type { AgentSpaces, ExchangeOutcome, StepContext } from '../controller.js';
import { CheckpointError } from '../errors.js';
import type { PoolSlot } from '../pool.js';
import type { ScheduledLearners } from './comm-rounds.js';
import type { RemoteRoundReply, RoundRequest } from '../learner-protocol.js';
import type { LearnerRound } from '../learner-set.js';
import { PoolController } from '../pool-controller.js';
import type { PoolAlgorithm } from '../pool-controller.js';
import type { Fields } from '../pool-state.js';
import { effectiveSchedule } from '../sac/config.js';
import type { SacConfig } from '../sac/config.js';
import type { CommConfig } from './comm-config.js';
import { MIXING_METRIC_COLUMNS, MixingCounters, RoundSchedule, learnerGraph } from './comm-rounds.js';

export type { ExchangeOutcome } from '../controller.js';

/** The learners a round reads and writes: slots by agent, their update counts, and each slot's actor θ. */
export interface ExchangingLearners<S extends { readonly updates: number }> extends ScheduledLearners {
  slot(index: number): S;
  /** Slot k's actor parameters (a copy). */
  actor(slot: number): Float32Array;
  setActor(slot: number, params: Float32Array): void;
  /** True when the learners live in worker threads that run rounds on them (AgentPool with learnerWorkers > 1). */
  readonly learnersRemote?: boolean;
  /** One round run where slot k's learner lives (learner-protocol.ts RemoteRound). */
  mixRound?(slot: number, round: RoundRequest): RemoteRoundReply;
}

/** What a mixing rule gets for one agent's round. */
export interface ExchangeRound<S = PoolSlot> {
  readonly agent: string;
  /**
   * The agent's learner slot (SAC: its core and replay when they live in this thread, for RSM-MASAC's advantage
   * estimate; PPO: its learner and latest rollout).
   */
  readonly slot: S;
  /** θ_i, the agent's actor parameters (a copy), wherever its learner lives. */
  readonly actor: Float32Array;
  /** Replaces θ_i by the round's result. */
  readonly setActor: (params: Float32Array) => void;
  /** Ω_i. */
  readonly neighbours: readonly string[];
  /** |Ω_j| of any learner j on this step's graph (consensus weights need the neighbours' degrees). */
  readonly degreeOf: (agent: string) => number;
  /** Every neighbour's θ at the start of this step's rounds (all rounds of a step exchange the same snapshot). */
  readonly policies: ReadonlyMap<string, Float32Array>;
  /** Sends one message over the channel: null when it is lost, else what arrives (a copy; PRR, lossModel). */
  readonly transmit: (values: Float32Array) => Float32Array | null;
  readonly rng: Rng;
}

/** How an algorithm turns what its neighbours send into a new actor. */
export interface MixingRule<S = PoolSlot> {
  /** comm.csv `kind`: what travels ('actors', 'segments'). */
  readonly kind: string;
  /** The rule reads the learner's core and replay (RSM-MASAC): with learners in workers, its rounds run there. */
  readonly readsLearner?: boolean;
  round(round: ExchangeRound<S>): ExchangeOutcome;
  dispose(): void;
}

export type ExchangeConfig = SacConfig & CommConfig;

/** An actor that arrived from neighbour `from`. */
export interface ReceivedActor {
  readonly from: string;
  readonly actor: Float32Array;
}

/**
 * Every neighbour's whole actor sent over the channel, in neighbour order (one message each): the ones that arrived,
 * and the round's counts for them (comm.csv: one replica per actor received, 4 bytes per parameter).
 */
export function receiveActors(round: Pick<ExchangeRound<unknown>, 'neighbours' | 'policies' | 'transmit'>): { readonly arrived: readonly ReceivedActor[]; readonly outcome: ExchangeOutcome } {
  const arrived: ReceivedActor[] = [];
  let parameters = 0;
  for (const from of round.neighbours) {
    const sent = round.policies.get(from);
    if (sent === undefined) throw new RangeError(`no actor of neighbour '${from}' to send`);
    parameters = sent.length;
    const actor = round.transmit(sent);
    if (actor !== null) arrived.push({ from, actor });
  }
  const received = arrived.length;
  const outcome = { requested: round.neighbours.length, received, lost: round.neighbours.length - received, replicas: received, mixed: received, bytes: received * floatBytes(parameters) };
  return { arrived, outcome };
}

/** The communication rounds of a policy-exchanging algorithm: when each learner is due, over which channel, by which rule. */
export class ExchangeRounds<S extends { readonly updates: number } = PoolSlot> implements PoolAlgorithm<ExchangingLearners<S>> {
  readonly metricColumns = MIXING_METRIC_COLUMNS;
  private readonly schedule: RoundSchedule;
  private readonly counters = new MixingCounters();
  private readonly rng: Rng;
  private readonly channel: LossyChannel;

  /** `policyDelay`: the learners' updates per policy update (SAC's e; 1 for PPO). */
  constructor(private readonly config: CommConfig, policyDelay: number, seed: number, private readonly rule: MixingRule<S>) {
    this.schedule = new RoundSchedule(config.updatesPerRound, policyDelay);
    this.rng = new Rng(seed, RNG_STREAMS.POLICY_EXCHANGE);
    this.channel = new LossyChannel(config.prr, this.rng, config.lossModel);
  }

  /** The rounds that are due after this step's local updates (Alg. 1 l. 21–24), one comm.csv row each. */
  afterUpdate(pool: ExchangingLearners<S>, ctx: StepContext): void {
    const due = this.schedule.due(pool, ctx.positions.keys());
    if (due.length === 0) return;
    const graph = learnerGraph(pool, ctx, this.config.range);
    const policies = snapshot(pool, due.flatMap(({ agent }) => graph.get(agent) ?? []));
    const degreeOf = (id: string): number => (graph.get(id) ?? []).length;
    for (const { agent, slot } of due) {
      const neighbours = graph.get(agent) ?? [];
      const outcome = this.rule.readsLearner === true && pool.learnersRemote === true && pool.mixRound !== undefined
        ? this.remoteRound(pool.mixRound.bind(pool), slot, agent, neighbours, policies, degreeOf)
        : this.rule.round({
          agent, slot: pool.slot(slot), actor: pool.actor(slot), setActor: (params) => pool.setActor(slot, params), neighbours, policies, transmit: (values) => this.channel.transmit(values), rng: this.rng, degreeOf,
        });
      ctx.comm.record({ agent, kind: this.rule.kind, neighbours: neighbours.length, samples: 0, ...outcome });
      this.counters.add(outcome.replicas, outcome.mixed);
      this.schedule.done(pool, slot);
    }
  }

  /** The round in the worker of the slot's learner, with this rounds' RNG carried there and back (the same draws). */
  private remoteRound(mix: NonNullable<ExchangingLearners<S>['mixRound']>, slot: number, agent: string, neighbours: readonly string[], policies: ReadonlyMap<string, Float32Array>, degreeOf: (id: string) => number): ExchangeOutcome {
    const sent = neighbours.flatMap((id) => {
      const actor = policies.get(id);
      return actor === undefined ? [] : [[id, actor] as const];
    });
    const reply = mix(slot, { agent, neighbours, degrees: neighbours.map((id) => [id, degreeOf(id)] as const), policies: sent, rng: this.rng.state() });
    this.rng.restore(reply.rng);
    return reply.outcome;
  }

  episodeMetrics(policyParameters: number): Readonly<Record<string, number>> {
    return this.counters.take(policyParameters);
  }

  state(): Readonly<Record<string, unknown>> {
    return { rng: this.rng.state(), schedule: this.schedule.state() };
  }

  restore({ rng, schedule }: Fields, dir: string): void {
    if (!isNumbers(rng) || rng.length !== 4 || !isNumbers(schedule)) throw new CheckpointError(dir, 'has no communication state (extra.rng: 4 words, extra.schedule: numbers)');
    this.rng.restore(rng);
    this.schedule.restore(schedule);
  }

  dispose(): void {
    this.rule.dispose();
  }
}

/** A controller whose learners exchange policies by `rule` (Avg-MASAC, RSM-MASAC). */
export type PolicyExchangeController = PoolController;

export function createExchangeController(id: string, spaces: AgentSpaces, config: ExchangeConfig, seed: number, rule: MixingRule): PolicyExchangeController {
  return new PoolController(id, spaces, config, seed, new ExchangeRounds(config, effectiveSchedule(config).policyDelay, seed, rule));
}

/** θ^(j) of each agent in `ids` (copies), read once per step. */
function snapshot(pool: Pick<ExchangingLearners<{ readonly updates: number }>, 'slotOf' | 'actor'>, ids: readonly string[]): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const id of ids) {
    const slot = pool.slotOf(id);
    if (slot !== undefined && !out.has(id)) out.set(id, pool.actor(slot));
  }
  return out;
}

function isNumbers(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'number');
}

/**
 * `rule`'s round on a learner of this thread from a RemoteRound (learner workers run RSM-MASAC's rounds so): the
 * round RNG restored from the words sent, the channel over it as ExchangeRounds builds its own.
 */
export function learnerRoundOf(rule: MixingRule, config: CommConfig): LearnerRound {
  return (slot, learner, round) => {
    const rng = new Rng(0);
    rng.restore(round.rng);
    const channel = new LossyChannel(config.prr, rng, config.lossModel);
    const degrees = new Map(round.degrees);
    const outcome = rule.round({
      agent: round.agent,
      slot: { index: slot, core: learner.core, replay: learner.replay, collected: round.collected, updates: round.updates },
      actor: learner.core.getActorParams(),
      setActor: (params) => learner.core.setActorParams(params),
      neighbours: round.neighbours,
      policies: new Map(round.policies),
      transmit: (values) => channel.transmit(values),
      rng,
      degreeOf: (id) => degrees.get(id) ?? 0,
    });
    return { outcome, rng: rng.state() };
  };
}
