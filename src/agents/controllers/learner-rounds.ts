// What a learner worker thread (learner-worker.ts) runs on its own learners for a controller, keyed by controller id:
// - communication rounds, for the controllers whose mixing rule reads a learner's core and replay: RSM-MASAC's
//   eq. (19) needs the critics, α and M replay samples of the learner it mixes into, so with learnerWorkers 2 its
//   rounds run where that learner lives (the other exchanging controllers only read and write actors through the set);
// - batch rules, for the controllers that change a learner's mini-batches: policy reciprocity's critic target reads
//   the learner's actor and target critics (its controller builds the same rule for learners in its own thread);
// - world models, for the model-based controllers whose model fits run in workers (fitWorkers 2, models/model-fits.ts).
import type { AgentSpaces } from '../controller.js';
import type { SacConfig } from '../sac/config.js';
import type { BatchRule, LearnerRound } from '../learner-set.js';
import { learnerRoundOf } from '../exchange/policy-exchange.js';
import { parseReciprocityConfig } from './policy-reciprocity/config.js';
import { ReciprocalRule } from './policy-reciprocity/reciprocal-rule.js';
import { parseRsmMasacConfig } from './rsm-masac/config.js';
import type { WorldModel, WorldModelFactory } from '../models/world-model.js';
import { parseMaPmbrlConfig } from './ma-pmbrl/config.js';
import { maPmbrlModels } from './ma-pmbrl/controller.js';
import { parseMbpoConfig } from './mbpo/config.js';
import { parseMaPetsConfig } from './ma-pets/config.js';
import { maPetsModels } from './ma-pets/controller.js';
import { mbpoModels } from './mbpo/controller.js';
import { RegulatedSegmentMixture } from './rsm-masac/controller.js';

/** How a worker runs `controller`'s rounds on its learners; null when its rounds need no learner (or it has none). */
export function learnerRound(controller: string, sac: SacConfig): LearnerRound | null {
  if (controller !== 'rsm-masac') return null;
  // The worker received the controller's whole config as plain data: read it back through the controller's parser.
  const config = parseRsmMasacConfig(sac, controller);
  return learnerRoundOf(new RegulatedSegmentMixture(config), config);
}

/** `controller`'s batch rule for the learners of a worker; null when it has none. */
export function learnerRule(controller: string, spaces: AgentSpaces, sac: SacConfig): BatchRule | null {
  if (controller !== 'policy-reciprocity') return null;
  return new ReciprocalRule(spaces, parseReciprocityConfig(sac, controller));
}

/** How a worker builds `controller`'s world model to fit it, from the controller's config; null when it has none. */
export function learnerModel(controller: string, spaces: AgentSpaces, config: unknown): WorldModelFactory<WorldModel> | null {
  if (controller === 'mbpo') return mbpoModels(spaces, parseMbpoConfig(config, controller));
  if (controller === 'ma-pmbrl') return maPmbrlModels(spaces, parseMaPmbrlConfig(config, controller));
  if (controller === 'ma-pets') return maPetsModels(spaces, parseMaPetsConfig(config, controller));
  return null;
}
