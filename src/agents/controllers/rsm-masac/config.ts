// RSM-MASAC's hyper-parameters: the SAC core's (Table IV), the communication round's (U, range, PRR) and the
// regulated segment mixture's (P, κ, M, ζ clamp). Paper values as defaults; decisions marked and explained.
import type { SacConfig } from '../../sac/config.js';
import { SAC_DEFAULTS } from '../../sac/config.js';
import { COMM_DEFAULTS, COMM_FIELDS } from '../comm-config.js';
import type { CommConfig } from '../comm-config.js';
import { numberIn, oneOf, parseFields, positiveInt } from '../config-fields.js';
import type { FieldParsers } from '../config-fields.js';
import { SAC_FIELDS, checkSacConfig, singleThreadLearners } from '../sac-fields.js';

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
   * Which M samples (Alg. 2 l. 5 "select M samples from D^(i)"). Decision: 'recent', the M newest (algorithms.md:
   * "M of i's own recent samples"; they were drawn by a policy close to π, which eq. 19 takes as π_t).
   */
  readonly sampleChoice: 'recent' | 'uniform';
  /** Monte Carlo draws per state for the entropies of eq. (19). Decision: paper silent; 4, same draws for π and π̃. */
  readonly entropySamples: number;
  /** ζ_max: ζ is clamped to [0, ζ_max]. Decision (algorithms.md): 0.8. */
  readonly maxMixingWeight: number;
  /** ζ = margin × Theorem 2's bound ("marginally below its computed upper limit", Sec. V-A2). Decision: 0.99. */
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
  sampleChoice: 'recent',
  entropySamples: 4,
  maxMixingWeight: 0.8,
  boundMargin: 0.99,
  lostSegments: 'keep-own',
};

export const RSM_MASAC_DEFAULTS: RsmMasacConfig = { ...SAC_DEFAULTS, ...COMM_DEFAULTS, ...REGULATED_MIXTURE_DEFAULTS };

const REGULATED_MIXTURE_FIELDS: FieldParsers<RegulatedMixtureConfig> = {
  segments: positiveInt,
  replicas: positiveInt,
  advantageSamples: positiveInt,
  sampleChoice: oneOf(['recent', 'uniform'] as const),
  entropySamples: positiveInt,
  maxMixingWeight: numberIn(0, 1),
  boundMargin: numberIn(0, 1, true),
  lostSegments: oneOf(['keep-own', 'drop-replica'] as const),
};

export const RSM_MASAC_FIELDS: FieldParsers<RsmMasacConfig> = { ...SAC_FIELDS, ...COMM_FIELDS, ...REGULATED_MIXTURE_FIELDS };

export function parseRsmMasacConfig(raw: unknown, where: string): RsmMasacConfig {
  return singleThreadLearners(checkSacConfig(parseFields(raw, where, RSM_MASAC_DEFAULTS, RSM_MASAC_FIELDS), where), where);
}
