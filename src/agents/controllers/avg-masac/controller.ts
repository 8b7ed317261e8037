// Avg-MASAC (algorithms.md; RSM-MASAC Sec. III-A2 with model averaging [30], [39]): every U policy updates each
// learner receives its neighbours' whole actors over the channel and replaces its own by the plain average of the
// received ones and its own, θ ← (θ + Σ_j θ^(j)) / (1 + |received|) — eq. (10) with θ̃ the neighbours' mean and
// ζ = 1 − 1/(|Ω_i| + 1). No acceptance test: every received actor is used (ρ_r = 100 %, Table V). The same rule
// averages PPO actors in Avg-MAPPO (controllers/avg-mappo).
import type { AgentSpaces } from '../../controller.js';
import type { PoolSlot } from '../../pool.js';
import { RSM_MASAC_CODE_SAC, SAC_DEFAULTS } from '../../sac/config.js';
import { COMM_DEFAULTS, COMM_FIELDS } from '../../exchange/comm-config.js';
import { parseFields } from '../../config-fields.js';
import type { FieldParsers } from '../../config-fields.js';
import { createExchangeController, receiveActors } from '../../exchange/policy-exchange.js';
import type { ExchangeConfig, ExchangeOutcome, ExchangeRound, MixingRule, PolicyExchangeController } from '../../exchange/policy-exchange.js';
import { SAC_FIELDS, parseSacFields } from '../../sac/fields.js';

/** The SAC core's hyper-parameters (Table IV) and the round's (U = 8, range, PRR). */
export type AvgMasacConfig = ExchangeConfig;
export const AVG_MASAC_DEFAULTS: AvgMasacConfig = { ...SAC_DEFAULTS, ...RSM_MASAC_CODE_SAC, ...COMM_DEFAULTS };
const AVG_MASAC_FIELDS: FieldParsers<AvgMasacConfig> = { ...SAC_FIELDS, ...COMM_FIELDS };

export function parseAvgMasacConfig(raw: unknown, where: string): AvgMasacConfig {
  // Reads and writes actors through the pool: its learners may live in worker threads (learnerWorkers 2).
  return parseSacFields(raw, where, AVG_MASAC_DEFAULTS, AVG_MASAC_FIELDS);
}

/** The plain average of the own actor and every actor that arrived; one message per neighbour. */
export class ActorAveraging<S = PoolSlot> implements MixingRule<S> {
  readonly kind = 'actors';

  round(round: ExchangeRound<S>): ExchangeOutcome {
    const { actor: theta, setActor } = round;
    const { arrived, outcome } = receiveActors(round);
    if (arrived.length === 0) return outcome;
    // No typed-array `from` with a map function: it goes through the iterator protocol per element.
    const sum = new Float64Array(theta);
    for (const { actor } of arrived) for (let i = 0; i < sum.length; i++) sum[i] = (sum[i] as number) + (actor[i] as number);
    const mean = new Float32Array(sum.length);
    for (let i = 0; i < mean.length; i++) mean[i] = (sum[i] as number) / (arrived.length + 1);
    setActor(mean);
    return outcome;
  }

  dispose(): void {}
}

export function createAvgMasacController(spaces: AgentSpaces, config: AvgMasacConfig, seed: number): PolicyExchangeController {
  return createExchangeController('avg-masac', spaces, config, seed, new ActorAveraging());
}
