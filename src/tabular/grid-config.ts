// Config of the tabular grid experiments of PR Fig. 4 (Landmarks |N| = 2 and 10, Blocker |N| = 3; Sec. V-A), with
// the paper's values as defaults: γ = 0.99, learning rate 0.5 (IQL) / 0.3 (IQL+PR), β = 0.4, τ1 = 0.65, τ2 = 0.35,
// adjacency level 1 with the plain average over S♯ ("a generalized version of (4)"). Validation reuses config.ts.
import type { IqlConfig, IqlPrConfig, TabularLearningConfig } from './config.js';
import { IQL_DEFAULTS, IQL_PR_DEFAULTS, IQL_RULES, LEARNING_RULES, PR_RULES, TABULAR_LEARNING_DEFAULTS, isRecord, mergeSection } from './config.js';
import type { ConfigProblem } from './errors.js';

export type GridEnvName = 'landmark' | 'blocker';

export interface GridEnvSpec {
  readonly env: GridEnvName;
  /** |N|. */
  readonly agents: number;
  /** Landmarks' grid side G (grid-envs.ts; Decision: 5). The Blocker field is fixed at 4 × 7. */
  readonly size: number;
}

export interface GridConfig {
  /** Fig. 4: Landmarks |N| = 2 (left), Blocker |N| = 3 (middle), Landmarks |N| = 10 (right). */
  readonly envs: readonly GridEnvSpec[];
  readonly learning: TabularLearningConfig;
  readonly iql: IqlConfig;
  readonly pr: IqlPrConfig;
  /** T of the Boltzmann policy of the consensus measure (as on Digital). Decision: 1. */
  readonly boltzmannTemperature: number;
}

export const GRID_ENVS_DEFAULT: readonly GridEnvSpec[] = [
  { env: 'landmark', agents: 2, size: 5 },
  { env: 'blocker', agents: 3, size: 5 },
  { env: 'landmark', agents: 10, size: 5 },
];

export const GRID_DEFAULTS: GridConfig = {
  envs: GRID_ENVS_DEFAULT,
  // γ = 0.99 on Navigation, Blocker and Landmarks (Sec. V-A); T, H, ε, Q⁰ as on Digital (Decisions there).
  learning: { ...TABULAR_LEARNING_DEFAULTS, gamma: 0.99 },
  iql: IQL_DEFAULTS,
  // β = 0.4 in Blocker and Landmarks (Sec. V-A); κ not given: 0.5 as on Digital. S♯ averaged uniformly (Sec. V-A).
  pr: { ...IQL_PR_DEFAULTS, beta0: 0.4, adjacencyWeighting: 'uniform' },
  boltzmannTemperature: 1,
};

const TOP_LEVEL_KEYS = ['envs', 'learning', 'iql', 'pr', 'boltzmannTemperature'] as const;

function checkEnvs(value: unknown, path: string, problems: ConfigProblem[]): readonly GridEnvSpec[] {
  if (value === undefined) return GRID_ENVS_DEFAULT;
  if (!Array.isArray(value) || value.length === 0) {
    problems.push({ field: path, value, expected: 'a non-empty array of { env, agents, size? }' });
    return GRID_ENVS_DEFAULT;
  }
  return value.map((item: unknown, k): GridEnvSpec => {
    const at = `${path}[${k}]`;
    if (!isRecord(item)) {
      problems.push({ field: at, value: item, expected: 'an object { env, agents, size? }' });
      return { env: 'landmark', agents: 1, size: 5 };
    }
    for (const key of Object.keys(item)) if (!['env', 'agents', 'size'].includes(key)) problems.push({ field: `${at}.${key}`, value: item[key], expected: 'no such field (known: env, agents, size)' });
    const env = item['env'];
    if (env !== 'landmark' && env !== 'blocker') problems.push({ field: `${at}.env`, value: env, expected: "'landmark' or 'blocker'" });
    const agents = item['agents'];
    if (typeof agents !== 'number' || !Number.isInteger(agents) || agents < 1) problems.push({ field: `${at}.agents`, value: agents, expected: 'an integer ≥ 1' });
    const size = item['size'] ?? 5;
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 2) problems.push({ field: `${at}.size`, value: size, expected: 'an integer ≥ 2' });
    const spec: GridEnvSpec = { env: env === 'blocker' ? 'blocker' : 'landmark', agents: typeof agents === 'number' ? agents : 1, size: typeof size === 'number' ? size : 5 };
    if (spec.env === 'landmark' && typeof agents === 'number' && typeof size === 'number' && agents > size * size) {
      problems.push({ field: `${at}.agents`, value: agents, expected: `at most size² = ${size * size} (one cell per landmark)` });
    }
    return spec;
  });
}

/** The problems of `input` as a GridConfig (sections filled from GRID_DEFAULTS), plus the result. */
export function checkGridConfig(input: unknown, path = 'config'): { config: GridConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const record = input === undefined ? {} : input;
  if (!isRecord(record)) return { config: GRID_DEFAULTS, problems: [{ field: path, value: input, expected: 'an object' }] };
  for (const key of Object.keys(record)) {
    if (!(TOP_LEVEL_KEYS as readonly string[]).includes(key)) problems.push({ field: `${path}.${key}`, value: record[key], expected: `no such field (known: ${TOP_LEVEL_KEYS.join(', ')})` });
  }
  const envs = checkEnvs(record['envs'], `${path}.envs`, problems);
  const learning = mergeSection(`${path}.learning`, record['learning'], GRID_DEFAULTS.learning, LEARNING_RULES, problems);
  const iql = mergeSection(`${path}.iql`, record['iql'], GRID_DEFAULTS.iql, IQL_RULES, problems);
  const pr = mergeSection(`${path}.pr`, record['pr'], GRID_DEFAULTS.pr, PR_RULES, problems);
  const temperature = record['boltzmannTemperature'] ?? GRID_DEFAULTS.boltzmannTemperature;
  if (typeof temperature !== 'number' || !(temperature > 0)) problems.push({ field: `${path}.boltzmannTemperature`, value: temperature, expected: 'a number > 0' });
  if (learning.tau2 >= learning.tau1) problems.push({ field: `${path}.learning.tau2`, value: learning.tau2, expected: `< tau1 = ${learning.tau1} (Theorem 1)` });
  return { config: { envs, learning, iql, pr, boltzmannTemperature: typeof temperature === 'number' ? temperature : 1 }, problems };
}
