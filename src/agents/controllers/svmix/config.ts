// SVMIX's hyper-parameters (Xiao et al., IEEE TVT 2023; MA-PMBRL's baseline [5]). The cited paper's text was not
// available: every value below is either MA-PMBRL's Table 2 (shared training settings), QMIX's published setting
// (Rashid et al. 2018, the value-decomposition family SVMIX extends) or a decision written down in README.md.
import { either, listOf, nullValue, numberIn, parseFields, positiveInt, positiveNumber, trueOrFalse, nonNegativeInt } from '../../config-fields.js';
import type { FieldParsers } from '../../config-fields.js';
import { ControllerConfigError } from '../../errors.js';

export interface SvmixConfig {
  /** Hidden widths of the agent Q network Q(o_i, ·). Decision: 256 → 256, the SAC critics' widths of the Fig. 3 baselines. */
  readonly qHidden: readonly number[];
  /** L, discrete target speeds per agent, evenly spaced over the action bounds. Decision: 11 (README.md). */
  readonly levels: number;
  /** E, width of the mixer's node embeddings and hidden layer (QMIX's mixing_embed_dim: 32). */
  readonly mixerEmbed: number;
  /** K, order of the mixer's graph filter Σ_{k=0..K} S^k H W_k (SGNN's filter taps). Decision: 2 (two-hop neighbourhood). */
  readonly filterOrder: number;
  /** p, probability that a V2V link of the range graph is kept in a training sample (SGNN's random links). Decision: 0.9. */
  readonly linkProbability: number;
  /** d, communication range in m of the graph (MA-PMBRL Fig. 3: 100); null = the scenario's communicationRange. */
  readonly range: number | null;
  /** N, most learners in one step (MA-PMBRL Table 2: I = 8); the joint replay is padded to it. */
  readonly maxAgents: number;
  /** Joint steps kept (MA-PMBRL Table 2 replay buffer: 20,000). */
  readonly replayCapacity: number;
  /** Joint steps per mini-batch (Table 2 mini-batch: 512). */
  readonly batchSize: number;
  /** Adam rate of the Q network and mixer (Table 2 α_critic: 1e-3). */
  readonly lr: number;
  /** γ (Table 2: 0.98). */
  readonly gamma: number;
  /** Polyak rate of the target networks (Table 2 soft update: 0.01). */
  readonly tau: number;
  /** ε of ε-greedy at the start of learning (QMIX: 1). */
  readonly epsilonStart: number;
  /** ε after the decay (QMIX: 0.05). */
  readonly epsilonEnd: number;
  /** Env steps after learningStarts over which ε falls linearly. Decision: 15,000 = half of Fig. 3's 20 × 1,500 learning steps. */
  readonly epsilonDecaySteps: number;
  /** Env steps acted uniformly at random before learning (MA-PMBRL Alg. 1: one random episode = 1,500). */
  readonly learningStarts: number;
  /** Env steps per gradient step (MA-PMBRL Alg. 1: 1). */
  readonly envStepsPerUpdate: number;
  /** Max L2 norm of the joint gradient (pymarl QMIX grad_norm_clip: 10); null = no clipping. */
  readonly gradClipNorm: number | null;
  /** Double Q-learning: the online Q network picks a', the target one scores it (pymarl QMIX double_q: true). */
  readonly doubleQ: boolean;
}

export const SVMIX_DEFAULTS: SvmixConfig = {
  qHidden: [256, 256],
  levels: 11,
  mixerEmbed: 32,
  filterOrder: 2,
  linkProbability: 0.9,
  range: null,
  maxAgents: 8,
  replayCapacity: 20_000,
  batchSize: 512,
  lr: 1e-3,
  gamma: 0.98,
  tau: 0.01,
  epsilonStart: 1,
  epsilonEnd: 0.05,
  epsilonDecaySteps: 15_000,
  learningStarts: 1500,
  envStepsPerUpdate: 1,
  gradClipNorm: 10,
  doubleQ: true,
};

const FIELDS: FieldParsers<SvmixConfig> = {
  qHidden: listOf(positiveInt, true),
  levels: (value, field) => {
    const n = positiveInt(value, field);
    if (n < 2) throw new ControllerConfigError(field, 'must be at least 2 (the two action bounds)', value);
    return n;
  },
  mixerEmbed: positiveInt,
  filterOrder: nonNegativeInt,
  linkProbability: numberIn(0, 1),
  range: either(numberIn(0, Number.MAX_VALUE), nullValue, 'a range ≥ 0 m or null (= the scenario\'s)'),
  maxAgents: positiveInt,
  replayCapacity: positiveInt,
  batchSize: positiveInt,
  lr: positiveNumber,
  gamma: numberIn(0, 1),
  tau: numberIn(0, 1, true),
  epsilonStart: numberIn(0, 1),
  epsilonEnd: numberIn(0, 1),
  epsilonDecaySteps: nonNegativeInt,
  learningStarts: nonNegativeInt,
  envStepsPerUpdate: positiveInt,
  gradClipNorm: either(positiveNumber, nullValue, 'a positive number or null (no clipping)'),
  doubleQ: trueOrFalse,
};

export function parseSvmixConfig(raw: unknown, where: string): SvmixConfig {
  return parseFields(raw, where, SVMIX_DEFAULTS, FIELDS);
}
