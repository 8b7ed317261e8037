// FIRL (Xu, Li, Zhao, Zhang, "Communication-efficient consensus mechanism for federated reinforcement learning",
// ICC 2022; MA-PMBRL's baseline [4]): independent SAC learners that, instead of averaging through a central server,
// run a consensus step with the learners in V2V range on top of periodic averaging. Every U of its policy updates a
// learner moves its actor towards its neighbours' by Metropolis–Hastings weights:
//   θ_i ← θ_i + Σ_{j ∈ Ω_i} w_ij (θ_j − θ_i),   w_ij = 1 / (1 + max(|Ω_i|, |Ω_j|)).
// The weights are symmetric and each row sums to at most 1, so a round that every learner of a graph holds at once
// leaves the mean of their parameters unchanged (the consensus property) and converges to it when repeated.
// Decisions (the cited paper's text was not available; its abstract and MA-PMBRL's one-line description are):
// README.md in this folder.
import type { AgentSpaces } from '../../controller.js';
import type { FieldParsers } from '../../config-fields.js';
import { COMM_DEFAULTS, COMM_FIELDS } from '../../exchange/comm-config.js';
import { createExchangeController, receiveActors } from '../../exchange/policy-exchange.js';
import type { ExchangeConfig, ExchangeOutcome, ExchangeRound, MixingRule, PolicyExchangeController } from '../../exchange/policy-exchange.js';
import type { PoolSlot } from '../../pool.js';
import { SAC_DEFAULTS } from '../../sac/config.js';
import { SAC_FIELDS, parseSacFields } from '../../sac/fields.js';

/** The SAC core's hyper-parameters and the round's (U, range, PRR). */
export type FirlConfig = ExchangeConfig;
export const FIRL_DEFAULTS: FirlConfig = { ...SAC_DEFAULTS, ...COMM_DEFAULTS };
const FIRL_FIELDS: FieldParsers<FirlConfig> = { ...SAC_FIELDS, ...COMM_FIELDS };

export function parseFirlConfig(raw: unknown, where: string): FirlConfig {
  return parseSacFields(raw, where, FIRL_DEFAULTS, FIRL_FIELDS);
}

/** w_ij of the Metropolis–Hastings consensus matrix for a link between degrees d_i and d_j. */
export function consensusWeight(degreeI: number, degreeJ: number): number {
  return 1 / (1 + Math.max(degreeI, degreeJ));
}

/** One consensus step of a learner with every neighbour's actor that arrives (a lost one contributes nothing). */
export class ConsensusStep<S = PoolSlot> implements MixingRule<S> {
  readonly kind = 'actors';

  round(round: ExchangeRound<S>): ExchangeOutcome {
    const { actor: theta, setActor, neighbours, degreeOf } = round;
    const { arrived, outcome } = receiveActors(round);
    const next = Float64Array.from(theta);
    for (const { from, actor } of arrived) {
      const w = consensusWeight(neighbours.length, degreeOf(from));
      for (let k = 0; k < next.length; k++) next[k] = (next[k] as number) + w * ((actor[k] as number) - (theta[k] as number));
    }
    if (arrived.length > 0) setActor(Float32Array.from(next));
    return outcome;
  }

  dispose(): void {}
}

export function createFirlController(spaces: AgentSpaces, config: FirlConfig, seed: number): PolicyExchangeController {
  return createExchangeController('firl', spaces, config, seed, new ConsensusStep());
}
