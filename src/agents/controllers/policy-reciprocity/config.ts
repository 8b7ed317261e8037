// Hyper-parameters of deep policy reciprocity on SAC (Wang et al., Definition 4, eq. 12; algorithms.md "Policy
// Reciprocity (PR)"): the SAC core's fields (RSM-MASAC Table IV defaults, sac/config.ts) plus PR's own.
import { SAC_DEFAULTS } from '../../sac/config.js';
import type { SacConfig } from '../../sac/config.js';
import { either, nullValue, numberIn, positiveInt } from '../../config-fields.js';
import type { FieldParsers } from '../../config-fields.js';
import { SAC_FIELDS, parseSacFields } from '../../sac/fields.js';

export interface ReciprocityFields {
  /** κ, weight of the neighbours' values in Z*_i = (1 − κ)Z_i + κ·(neighbours' adjacency values) (eq. 12; paper: 0.5, 0.3 on Ant). */
  readonly kappa: number;
  /**
   * ρ, adjacency level (Definition 2): an adjacency state s# differs from s' in at most ρ coordinates (ℓ0 ≤ ρ).
   * The paper's deep experiments use level 1 (Sec. V-A).
   */
  readonly adjacencyLevel: number;
  /**
   * Decision (the paper gives none): size of the perturbation of each changed coordinate, relative to its value:
   * s#_k = s'_k·(1 + σ·z), z ~ N(0, 1). Relative, so one value serves normalised (figure8, merge) and raw-unit
   * (intersection8) observations, and padded zeros (no leader) stay zero. 0 = s# = s'.
   */
  readonly adjacencyNoise: number;
  /**
   * |S#|, adjacency states generated per next state of a mini-batch (paper: "we generate adjacency states for a
   * mini-batch", count not given). Decision: 1 — each one costs a forward pass of every received critic.
   */
  readonly adjacencySamples: number;
  /**
   * Decision: a learner pulls its neighbours' target critics before its first gradient step of an episode and then
   * every `exchangeEvery` of its own gradient steps; a received critic is a snapshot used until the next pull. 10:
   * with ϱ = 10⁻³ a target critic moves by about 1% in 10 steps, at a tenth of the traffic of pulling every step.
   */
  readonly exchangeEvery: number;
  /** V2V range in m for N_i; null = the scenario's `communicationRange` (figure8: 90 m). */
  readonly range: number | null;
  /** Packet reception rate of a critic message on a link (1 = lossless; 0 = nothing arrives, plain SAC). */
  readonly prr: number;
}

export type ReciprocityConfig = SacConfig & ReciprocityFields;

export const RECIPROCITY_FIELD_DEFAULTS: ReciprocityFields = {
  kappa: 0.5,
  adjacencyLevel: 1,
  adjacencyNoise: 0.05,
  adjacencySamples: 1,
  exchangeEvery: 10,
  range: null,
  prr: 1,
};

export const RECIPROCITY_DEFAULTS: ReciprocityConfig = { ...SAC_DEFAULTS, ...RECIPROCITY_FIELD_DEFAULTS };

const RECIPROCITY_FIELDS: FieldParsers<ReciprocityFields> = {
  kappa: numberIn(0, 1),
  adjacencyLevel: positiveInt,
  adjacencyNoise: numberIn(0, Number.MAX_VALUE),
  adjacencySamples: positiveInt,
  exchangeEvery: positiveInt,
  range: either(numberIn(0, Number.MAX_VALUE), nullValue, 'a range in m (≥ 0) or null (= the scenario\'s)'),
  prr: numberIn(0, 1),
};

/** A PR config from raw input: field by field, each by its one rule (unknown fields refused). */
export function parseReciprocityConfig(raw: unknown, where: string): ReciprocityConfig {
  return parseSacFields(raw, where, RECIPROCITY_DEFAULTS, { ...SAC_FIELDS, ...RECIPROCITY_FIELDS });
}
