// MA-PMBRL's end-of-episode exchange as a round over a model-based pool (eq. 3), shared with MA-PETS: the CAVs in the
// network at the episode's end, their range graph within d, the plan (sample-exchange.ts) logged to comm.csv, and
// each delivered episode added to the receiver's D_E.
import type { AgentSpaces, StepContext } from '../../controller.js';
import type { ModelBasedAgents, WorldModel } from '../../models/model-based-agents.js';
import type { LossyChannel } from '../../../comm/channel.js';
import { restrictGraph } from '../../../comm/neighbours.js';
import type { RangeGraph } from '../../../comm/range-graph.js';
import { floatsPerTransition, planExchange } from './sample-exchange.js';
import type { ExchangeParticipant, ExchangePlan } from './sample-exchange.js';

/** B_i at the episode's end: the step's neighbour graph within `range` over the learners present, in slot order. */
export function exchangeGraph<M extends WorldModel>(learners: ModelBasedAgents<M>, ctx: StepContext, range: number | null): { participants: ExchangeParticipant[]; graph: RangeGraph } {
  const participants = participantsOf(learners, ctx);
  return { participants, graph: restrictGraph(ctx.neighbours.graph(range), participants.map((p) => p.id)) };
}

/** One training episode's exchange: plans it, records its comm.csv rows and delivers D_E^(i) ← D_E^(i) ∪ the senders' episodes. */
export function exchangeEpisodes<M extends WorldModel>(learners: ModelBasedAgents<M>, ctx: StepContext, range: number | null, channel: LossyChannel, spaces: AgentSpaces): ExchangePlan {
  const { participants, graph } = exchangeGraph(learners, ctx, range);
  const plan = planExchange(participants, graph, channel, floatsPerTransition(spaces.obsDim, spaces.actionBounds.low.length));
  for (const record of plan.records) ctx.comm.record(record);
  for (const d of plan.deliveries) {
    const from = learners.slotOf(d.from);
    const to = learners.slotOf(d.to);
    if (from === undefined || to === undefined) continue;
    for (const t of learners.slot(from).episode) learners.addReal(to, t);
  }
  return plan;
}

/** CAVs in the network at the episode's end that have a learner, in slot order. */
function participantsOf<M extends WorldModel>(learners: ModelBasedAgents<M>, ctx: StepContext): ExchangeParticipant[] {
  const out: (ExchangeParticipant & { slot: number })[] = [];
  for (const [id, p] of ctx.positions) {
    const slot = learners.slotOf(id);
    if (slot === undefined || slot >= learners.slotCount) continue;
    out.push({ id, x: p.x, y: p.y, samples: learners.slot(slot).episode.length, slot });
  }
  return out.sort((a, b) => a.slot - b.slot);
}
