// Which budget of a sweep file a reading command (`plot`, `sweep --status`) means when none is given: the one
// whose results folder exists. With none, the error names the budgets and the command that runs the cheap one.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CavlabUsageError } from '../errors.js';
import { resultsName } from './grid.js';
import { BUDGETS } from './schema.js';
import type { Budget, SweepFile } from './schema.js';

/** Budgets the file defines (paper always exists: the file's own fields). */
export function definedBudgets(sweep: SweepFile): Budget[] {
  return BUDGETS.filter((b) => b === 'paper' || sweep.budgets?.[b] !== undefined);
}

/**
 * `given` when set; else the budget with a results folder under `out` (paper first when both have one).
 * `target` is how the user named the experiment, for the suggested command.
 */
export function pickBudget(sweep: SweepFile, out: string, target: string, given?: Budget): { budget: Budget; dir: string; guessed: boolean } {
  const dirOf = (b: Budget): string => resolve(out, resultsName(sweep, b));
  if (given !== undefined) {
    if (!existsSync(dirOf(given))) throw new NoResultsError(sweep, out, target, [given]);
    return { budget: given, dir: dirOf(given), guessed: false };
  }
  const found = definedBudgets(sweep).filter((b) => existsSync(dirOf(b))).sort((a, b) => (a === 'paper' ? -1 : b === 'paper' ? 1 : 0));
  const first = found[0];
  if (first === undefined) throw new NoResultsError(sweep, out, target, definedBudgets(sweep));
  return { budget: first, dir: dirOf(first), guessed: true };
}

/** Nothing has run for the budgets asked about: which exist, and the exact command for the cheapest. */
export class NoResultsError extends CavlabUsageError {
  constructor(sweep: SweepFile, out: string, target: string, budgets: readonly Budget[]) {
    const cheap: Budget = budgets.includes('smoke') ? 'smoke' : budgets[0] ?? 'paper';
    const where = budgets.map((b) => resolve(out, resultsName(sweep, b))).join(' or ');
    const command = `cavlab sweep ${target}${cheap === 'paper' ? '' : ` --budget ${cheap}`}`;
    super(`no results for ${sweep.name} (looked in ${where}; budgets in the file: ${definedBudgets(sweep).join(', ')}); run the ${cheap} budget first: ${command}`);
  }
}
