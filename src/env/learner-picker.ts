// Which vehicles become agents during an episode (manifest `learners`). Static kinds take every candidate;
// `entering` decides once per vehicle as it enters, in order of entry, with a seeded RNG (merge, scenarios.md).
import type { UniformSource } from '../nn/random.js';
import { mulberry32 } from '../nn/random.js';
import { candidateMatcher } from '../scenarios/learners.js';
import type { LearnerSelection } from '../scenarios/manifest.js';

/** Decides for each vehicle, once, when it first appears; call in order of entry. */
export interface LearnerPicker {
  /** True when the vehicle becomes a learner. */
  consider(vehId: string, vehType: string): boolean;
  /** Learners chosen so far. */
  readonly chosen: number;
}

/**
 * A picker for one episode. Static kinds pick every candidate. `entering` picks each candidate with
 * probability `fraction` until `count` are chosen; `rng` defaults to mulberry32(seed) so an episode's
 * choice is reproducible (pass an RNG derived from the run seed and episode to vary it per episode).
 */
export function learnerPicker(selection: LearnerSelection, rng?: UniformSource): LearnerPicker {
  const matches = candidateMatcher(selection);
  const random = rng ?? mulberry32(selection.kind === 'entering' ? selection.seed : 0);
  let chosen = 0;
  return {
    consider(vehId: string, vehType: string): boolean {
      if (!matches(vehId, vehType)) return false;
      if (selection.kind === 'entering') {
        if (selection.count !== null && chosen >= selection.count) return false;
        // Draw only for candidates, so the choice does not depend on other traffic.
        if (!(random.next() < selection.fraction)) return false;
      }
      chosen++;
      return true;
    },
    get chosen() {
      return chosen;
    },
  };
}
