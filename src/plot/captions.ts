// What every figure says about itself beyond the paper's caption: which scenario(s), evaluation or training
// episodes, which budget (a smoke budget is marked as such, it is a pipeline check, not a result), where the
// paper's numbers sit next to cavlab's (docs/reproduction/), and units on the axes.
import { basename } from 'node:path';

/** Unit of each episodes.csv column a figure may plot (docs/results.md lists them all). */
export const METRIC_UNITS: Readonly<Record<string, string>> = {
  return: 'Σ over steps of the mean reward',
  reward_per_step: 'mean reward per step',
  mean_speed: 'm/s',
  mean_learner_speed: 'm/s',
  collisions: 'count',
  distance: 'm',
  wall_time: 's',
  updates: 'gradient steps',
  learners: 'vehicles',
  steps: 'steps',
  psi_gb: 'GB',
  comm_bytes: 'bytes',
  travel_distance: 'm',
};

/** "mean speed (m/s)": a column name as an axis title with its unit. */
export function axisTitle(metric: string): string {
  const unit = METRIC_UNITS[metric];
  return `${metric.replace(/_/g, ' ')}${unit ? ` (${unit})` : ''}`;
}

/** True for the results folder of a smoke budget (`<experiment>-smoke`, src/experiments/grid.ts resultsName) or a folder inside it. */
export function isSmoke(root: string): boolean {
  return root.split(/[\\/]/).some((segment) => segment.endsWith('-smoke'));
}

/** The reproduction doc of a figure id's paper (written by the fidelity work), or null. */
export function reproductionDoc(figureId: string): string | null {
  const paper = figureId.split('/')[0] ?? '';
  const docs: Readonly<Record<string, string>> = { 'rsm-masac': 'rsm-masac', 'ma-pmbrl': 'ma-pmbrl', pr: 'policy-reciprocity' };
  return docs[paper] ? `docs/reproduction/${docs[paper]}.md` : null;
}

export interface CaptionFacts {
  readonly figureId: string;
  readonly root: string;
  readonly scenarios: readonly string[];
  /** 'eval' | 'train' | 'eval and train' — which episodes the values come from. */
  readonly phase: string;
  readonly groups: readonly string[];
}

/** Title prefix: "[SMOKE] " for smoke budgets. */
export function titlePrefix(root: string): string {
  return isSmoke(root) ? '[SMOKE] ' : '';
}

/** Subtitle lines after the statistic line: scenario, episodes, budget; the IDM note; the reproduction doc. */
export function captionLines(facts: CaptionFacts): string[] {
  const budget = isSmoke(facts.root) ? 'smoke budget: a pipeline check, not a result' : `results: ${basename(facts.root)}`;
  const lines = [`${facts.scenarios.join(', ') || 'scenario ?'} · ${facts.phase} episodes · ${budget}`];
  if (facts.groups.some((g) => g === 'idm' || g.startsWith('idm '))) lines.push('idm: SUMO\'s car-following model drives every vehicle (no learning), the human-driver reference');
  const doc = reproductionDoc(facts.figureId);
  if (doc) lines.push(`paper vs cavlab: ${doc}`);
  return lines;
}
