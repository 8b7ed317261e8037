// The one path rule of results (issue 14): every part of a run folder's name, whatever it came from (--name, an
// experiment file's name, a scenario.json's name, the algorithm, a sweep's grid values), is a plain name, and the
// folder it makes stays inside the results root. `..`, `/`, absolute paths and control characters never pass.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { RunConfig } from './config.js';
import { RunPathError } from './errors.js';

/** Letters, digits, ".", "_", "+", "-"; not starting with "." or "-" (no hidden folders, no flags). */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;
/** Most file systems allow 255 bytes per name; the run id joins several parts. */
const MAX_NAME = 200;

/** Checks one part of a results path; `what` names its source in the error. */
export function checkResultName(value: string, what: string): string {
  if (!NAME.test(value) || value.length > MAX_NAME) {
    throw new RunPathError(`${what} ${JSON.stringify(value)} cannot name a results folder: use up to ${MAX_NAME} letters, digits, ".", "_", "+" or "-", starting with a letter or digit`);
  }
  return value;
}

/** `<root>/<parts…>`, each part checked, and refused unless it lies inside `root`. */
export function insideRoot(root: string, parts: readonly { readonly value: string; readonly what: string }[]): string {
  const base = resolve(root);
  for (const part of parts) checkResultName(part.value, part.what);
  const path = resolve(base, ...parts.map((p) => p.value));
  const rel = relative(base, path);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new RunPathError(`${path} is not inside the results root ${base}`);
  }
  return path;
}

/** `<algo>__<scenario>__seed<k>`, or `<algo>__<scenario>__<label>__seed<k>` for a sweep's run with grid values. */
export function runId(config: Pick<RunConfig, 'algo' | 'seed' | 'label'>, scenarioName: string): string {
  checkResultName(config.algo, 'algorithm');
  checkResultName(scenarioName, 'scenario name (scenario.json "name")');
  if (config.label) checkResultName(config.label, 'grid label');
  const parts = [config.algo, scenarioName, ...(config.label ? [config.label] : []), `seed${config.seed}`];
  return parts.join('__');
}

/** `<out>/<experiment>/<run id>` (see runId), always inside `out`. */
export function runDir(config: RunConfig, scenarioName: string): string {
  return insideRoot(config.out, [
    { value: config.experiment, what: 'experiment name (--name or the experiment file\'s "name")' },
    { value: runId(config, scenarioName), what: 'run id' },
  ]);
}
