// SAC + deep policy reciprocity (Wang et al., Algorithm 2 with SAC as the base learner; algorithms.md "Policy
// Reciprocity (PR)"): every learner is an independent SAC agent (as isac) whose critic target uses Z*_i of eq. 12,
// built from the target critics its neighbours in V2V range sent it (reciprocal-target.ts). Per gradient step of
// learner i:
//   1. if a pull is due (first step of the episode, then every `exchangeEvery` steps), ask each learner within
//      range for its critic; each message arrives with probability PRR (critic-exchange.ts, one comm.csv row);
//   2. sample Φ from D_i, generate S# for its next states and fold κ(Z̄_N − Z_i) into the target (eq. 12);
//   3. one SAC step on Φ.
// Received critics are snapshots kept until the next pull; they are dropped when the episode ends (the vehicles
// that sent them are gone).
import { LossyChannel } from '../../../comm/channel.js';
import type { RangeGraph } from '../../../comm/range-graph.js';
import { RNG_STREAMS, Rng } from '../../../util/rng.js';
import type { AgentSpaces, Controller, StepContext } from '../../controller.js';
import { CheckpointError } from '../../errors.js';
import { learnerGraph } from '../../exchange/comm-rounds.js';
import { LearnersController } from '../../learners-controller.js';
import type { AgentPool, PoolSlot } from '../../pool.js';
import { PooledLearners } from '../../pooled-learners.js';
import type { ReplayBatch } from '../../replay.js';
import { sacPart } from './config.js';
import type { ReciprocityConfig } from './config.js';
import { pullCritics } from './critic-exchange.js';
import { criticMessage, ReciprocalTarget } from './reciprocal-target.js';
import type { CriticMessage } from './reciprocal-target.js';
import type { LearnerInit } from '../../learner-init.js';

/** Who is in the network this step: the slot of each agent and the range graph over them. */
interface Network {
  readonly agentOfSlot: ReadonlyMap<number, string>;
  readonly slotOfAgent: ReadonlyMap<string, number>;
  readonly graph: RangeGraph;
}

/** Sums over an episode for the extra episodes.csv columns. */
interface EpisodeStats {
  pulls: number;
  steps: number;
  critics: number;
  reciprocalSteps: number;
  shift: number;
}

const noStats = (): EpisodeStats => ({ pulls: 0, steps: 0, critics: 0, reciprocalSteps: 0, shift: 0 });

const ID = 'policy-reciprocity';

export class PolicyReciprocityController extends LearnersController<AgentPool, PooledLearners> implements Controller {
  readonly id = ID;
  /** pr_pulls: pull rounds; pr_critics: mean received critics per gradient step; pr_shift: mean Z*_i − Z_i of those steps. */
  readonly metricColumns = ['pr_pulls', 'pr_critics', 'pr_shift'] as const;
  private readonly channelRng: Rng;
  private readonly channel: LossyChannel;
  private readonly reciprocityRng: Rng;
  private readonly target: ReciprocalTarget;
  /** Critics each slot received at its last pull, and its gradient-step count then. */
  private readonly received = new Map<number, readonly CriticMessage[]>();
  private readonly pulledAt = new Map<number, number>();
  /** Messages read this episode, by sender slot, valid while the sender's update count is unchanged. */
  private readonly messages = new Map<number, { readonly updates: number; readonly message: CriticMessage }>();
  private stats = noStats();

  constructor(spaces: AgentSpaces, readonly config: ReciprocityConfig, seed: number) {
    super(new PooledLearners(ID, spaces, config, sacPart(config), seed));
    this.channelRng = new Rng(seed, RNG_STREAMS.PR_CHANNEL);
    this.channel = new LossyChannel(config.prr, this.channelRng);
    this.reciprocityRng = new Rng(seed, RNG_STREAMS.PR_SAMPLING);
    const sampling = { level: config.adjacencyLevel, noise: config.adjacencyNoise, samples: config.adjacencySamples };
    this.target = new ReciprocalTarget(spaces, config, { kappa: config.kappa, sampling }, this.reciprocityRng);
  }

  /** Parameters of one critic message (both target twins): 4 B each on the wire. */
  get criticParameters(): number {
    return this.target.messageFloats;
  }

  update(ctx: StepContext): number {
    if (ctx.phase !== 'train') return 0;
    const network = this.network(ctx);
    return this.learners.update((slot, batch) => this.reciprocalBatch(slot, batch, network, ctx));
  }

  startFrom(init: LearnerInit): void {
    this.learners.startFrom(init);
  }

  endEpisode(_ctx: StepContext): void {
    this.forgetReceived();
  }

  episodeMetrics(): Readonly<Record<string, number>> {
    const s = this.stats;
    this.stats = noStats();
    return {
      pr_pulls: s.pulls,
      pr_critics: s.steps > 0 ? s.critics / s.steps : 0,
      pr_shift: s.reciprocalSteps > 0 ? s.shift / s.reciprocalSteps : 0,
    };
  }

  async save(dir: string): Promise<void> {
    await this.learners.save(dir, { channel: this.channelRng.state(), reciprocity: this.reciprocityRng.state() });
  }

  /** Replaces the learners and RNG positions by the checkpoint's; refuses one of another controller or config. */
  async load(dir: string): Promise<void> {
    await this.learners.load(dir, ({ channel, reciprocity }) => {
      if (!isWords(channel) || !isWords(reciprocity)) throw new CheckpointError(dir, 'has no RNG positions for the channel and PR sampling');
      this.channelRng.restore(channel);
      this.reciprocityRng.restore(reciprocity);
    });
    this.forgetReceived();
  }

  dispose(): void {
    this.learners.dispose();
    this.target.dispose();
  }

  /** Drops every received critic and pull schedule (the senders are gone). */
  private forgetReceived(): void {
    this.received.clear();
    this.pulledAt.clear();
    this.messages.clear();
  }

  /** Learners in the network after this step (those with a slot) and who is within range of whom. */
  private network(ctx: StepContext): Network {
    const pool = this.learners.pool;
    const agentOfSlot = new Map<number, string>();
    const slotOfAgent = new Map<string, number>();
    for (const id of ctx.positions.keys()) {
      const slot = pool.slotOf(id);
      if (slot === undefined) continue;
      agentOfSlot.set(slot, id);
      slotOfAgent.set(id, slot);
    }
    return { agentOfSlot, slotOfAgent, graph: learnerGraph(pool, ctx, this.config.range) };
  }

  /** Steps 1–2 of the box above for one gradient step of `slot`. */
  private reciprocalBatch(slot: PoolSlot, batch: ReplayBatch, network: Network, ctx: StepContext): ReplayBatch {
    const agent = network.agentOfSlot.get(slot.index);
    const last = this.pulledAt.get(slot.index);
    if (agent !== undefined && (last === undefined || slot.updates - last >= this.config.exchangeEvery)) {
      const round = pullCritics(network.graph, agent, (id) => this.messageOf(network.slotOfAgent.get(id) ?? -1), this.channel, this.criticParameters);
      ctx.comm.record(round.record);
      this.received.set(slot.index, round.received);
      this.pulledAt.set(slot.index, slot.updates);
      this.stats.pulls += 1;
    }
    const critics = this.received.get(slot.index) ?? [];
    const step = this.target.reciprocate(slot.core, batch, critics);
    this.stats.steps += 1;
    this.stats.critics += critics.length;
    if (critics.length > 0) {
      this.stats.reciprocalSteps += 1;
      this.stats.shift += step.shift;
    }
    return step.batch;
  }

  /** The critic message of the learner in `slot` now (read once per sender and gradient step). */
  private messageOf(slot: number): CriticMessage {
    const core = this.learners.pool.slot(slot).core;
    const cached = this.messages.get(slot);
    if (cached !== undefined && cached.updates === core.updateCount) return cached.message;
    const message = criticMessage(core);
    this.messages.set(slot, { updates: core.updateCount, message });
    return message;
  }
}

function isWords(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((w) => typeof w === 'number');
}
