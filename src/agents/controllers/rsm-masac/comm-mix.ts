// Algorithm 2, CommMix: one communication round of agent i. For each of κ_i replicas: request P_i segments from
// distinct neighbours and reconstruct θ̃ (l. 4), take M own samples (l. 5), estimate Â (l. 6, eq. 19), and only if
// Â > 0 (l. 7) evaluate the rank-one Fisher form (l. 8, eq. 20), bound ζ by Theorem 2 (l. 9) and mix (l. 10, eq. 10).
// Later replicas are judged against the θ the earlier ones mixed into, as the loop of Alg. 2 does.
// `mixtureRound` is the loop for any learner with a squashed-Gaussian policy and an advantage estimate: RSM-MASAC's
// (`commMix`, eq. 19) and RSM-MAPPO's (α = 0, GAE advantages; src/agents/ppo/advantage.ts).
import type { UniformSource } from '../../../comm/channel.js';
import type { SegmentRequestFate } from '../../controller.js';
import { Mlp } from '../../../nn/mlp.js';
import { mulberry32 } from '../../../nn/random.js';
import { setFlatParams } from '../../../nn/flat-params.js';
import { fillGaussian } from '../../../nn/random.js';
import type { SacCore } from '../../sac/sac.js';
import type { ExchangeOutcome } from '../../exchange/policy-exchange.js';
import { softPolicyAdvantage } from './advantage.js';
import type { AdvantageEstimate, OwnSamples } from './advantage.js';
import type { RegulatedMixtureConfig } from './config.js';
import { scoreAlong } from './fisher.js';
import type { ScoreActions } from './fisher.js';
import { mixInto, mixingWeight, parameterDelta } from './mixing.js';
import type { MixablePolicy } from './policy-density.js';
import { exchangeSegments, planRequests, roundSize } from './request-response.js';

/** The learner whose actor a round mixes into (SacCore and PpoLearner fit). */
export interface MixingLearner extends MixablePolicy {
  getActorParams(): Float32Array;
  setActorParams(flat: Float32Array): void;
}

/** The fields of the regulated mixture a round reads (the advantage estimate's own fields are the caller's). */
export type MixtureRoundConfig = Pick<RegulatedMixtureConfig, 'segments' | 'replicas' | 'lostSegments' | 'fisherActions' | 'clampLogProbs' | 'maxMixingWeight' | 'boundMargin'>;

export interface MixtureRoundInput<S extends OwnSamples> {
  /** Agent i's learner: its actor θ is mixed in place. */
  readonly learner: MixingLearner;
  /** γ of C = 2γε/(1 − γ)² (Theorem 2). */
  readonly gamma: number;
  /** A network of the actor's shape, overwritten with each θ̃ to evaluate π̃. */
  readonly scratch: Mlp;
  /** M of agent i's own samples, drawn anew for each replica (Alg. 2 l. 5). */
  readonly samples: () => S;
  /** Â and ε of the referential policy in `scratch` on the samples (Alg. 2 l. 6). */
  readonly estimate: (referential: Mlp, samples: S) => AdvantageEstimate;
  /** Ω_i, the neighbours in range. */
  readonly neighbours: readonly string[];
  /** θ^(j) of every neighbour as it answers requests this round. */
  readonly policies: ReadonlyMap<string, Float32Array>;
  /** The channel: what arrives of one answer (null when lost). */
  readonly transmit: (values: Float32Array) => Float32Array | null;
  /** Neighbour choice and the Monte Carlo draws. */
  readonly rng: UniformSource;
  readonly config: MixtureRoundConfig;
}

/** RSM-MASAC's round: the SAC core, eq. (19)'s soft advantage with its entropy options. */
export interface CommMixInput extends Omit<MixtureRoundInput<OwnSamples>, 'learner' | 'gamma' | 'estimate' | 'config'> {
  /** Agent i's learner: its actor θ (mixed in place), critics and α. */
  readonly core: SacCore;
  readonly config: RegulatedMixtureConfig;
}

/** The round's counts (comm.csv; `replicas` and `mixed` are this round's share of ρ_total and ρ_ef), and each replica's fate. */
export interface CommMixResult extends ExchangeOutcome {
  /** Â of each reconstructed replica and the ζ it was mixed with (0 = rejected), in order. */
  readonly decisions: readonly { readonly advantage: number; readonly zeta: number }[];
}

/** A round's comm.csv counts and segment fates, without the per-replica decisions. */
export function roundOutcome(result: CommMixResult): ExchangeOutcome {
  const { requested, received, lost, replicas, mixed, bytes, segments } = result;
  return { requested, received, lost, replicas, mixed, bytes, ...(segments === undefined ? {} : { segments }) };
}

/**
 * The network a mixing rule evaluates referential policies in: one per rule, of the actor's shape, made at first use.
 * Its weights are overwritten before every use, so their initial values (and the RNG that draws them) do not matter.
 */
export class ScratchActor {
  private net: Mlp | null = null;

  of(actor: Mlp): Mlp {
    this.net ??= Mlp.create(actor.sizes, mulberry32(0), { matMulMode: actor.matMulMode });
    return this.net;
  }

  dispose(): void {
    this.net?.dispose();
    this.net = null;
  }
}

/** Alg. 2 for RSM-MASAC: eq. (19) with the critics, α and the configured entropy estimate. */
export function commMix(input: CommMixInput): CommMixResult {
  const { core, config, rng } = input;
  return mixtureRound({
    ...input,
    learner: core,
    gamma: core.config.gamma,
    estimate: (referential, samples) => {
      const entropyNoise = config.entropyEstimate === 'monte-carlo' ? fillGaussian(rng, new Float32Array(config.entropySamples * samples.size * core.actionDim)) : new Float32Array(0);
      return softPolicyAdvantage(core, referential, samples, entropyNoise, config);
    },
  });
}

/** Alg. 2, CommMix, for any learner and advantage estimate. */
export function mixtureRound<S extends OwnSamples>(input: MixtureRoundInput<S>): CommMixResult {
  const { learner, config, rng } = input;
  const size = roundSize(input.neighbours.length, config.segments, config.replicas);
  const theta = learner.getActorParams();
  const decisions: { advantage: number; zeta: number }[] = [];
  const segments: SegmentRequestFate[] = [];
  let requested = 0;
  let received = 0;
  let lost = 0;
  let bytes = 0;
  let mixed = 0;
  for (let k = 0; k < size.replicas; k++) {
    // l. 4: P_i pulling requests (i, P_i, j_p, p) and the reconstruction of θ̃ (eq. 17).
    const requests = planRequests(input.neighbours, size.segments, rng);
    const exchange = exchangeSegments(theta, requests, input.policies, input.transmit);
    const fates = requests.map(({ neighbour }, r) => ({ from: neighbour, arrived: exchange.arrivals[r] === true, mixed: false }));
    segments.push(...fates);
    requested += requests.length;
    received += exchange.received;
    lost += exchange.lost;
    bytes += exchange.bytes;
    if (exchange.received === 0 || (exchange.lost > 0 && config.lostSegments === 'drop-replica')) continue;
    // l. 5–6: Â on M own samples.
    const samples = input.samples();
    setFlatParams(input.scratch.variables, exchange.referential);
    const { advantage, epsilon } = input.estimate(input.scratch, samples);
    // l. 7: only a positive (and finite) advantage guarantees improvement.
    if (!(advantage > 0 && Number.isFinite(advantage))) {
      decisions.push({ advantage, zeta: 0 });
      continue;
    }
    // l. 8–10: (g·Δθ)², ζ below Theorem 2's bound, θ ← θ + ζ(θ̃ − θ).
    const delta = parameterDelta(theta, exchange.referential);
    const source: ScoreActions = config.fisherActions === 'buffer'
      ? { kind: 'buffer', actions: samples.actions, clamp: config.clampLogProbs }
      : { kind: 'policy', noise: fillGaussian(rng, new Float32Array(samples.size * learner.actionDim)) };
    const along = scoreAlong(learner, samples.obs, source, delta);
    const zeta = mixingWeight(advantage, epsilon, along, input.gamma, config);
    decisions.push({ advantage, zeta });
    if (zeta > 0) {
      for (const fate of fates) fate.mixed = true;
      mixInto(theta, exchange.referential, zeta);
      learner.setActorParams(theta);
      mixed += 1;
    }
  }
  return { requested, received, lost, replicas: decisions.length, mixed, bytes, decisions, segments };
}
