// RSM-MASAC (Yu et al., Sec. V, Alg. 1): independent SAC learners whose communication rounds are Alg. 2's regulated
// segment mixture (comm-mix.ts). This file wires the mixture into the shared policy-exchange controller.
import type { UniformSource } from '../../../nn/random.js';
import type { AgentSpaces } from '../../controller.js';
import type { ReplayBatch, ReplayBuffer } from '../../replay.js';
import { createExchangeController } from '../../exchange/policy-exchange.js';
import type { ExchangeOutcome, ExchangeRound, MixingRule, PolicyExchangeController } from '../../exchange/policy-exchange.js';
import type { RsmMasacConfig } from './config.js';
import { ScratchActor, commMix, roundOutcome } from './comm-mix.js';
import type { CommMixResult } from './comm-mix.js';

/** Alg. 2 as a mixing rule on the SAC learners. */
export class RegulatedSegmentMixture implements MixingRule {
  readonly kind = 'segments';
  /** Eq. (19) needs the learner's critics, α and replay: with learners in workers the round runs in the slot's worker. */
  readonly readsLearner = true;
  private readonly scratch = new ScratchActor();
  /** The last round's per-replica decisions (tests, diagnostics). */
  lastRound: CommMixResult | null = null;

  constructor(private readonly config: RsmMasacConfig) {}

  round({ slot, neighbours, policies, transmit, rng }: ExchangeRound): ExchangeOutcome {
    const { config } = this;
    const { core, replay } = slot;
    const samples = () => advantageSamples(replay, config, rng);
    this.lastRound = commMix({ core, scratch: this.scratch.of(core.actor), samples, neighbours, policies, transmit, rng, config });
    return roundOutcome(this.lastRound);
  }

  dispose(): void {
    this.scratch.dispose();
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
