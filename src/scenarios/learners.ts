// Which vehicles may be learners (manifest `learners`): the candidate predicate and its one-line description.
// The runtime choice among candidates (`entering`'s seeded draw) is the env's: src/env/learner-picker.ts.
import type { LearnerSelection } from './manifest.js';

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
