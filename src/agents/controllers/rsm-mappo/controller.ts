// RSM-MAPPO (RSM-MASAC paper Sec. VI-C, Fig. 6, Table V row 3): IPPO learners whose communication rounds are
// RSM-MASAC's regulated segment mixture (Alg. 2) — "RSM-MASAC with α = 0 and a different policy advantage
// estimation". The round is rsm-masac's own loop (mixtureRound: segment requests, reconstruction, Theorem 2's ζ,
// eq. 10), given PPO's advantage estimate (ppo/advantage.ts) on samples of the learner's latest rollout.
// Decisions: README.md in this folder.
import type { AgentSpaces } from '../../controller.js';
import { parseFields } from '../../config-fields.js';
import type { FieldParsers } from '../../config-fields.js';
import { PoolError } from '../../errors.js';
import { COMM_DEFAULTS, COMM_FIELDS } from '../../exchange/comm-config.js';
import type { CommConfig } from '../../exchange/comm-config.js';
import { ExchangeRounds } from '../../exchange/policy-exchange.js';
import type { ExchangeOutcome, ExchangeRound, MixingRule } from '../../exchange/policy-exchange.js';
import { ppoPolicyAdvantage, rolloutSamples } from '../../ppo/advantage.js';
import { PPO_DEFAULTS, PPO_FIELDS } from '../../ppo/config.js';
import type { PpoConfig } from '../../ppo/config.js';
import { PpoController } from '../../ppo/ppo-controller.js';
import type { PpoSlot } from '../../ppo/ppo-pool.js';
import { ScratchActor, mixtureRound, roundOutcome } from '../rsm-masac/comm-mix.js';
import type { CommMixResult } from '../rsm-masac/comm-mix.js';
import { REGULATED_MIXTURE_DEFAULTS, REGULATED_MIXTURE_FIELDS } from '../rsm-masac/config.js';
import type { RegulatedMixtureConfig } from '../rsm-masac/config.js';

/** The regulated mixture's fields that apply at α = 0 (no entropies; samples come from the latest rollout). */
const MIXTURE_KEYS = ['segments', 'replicas', 'advantageSamples', 'importanceWeights', 'clampLogProbs', 'epsilonEstimate', 'fisherActions', 'maxMixingWeight', 'boundMargin', 'lostSegments'] as const;
export type PpoMixtureConfig = Pick<RegulatedMixtureConfig, (typeof MIXTURE_KEYS)[number]>;

/** PPO's hyper-parameters, the round's (U = 8) and the mixture's (P = 4, κ = 3, M = 50, ζ ≤ 0.8: Table IV / V). */
export interface RsmMappoConfig extends PpoConfig, CommConfig, PpoMixtureConfig {}

function pick<T extends object, K extends keyof T>(from: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) out[k] = from[k];
  return out;
}

export const RSM_MAPPO_DEFAULTS: RsmMappoConfig = { ...PPO_DEFAULTS, ...COMM_DEFAULTS, ...pick(REGULATED_MIXTURE_DEFAULTS, MIXTURE_KEYS) };
const RSM_MAPPO_FIELDS: FieldParsers<RsmMappoConfig> = { ...PPO_FIELDS, ...COMM_FIELDS, ...pick(REGULATED_MIXTURE_FIELDS, MIXTURE_KEYS) };

export function parseRsmMappoConfig(raw: unknown, where: string): RsmMappoConfig {
  return parseFields(raw, where, RSM_MAPPO_DEFAULTS, RSM_MAPPO_FIELDS);
}

/** Alg. 2 on a PPO learner. */
export class PpoSegmentMixture implements MixingRule<PpoSlot> {
  readonly kind = 'segments';
  private readonly scratch = new ScratchActor();
  /** The last round's per-replica decisions (tests, diagnostics). */
  lastRound: CommMixResult | null = null;

  constructor(private readonly config: RsmMappoConfig) {}

  round({ agent, slot, neighbours, policies, transmit, rng }: ExchangeRound<PpoSlot>): ExchangeOutcome {
    const { config } = this;
    const { learner, latest } = slot;
    // Rounds follow PPO updates (U ≥ 1 of them), and every update keeps its rollout: this is a bug, not bad input.
    if (latest === null) throw new PoolError(`rsm-mappo: agent '${agent}' holds a round before its first PPO update`);
    this.lastRound = mixtureRound({
      learner, gamma: learner.config.gamma, scratch: this.scratch.of(learner.actor), neighbours, policies, transmit, rng, config,
      samples: () => rolloutSamples(latest, config.advantageSamples, rng),
      estimate: (referential, samples) => ppoPolicyAdvantage(learner, referential, samples, config),
    });
    return roundOutcome(this.lastRound);
  }

  dispose(): void {
    this.scratch.dispose();
  }
}

/** Every PPO update moves the policy: policy delay 1, so a round follows every U PPO updates. */
export function createRsmMappoController(spaces: AgentSpaces, config: RsmMappoConfig, seed: number): PpoController {
  return new PpoController('rsm-mappo', spaces, config, seed, new ExchangeRounds<PpoSlot>(config, 1, seed, new PpoSegmentMixture(config)));
}
