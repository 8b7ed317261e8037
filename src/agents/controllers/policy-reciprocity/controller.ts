// SAC + deep policy reciprocity (Wang et al., Algorithm 2 with SAC as the base learner; algorithms.md "Policy
// Reciprocity (PR)"): every learner is an independent SAC agent (as isac) whose critic target uses Z*_i of eq. 12,
// built from the target critics its neighbours in V2V range sent it (reciprocal-target.ts). Per gradient step of
// learner i:
//   1. if a pull is due (first step of the episode, then every `exchangeEvery` steps), ask each learner within
//      range for its critic; each message arrives with probability PRR (critic-exchange.ts, one comm.csv row);
//   2. sample Φ from D_i, generate S# for its next states and fold κ(Z̄_N − Z_i) into the target (eq. 12);
//   3. one SAC step on Φ.
// Step 1 runs here, for every learner before any learns (a message is its sender's target critics as at the start
// of the env step's update: the learners of a V2V network update at once); steps 2–3 run where the learner lives,
// in the batch rule (reciprocal-rule.ts), drawing S# and a' from the learner's own sampler. So one thread and
// learnerWorkers 2 give the same numbers (README.md, "Two cores"). Received critics are snapshots kept until the
// next pull; they are dropped when the episode ends (the vehicles that sent them are gone).
import { LossyChannel } from '../../../comm/channel.js';
import type { RangeGraph } from '../../../comm/range-graph.js';
import { RNG_STREAMS, Rng } from '../../../util/rng.js';
import type { AgentSpaces, Controller, StepContext } from '../../controller.js';
import { CheckpointError, PoolError } from '../../errors.js';
import { learnerGraph } from '../../exchange/comm-rounds.js';
import { LearnersController } from '../../learners-controller.js';
import type { RuleInput } from '../../learner-set.js';
import type { AgentPool, PoolSlot, RuleDriver } from '../../pool.js';
import { PooledLearners } from '../../pooled-learners.js';
import type { ReciprocityConfig } from './config.js';
import { pullCritics } from './critic-exchange.js';
import { criticMessageFloats } from './reciprocal-target.js';
import type { CriticMessage } from './reciprocal-target.js';
import { NOTES_PER_STEP, ReciprocalRule } from './reciprocal-rule.js';
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
  /** Parameters of one critic message (both target twins): 4 B each on the wire. */
  readonly criticParameters: number;
  private readonly channelRng: Rng;
  private readonly channel: LossyChannel;
  /** Each slot's gradient-step count at its last pull. */
  private readonly pulledAt = new Map<number, number>();
  /** Messages read this episode, by sender slot, valid while the sender's update count is unchanged. */
  private readonly messages = new Map<number, { readonly updates: number; readonly message: CriticMessage }>();
  private stats = noStats();

  constructor(spaces: AgentSpaces, readonly config: ReciprocityConfig, seed: number) {
    // The pool gets the whole config: learner workers build the batch rule from it (learner-rounds.ts).
    super(new PooledLearners(ID, spaces, config, config, seed, () => new ReciprocalRule(spaces, config)));
    this.channelRng = new Rng(seed, RNG_STREAMS.PR_CHANNEL);
    this.channel = new LossyChannel(config.prr, this.channelRng);
    this.criticParameters = criticMessageFloats(spaces, config.criticHidden);
  }

  update(ctx: StepContext): number {
    if (ctx.phase !== 'train') return 0;
    const network = this.network(ctx);
    const driver: RuleDriver = {
      input: (slot, steps) => this.pulls(slot, steps, network, ctx),
      notes: (_slot, notes) => this.count(notes),
    };
    return this.learners.update(driver);
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
    await this.learners.save(dir, { channel: this.channelRng.state() });
  }

  /** Replaces the learners and the channel's RNG position by the checkpoint's; refuses one of another controller or config. */
  async load(dir: string): Promise<void> {
    await this.learners.load(dir, ({ channel }) => {
      if (!isWords(channel)) throw new CheckpointError(dir, 'has no RNG position for the channel');
      this.channelRng.restore(channel);
    });
    this.forgetReceived();
  }

  dispose(): void {
    this.learners.dispose();
  }

  /** Drops every received critic and pull schedule (the senders are gone). */
  private forgetReceived(): void {
    this.learners.pool.forgetRule();
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

  /** Step 1 of the box above for the `steps` gradient steps `slot` is due: the pulls among them and what arrived. */
  private pulls(slot: PoolSlot, steps: number, network: Network, ctx: StepContext): RuleInput | null {
    const agent = network.agentOfSlot.get(slot.index);
    if (agent === undefined) return null;
    const received: [number, readonly CriticMessage[]][] = [];
    for (let i = 0; i < steps; i++) {
      const last = this.pulledAt.get(slot.index);
      if (last !== undefined && slot.updates + i - last < this.config.exchangeEvery) continue;
      const round = pullCritics(network.graph, agent, (id) => this.messageOf(network.slotOfAgent.get(id) ?? -1), this.channel, this.criticParameters);
      ctx.comm.record(round.record);
      received.push([i, round.received]);
      this.pulledAt.set(slot.index, slot.updates + i);
      this.stats.pulls += 1;
    }
    return received.length > 0 ? { received } : null;
  }

  /** The rule's notes of one slot's steps ([critics used, shift] per step) into the episode's sums. */
  private count(notes: readonly number[]): void {
    for (let i = 0; i + NOTES_PER_STEP <= notes.length; i += NOTES_PER_STEP) {
      const critics = notes[i] ?? 0;
      this.stats.steps += 1;
      this.stats.critics += critics;
      if (critics > 0) {
        this.stats.reciprocalSteps += 1;
        this.stats.shift += notes[i + 1] ?? 0;
      }
    }
  }

  /** The critic message of the learner in `slot` now (read once per sender and update count, where it lives). */
  private messageOf(slot: number): CriticMessage {
    const pool = this.learners.pool;
    const updates = pool.slot(slot).updates;
    const cached = this.messages.get(slot);
    if (cached !== undefined && cached.updates === updates) return cached.message;
    const message = pool.published([slot]).get(slot);
    if (message === undefined) throw new PoolError(`policy-reciprocity: slot ${slot} published no critics`);
    this.messages.set(slot, { updates, message });
    return message;
  }
}

function isWords(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((w) => typeof w === 'number');
}
