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
import { rangeGraph } from '../../../comm/range-graph.js';
import type { Located, RangeGraph } from '../../../comm/range-graph.js';
import { Rng } from '../../../util/rng.js';
import { readCheckpoint, writeCheckpoint } from '../../checkpoint.js';
import type { AgentSpaces, Controller, Phase, StepContext, Transition } from '../../controller.js';
import { CheckpointError } from '../../errors.js';
import { AgentPool } from '../../pool.js';
import type { PoolSlot } from '../../pool.js';
import { parsePoolState } from '../../pool-state.js';
import type { ReplayBatch } from '../../replay.js';
import { sacPart } from './config.js';
import type { ReciprocityConfig } from './config.js';
import { pullCritics } from './critic-exchange.js';
import { criticMessage, ReciprocalTarget } from './reciprocal-target.js';
import type { CriticMessage } from './reciprocal-target.js';

/**
 * RNG streams of the controller's own draws: the channel's deliveries and PR's sampling (a', S#). Far above the
 * pool's per-slot streams (1000 + 3k) and the runner's (< 1000).
 */
export const CHANNEL_STREAM = 0x5052_0001;
export const RECIPROCITY_STREAM = 0x5052_0002;

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

export class PolicyReciprocityController implements Controller {
  readonly id = 'policy-reciprocity';
  readonly drives = true;
  /** pr_pulls: pull rounds; pr_critics: mean received critics per gradient step; pr_shift: mean Z*_i − Z_i of those steps. */
  readonly metricColumns = ['pr_pulls', 'pr_critics', 'pr_shift'] as const;
  readonly config: ReciprocityConfig;
  private readonly spaces: AgentSpaces;
  private readonly seed: number;
  private agents: AgentPool;
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

  constructor(spaces: AgentSpaces, config: ReciprocityConfig, seed: number) {
    this.spaces = spaces;
    this.config = config;
    this.seed = seed;
    this.agents = new AgentPool(spaces, sacPart(config), seed);
    this.channelRng = new Rng(seed, CHANNEL_STREAM);
    this.channel = new LossyChannel(config.prr, this.channelRng);
    this.reciprocityRng = new Rng(seed, RECIPROCITY_STREAM);
    const sampling = { level: config.adjacencyLevel, noise: config.adjacencyNoise, samples: config.adjacencySamples };
    this.target = new ReciprocalTarget(spaces, config, { kappa: config.kappa, sampling }, this.reciprocityRng);
  }

  /** The learners (read-only use: tests, metrics). */
  get pool(): AgentPool {
    return this.agents;
  }

  get policyParameters(): number {
    return this.agents.actorParameterCount;
  }

  /** Parameters of one critic message (both target twins): 4 B each on the wire. */
  get criticParameters(): number {
    return this.target.messageFloats;
  }

  act(agentIds: readonly string[], obs: Float32Array, phase: Phase): Float32Array {
    return this.agents.act(agentIds, obs, phase);
  }

  observe(transitions: readonly Transition[]): void {
    this.agents.observe(transitions);
  }

  update(ctx: StepContext): number {
    if (ctx.phase !== 'train') return 0;
    const network = this.network(ctx);
    return this.agents.update((slot, batch) => this.reciprocalBatch(slot, batch, network, ctx));
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
    await writeCheckpoint(dir, {
      controller: this.id,
      config: { ...this.config },
      pool: await this.agents.state(),
      rng: { channel: this.channelRng.state(), reciprocity: this.reciprocityRng.state() },
    });
  }

  /** Replaces the learners and RNG positions by the checkpoint's; refuses one of another controller or config. */
  async load(dir: string): Promise<void> {
    const data = await readCheckpoint(dir);
    if (typeof data !== 'object' || data === null || !('controller' in data) || data.controller !== this.id) {
      throw new CheckpointError(dir, `was not written by '${this.id}'`);
    }
    const saved = new Map<string, unknown>('config' in data && typeof data.config === 'object' && data.config !== null ? Object.entries(data.config) : []);
    const changed = Object.entries(this.config)
      .filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(saved.get(key)))
      .map(([key]) => key);
    if (changed.length > 0) throw new CheckpointError(dir, `was written with other hyper-parameters (${changed.join(', ')}); resume with the same config`);
    const rng = 'rng' in data && typeof data.rng === 'object' && data.rng !== null ? data.rng : {};
    const channel = 'channel' in rng ? rng.channel : undefined;
    const reciprocity = 'reciprocity' in rng ? rng.reciprocity : undefined;
    if (!isWords(channel) || !isWords(reciprocity)) throw new CheckpointError(dir, 'has no RNG positions for the channel and PR sampling');
    const pool = new AgentPool(this.spaces, sacPart(this.config), this.seed);
    try {
      await pool.loadState(parsePoolState('pool' in data ? data.pool : undefined));
      this.channelRng.restore(channel);
      this.reciprocityRng.restore(reciprocity);
    } catch (error) {
      pool.dispose();
      if (error instanceof CheckpointError) throw error;
      throw new CheckpointError(dir, error instanceof Error ? error.message : String(error), { cause: error });
    }
    this.agents.dispose();
    this.agents = pool;
    this.forgetReceived();
  }

  dispose(): void {
    this.agents.dispose();
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
    const agentOfSlot = new Map<number, string>();
    const slotOfAgent = new Map<string, number>();
    const located: Located[] = [];
    for (const [id, { x, y }] of ctx.positions) {
      const slot = this.agents.slotOf(id);
      if (slot === undefined) continue;
      agentOfSlot.set(slot, id);
      slotOfAgent.set(id, slot);
      located.push({ id, x, y });
    }
    return { agentOfSlot, slotOfAgent, graph: rangeGraph(located, this.config.range ?? ctx.communicationRange) };
  }

  /** Steps 1–2 of the box above for one gradient step of `slot`. */
  private reciprocalBatch(slot: PoolSlot, batch: ReplayBatch, network: Network, ctx: StepContext): ReplayBatch {
    const agent = network.agentOfSlot.get(slot.index);
    const last = this.pulledAt.get(slot.index);
    if (agent !== undefined && (last === undefined || slot.updates - last >= this.config.exchangeEvery)) {
      const neighbours = (network.graph.get(agent) ?? []).map((id) => ({ id, message: () => this.messageOf(network.slotOfAgent.get(id) ?? -1) }));
      const round = pullCritics(agent, neighbours, this.channel, this.criticParameters);
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
    const core = this.agents.slot(slot).core;
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
