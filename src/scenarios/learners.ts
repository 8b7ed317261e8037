// Which vehicles are learners (manifest `learners`). Static kinds are a predicate on (id, vType); `entering`
// decides once per vehicle as it enters, in order of entry, with a seeded RNG (merge, scenarios.md).
import type { UniformSource } from '../nn/random.js';
import { mulberry32 } from '../nn/random.js';
import type { LearnerSelection } from './manifest.js';

/** Decides for each vehicle, once, when it first appears; call in order of entry. */
export interface LearnerPicker {
  /** True when the vehicle becomes a learner. */
  consider(vehId: string, vehType: string): boolean;
  /** Learners chosen so far. */
  readonly chosen: number;
}

/** A predicate for candidates: vehicles the selection's ids / vType / id pattern admit (regexes compiled once). */
export function candidateMatcher(selection: LearnerSelection): (vehId: string, vehType: string) => boolean {
  switch (selection.kind) {
    case 'ids': {
      const ids = new Set(selection.ids);
      return (vehId) => ids.has(vehId);
    }
    case 'vehType':
      return (_, vehType) => vehType === selection.vehType;
    case 'idPattern': {
      const pattern = new RegExp(selection.pattern);
      return (vehId) => pattern.test(vehId);
    }
    case 'entering': {
      const pattern = selection.idPattern === null ? null : new RegExp(selection.idPattern);
      return (vehId, vehType) => (selection.vehType === null || vehType === selection.vehType) && (pattern === null || pattern.test(vehId));
    }
  }
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

/** One line for `scenario list`: "vType cav", "13 entering (p = 0.5)". */
export function describeLearners(selection: LearnerSelection): string {
  switch (selection.kind) {
    case 'ids':
      return `${selection.ids.length} ids`;
    case 'vehType':
      return `vType ${selection.vehType}`;
    case 'idPattern':
      return `id ~ /${selection.pattern}/`;
    case 'entering':
      return `${selection.count ?? 'all'} entering${selection.fraction < 1 ? ` (p = ${selection.fraction})` : ''}`;
  }
}
