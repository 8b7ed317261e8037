// RSM-MASAC's hyper-parameters: the SAC core's (Table IV), the communication round's (U, range, PRR) and the
// regulated segment mixture's (P, κ, M, ζ clamp). Paper values as defaults; decisions marked and explained.
import type { SacConfig } from '../../sac/config.js';
import { RSM_MASAC_CODE_SAC, SAC_DEFAULTS } from '../../sac/config.js';
import { COMM_DEFAULTS, COMM_FIELDS } from '../../exchange/comm-config.js';
import type { CommConfig } from '../../exchange/comm-config.js';
import { numberIn, oneOf, parseFields, positiveInt, trueOrFalse } from '../../config-fields.js';
import type { FieldParsers } from '../../config-fields.js';
import { SAC_FIELDS, parseSacFields } from '../../sac/fields.js';

/** What a replica does when some of its segments were lost to the channel. */
export type LostSegments = 'keep-own' | 'drop-replica';

export interface RegulatedMixtureConfig {
  /** P, segmentation granularity: P_i = min(P, |Ω_i|) segments per replica (Table IV: 4; eq. 16). */
  readonly segments: number;
  /** κ, predefined replicas: κ_i = min(κ, |Ω_i|) referential policies per round (Table IV: 3). */
  readonly replicas: number;
  /** M, own samples per advantage estimate of eq. (19) (Table IV: 50). */
  readonly advantageSamples: number;
  /**
   * Which M samples (Alg. 2 l. 5 "select M samples from D^(i)"). Public code: 'uniform', drawn at random from the
   * whole buffer (replay_buffer.sample(50)); 'recent' = the M newest (an earlier cavlab decision).
   */
  readonly sampleChoice: 'recent' | 'uniform';
  /** Importance weight of eq. (19): 'behaviour' (π̃ − π)/(π_b + 1e-5), π_b stored at collection (code); 'current' π̃/π − 1. */
  readonly importanceWeights: 'behaviour' | 'current';
  /** Clamp log π̃ and log π to [−20, 0] in eq. (19) and the Fisher score (code: true). */
  readonly clampLogProbs: boolean;
  /** Entropies of eq. (19): 'gaussian' closed form of the pre-tanh Gaussian (code); 'monte-carlo' of the squashed policy. */
  readonly entropyEstimate: 'gaussian' | 'monte-carlo';
  /** Monte Carlo draws per state for 'monte-carlo' entropies. Decision: paper silent; 4, same draws for π and π̃. */
  readonly entropySamples: number;
  /** ε of C = 2γε/(1−γ)²: 'max' the largest per-sample term (code: torch.max(policy_adv)); 'max-abs' its magnitude (Theorem 1). */
  readonly epsilonEstimate: 'max' | 'max-abs';
  /** Actions of the rank-one Fisher score g: 'buffer' the M samples' own (code); 'policy' fresh draws from π_θ. */
  readonly fisherActions: 'buffer' | 'policy';
  /** ζ_max: ζ is clamped to [0, ζ_max] (code: torch.clamp(beta, 0, 0.8)). */
  readonly maxMixingWeight: number;
  /**
   * ζ = margin × Theorem 2's bound. Public code: 1 (ζ = the bound, then the clamp); the paper's "marginally below its
   * computed upper limit" (Sec. V-A2) is e.g. 0.99.
   */
  readonly boundMargin: number;
  /**
   * A replica with lost segments (PRR < 1). Decision: 'keep-own' fills them with the agent's own segment (Δθ = 0
   * there) and counts the replica if any segment arrived; 'drop-replica' discards it. The paper is silent.
   */
  readonly lostSegments: LostSegments;
}

export interface RsmMasacConfig extends SacConfig, CommConfig, RegulatedMixtureConfig {}

export const REGULATED_MIXTURE_DEFAULTS: RegulatedMixtureConfig = {
  segments: 4,
  replicas: 3,
  advantageSamples: 50,
  sampleChoice: 'uniform',
  importanceWeights: 'behaviour',
  clampLogProbs: true,
  entropyEstimate: 'gaussian',
  entropySamples: 4,
  epsilonEstimate: 'max',
  fisherActions: 'buffer',
  maxMixingWeight: 0.8,
  boundMargin: 1,
  lostSegments: 'keep-own',
};

export const RSM_MASAC_DEFAULTS: RsmMasacConfig = { ...SAC_DEFAULTS, ...RSM_MASAC_CODE_SAC, ...COMM_DEFAULTS, ...REGULATED_MIXTURE_DEFAULTS };

export const REGULATED_MIXTURE_FIELDS: FieldParsers<RegulatedMixtureConfig> = {
  segments: positiveInt,
  replicas: positiveInt,
  advantageSamples: positiveInt,
  sampleChoice: oneOf(['recent', 'uniform'] as const),
  importanceWeights: oneOf(['behaviour', 'current'] as const),
  clampLogProbs: trueOrFalse,
  entropyEstimate: oneOf(['gaussian', 'monte-carlo'] as const),
  entropySamples: positiveInt,
  epsilonEstimate: oneOf(['max', 'max-abs'] as const),
  fisherActions: oneOf(['buffer', 'policy'] as const),
  maxMixingWeight: numberIn(0, 1),
  boundMargin: numberIn(0, 1, true),
  lostSegments: oneOf(['keep-own', 'drop-replica'] as const),
};

export const RSM_MASAC_FIELDS: FieldParsers<RsmMasacConfig> = { ...SAC_FIELDS, ...COMM_FIELDS, ...REGULATED_MIXTURE_FIELDS };

export function parseRsmMasacConfig(raw: unknown, where: string): RsmMasacConfig {
  return parseSacFields(raw, where, RSM_MASAC_DEFAULTS, RSM_MASAC_FIELDS);
}
