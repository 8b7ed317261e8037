// RSM-MASAC (Yu et al., Sec. V, Alg. 1): independent SAC learners whose communication rounds are Alg. 2's regulated
// segment mixture (comm-mix.ts). This file wires the mixture into the shared policy-exchange controller.
import { Mlp } from '../../../nn/mlp.js';
import { mulberry32 } from '../../../nn/random.js';
import type { UniformSource } from '../../../nn/random.js';
import type { AgentSpaces } from '../../controller.js';
import type { ReplayBatch, ReplayBuffer } from '../../replay.js';
import { createExchangeController } from '../../exchange/policy-exchange.js';
import type { ExchangeOutcome, ExchangeRound, MixingRule, PolicyExchangeController } from '../../exchange/policy-exchange.js';
import type { RsmMasacConfig } from './config.js';
import { commMix } from './comm-mix.js';
import type { CommMixResult } from './comm-mix.js';

/** Alg. 2 as a mixing rule; keeps one scratch network of the actor's shape to evaluate referential policies in. */
export class RegulatedSegmentMixture implements MixingRule {
  readonly kind = 'segments';
  private scratch: Mlp | null = null;
  /** The last round's per-replica decisions (tests, diagnostics). */
  lastRound: CommMixResult | null = null;

  constructor(private readonly config: RsmMasacConfig) {}

  round({ slot, neighbours, policies, transmit, rng }: ExchangeRound): ExchangeOutcome {
    const { config } = this;
    const { core, replay } = slot;
    // Weights are overwritten before every use, so their initial values (and this RNG) do not matter.
    this.scratch ??= Mlp.create(core.actor.sizes, mulberry32(0), { matMulMode: core.actor.matMulMode });
    const samples = () => advantageSamples(replay, config, rng);
    const result = commMix({ core, scratch: this.scratch, samples, neighbours, policies, transmit, rng, config });
    this.lastRound = result;
    const { requested, received, lost, replicas, mixed, bytes, segments } = result;
    return { requested, received, lost, replicas, mixed, bytes, ...(segments === undefined ? {} : { segments }) };
  }

  dispose(): void {
    this.scratch?.dispose();
    this.scratch = null;
  }
}

/**
 * The M samples of one advantage estimate (Alg. 2 l. 5): 'uniform' draws them at random from the whole buffer (public
 * code: replay_buffer.sample(50)), 'recent' takes the M newest.
 */
export function advantageSamples(replay: ReplayBuffer, config: Pick<RsmMasacConfig, 'sampleChoice' | 'advantageSamples'>, rng: UniformSource): ReplayBatch {
  return config.sampleChoice === 'recent' ? replay.recent(config.advantageSamples) : replay.sample(config.advantageSamples, rng);
}

export function createRsmMasacController(spaces: AgentSpaces, config: RsmMasacConfig, seed: number): PolicyExchangeController {
  return createExchangeController('rsm-masac', spaces, config, seed, new RegulatedSegmentMixture(config));
}
