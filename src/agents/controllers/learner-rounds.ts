// The communication rounds a learner worker thread runs on its own learners (learner-worker.ts): those of the
// controllers whose mixing rule reads a learner's core and replay, keyed by controller id. RSM-MASAC's eq. (19) needs
// the critics, α and M replay samples of the learner it mixes into, so with learnerWorkers 2 its rounds run where
// that learner lives; the other exchanging controllers only read and write actors through the learner set.
import type { SacConfig } from '../sac/config.js';
import type { LearnerRound } from '../learner-set.js';
import { learnerRoundOf } from '../exchange/policy-exchange.js';
import { parseRsmMasacConfig } from './rsm-masac/config.js';
import { RegulatedSegmentMixture } from './rsm-masac/controller.js';

/** How a worker runs `controller`'s rounds on its learners; null when its rounds need no learner (or it has none). */
export function learnerRound(controller: string, sac: SacConfig): LearnerRound | null {
  if (controller !== 'rsm-masac') return null;
  // The worker received the controller's whole config as plain data: read it back through the controller's parser.
  const config = parseRsmMasacConfig(sac, controller);
  return learnerRoundOf(new RegulatedSegmentMixture(config), config);
}
