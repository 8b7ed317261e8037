// Typed config of the tabular Policy Reciprocity experiments, with the paper's defaults (Wang et al.,
// "Multi-agent Policy Reciprocity with Theoretical Guarantee", Sec. V-A; ../shared/papers/policy-reciprocity.txt).
// Fields marked "Decision:" are choices the paper leaves open; see ../shared/design/algorithms.md (Policy Reciprocity).
import type { ConfigProblem } from './errors.js';
import { TabularConfigError } from './errors.js';
import { isRecord } from '../util/records.js';

/** How a state index becomes the observation vector the ℓ0 distance compares (Definitions 1–2). */
export type StateEncoding =
  | 'binary' // bits of the index: states one bit apart (their indices need not be close)
  | 'thermometer'; // first s of |S|−1 entries are 1: ℓ0 = |s − s'|, i.e. the "adjacent digital" states of Sec. V-A

/** Weights of the adjacency space in Q♯: eq. 4's softmax, or the plain average Sec. V-A uses on Landmarks/Blocker. */
export type AdjacencyWeighting = 'softmax' | 'uniform';

export interface DigitalEnvConfig {
  readonly states: number; // |S| = 20, Sec. V-A
  readonly agents: number; // N = 20, Sec. V-A
  readonly actions: number; // |A_i| = 2 (binary), Sec. V-A
  readonly meanRewardMax: number; // mean reward r_i(s, a) ~ U[0, 4], Sec. V-A
  readonly rewardHalfWidth: number; // observed r_i^t ~ U[r_i(s, a) − 0.5, r_i(s, a) + 0.5], Sec. V-A
}

export interface TabularLearningConfig {
  readonly gamma: number; // γ = 0.8 on Digital, Sec. V-A
  readonly tau1: number; // τ1 = 0.65, α_t exponent of eq. 8 (Sec. V-A); Theorem 1 needs τ1 ∈ (1/2, 1]
  readonly tau2: number; // τ2 = 0.35, β_t exponent of eq. 8 (Sec. V-A); Theorem 1 needs 0 < τ2 < τ1 − 1/(2+ε1)
  readonly episodes: number; // T of Alg. 1. Decision: paper silent; 500
  readonly horizon: number; // environment steps per episode. Decision: paper silent; 50
  readonly epsilon: number; // ε of the ε-greedy behaviour policy, Alg. 1 l. 5. Decision: paper silent; 0.1
  readonly initialQ: number; // Q_i^0(s, a) for every entry, Alg. 1 l. 1. Decision: paper silent; 0
}

export interface IqlConfig {
  readonly alpha0: number; // a of eq. 8 (learning rate 0.5 for IQL, Sec. V-A)
}

export interface IqlPrConfig {
  readonly alpha0: number; // a of eq. 8 (learning rate 0.3 for IQL+PR, Sec. V-A)
  readonly beta0: number; // b of eq. 8 (β = 0.3 on Digital, Sec. V-A)
  readonly kappa: number; // κ of eq. 6. Decision: not given for Digital; 0.5 (the deep PR default, Sec. V-B)
  readonly adjacencyLevel: number; // ρ♯ of Definition 2. Decision: 1 (the level Sec. V-A uses elsewhere)
  readonly stateEncoding: StateEncoding; // Sec. V-A: "we choose the adjacent digital as the similar states": 'thermometer' (ρ♯ = 1 → s ± 1)
  readonly adjacencyWeighting: AdjacencyWeighting; // 'softmax' = eq. 4. Decision: eq. 4 on Digital
  /** Whether N_i contains i itself. Decision: true; Assumption 3 / eq. 29 sum over all agents including i. */
  readonly includeSelf: boolean;
  /** E of Alg. 1: environment steps between refreshes of Q*_i (l. 3). Decision: 1, Q* from the current tables. */
  readonly reciprocityInterval: number;
}

export interface DigitalMetricsConfig {
  /** T of the Boltzmann policy π_i(a|s) ∝ exp(Q_i(s, a)/T) used for Fig. 2 ([41]). Decision: 1 */
  readonly boltzmannTemperature: number;
  /** Episodes (0-based) after which the full policy distribution is written; [] = the last episode only. */
  readonly policySnapshotEpisodes: readonly number[];
}

export interface DigitalConfig {
  readonly env: DigitalEnvConfig;
  readonly learning: TabularLearningConfig;
  readonly iql: IqlConfig;
  readonly pr: IqlPrConfig;
  /** Extra κ values run as IQL+PR besides pr.kappa (the κ sweep of issue 7). */
  readonly kappaSweep: readonly number[];
  readonly metrics: DigitalMetricsConfig;
}

export const DIGITAL_ENV_DEFAULTS: DigitalEnvConfig = { states: 20, agents: 20, actions: 2, meanRewardMax: 4, rewardHalfWidth: 0.5 };
export const TABULAR_LEARNING_DEFAULTS: TabularLearningConfig = { gamma: 0.8, tau1: 0.65, tau2: 0.35, episodes: 500, horizon: 50, epsilon: 0.1, initialQ: 0 };
export const IQL_DEFAULTS: IqlConfig = { alpha0: 0.5 };
export const IQL_PR_DEFAULTS: IqlPrConfig = {
  alpha0: 0.3,
  beta0: 0.3,
  kappa: 0.5,
  adjacencyLevel: 1,
  stateEncoding: 'thermometer',
  adjacencyWeighting: 'softmax',
  includeSelf: true,
  reciprocityInterval: 1,
};
export const DIGITAL_METRICS_DEFAULTS: DigitalMetricsConfig = { boltzmannTemperature: 1, policySnapshotEpisodes: [] };
export const DIGITAL_DEFAULTS: DigitalConfig = {
  env: DIGITAL_ENV_DEFAULTS,
  learning: TABULAR_LEARNING_DEFAULTS,
  iql: IQL_DEFAULTS,
  pr: IQL_PR_DEFAULTS,
  kappaSweep: [0, 0.25, 0.75, 1],
  metrics: DIGITAL_METRICS_DEFAULTS,
};

// ---- validation: collects every problem, then throws once (STYLE.md: validators report all problems) ----

export type FieldRule =
  | { readonly kind: 'number'; readonly min?: number; readonly max?: number; readonly above?: number; readonly below?: number; readonly integer?: boolean }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'numbers'; readonly min?: number; readonly max?: number; readonly integer?: boolean };

export function describeRule(rule: FieldRule): string {
  switch (rule.kind) {
    case 'enum':
      return `one of ${rule.values.map((v) => `'${v}'`).join(', ')}`;
    case 'boolean':
      return 'true or false';
    case 'number':
    case 'numbers': {
      const parts = [rule.integer === true ? 'an integer' : 'a number'];
      if ('above' in rule && rule.above !== undefined) parts.push(`> ${rule.above}`);
      if (rule.min !== undefined) parts.push(`≥ ${rule.min}`);
      if (rule.max !== undefined) parts.push(`≤ ${rule.max}`);
      if ('below' in rule && rule.below !== undefined) parts.push(`< ${rule.below}`);
      const one = parts.join(' ');
      return rule.kind === 'numbers' ? `an array of ${one.replace(/^an? /, '')}s` : one;
    }
  }
}

function numberOk(value: unknown, rule: { min?: number; max?: number; above?: number; below?: number; integer?: boolean }): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (rule.integer === true && !Number.isInteger(value)) return false;
  if (rule.min !== undefined && value < rule.min) return false;
  if (rule.max !== undefined && value > rule.max) return false;
  if (rule.above !== undefined && !(value > rule.above)) return false;
  if (rule.below !== undefined && !(value < rule.below)) return false;
  return true;
}

export function valueOk(value: unknown, rule: FieldRule): boolean {
  switch (rule.kind) {
    case 'number':
      return numberOk(value, rule);
    case 'enum':
      return typeof value === 'string' && rule.values.includes(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'numbers':
      return Array.isArray(value) && value.every((v: unknown) => numberOk(v, rule));
  }
}

export { isRecord };

/** Merges `input` (unknown JSON) over `defaults` field by field, recording wrong types, ranges and unknown keys. */
export function mergeSection<T extends object>(
  path: string,
  input: unknown,
  defaults: T,
  rules: { readonly [K in keyof T]: FieldRule },
  problems: ConfigProblem[],
): T {
  if (input === undefined) return defaults;
  if (!isRecord(input)) {
    problems.push({ field: path, value: input, expected: 'an object' });
    return defaults;
  }
  const out: Record<string, unknown> = Object.assign<Record<string, unknown>, T>({}, defaults);
  for (const [key, value] of Object.entries(input)) {
    const rule = (rules as Record<string, FieldRule | undefined>)[key];
    if (rule === undefined) {
      problems.push({ field: `${path}.${key}`, value, expected: `no such field (known: ${Object.keys(rules).join(', ')})` });
    } else if (!valueOk(value, rule)) {
      problems.push({ field: `${path}.${key}`, value, expected: describeRule(rule) });
    } else {
      out[key] = value;
    }
  }
  return out as T;
}

const ENV_RULES: { readonly [K in keyof DigitalEnvConfig]: FieldRule } = {
  states: { kind: 'number', integer: true, min: 2 },
  agents: { kind: 'number', integer: true, min: 1 },
  actions: { kind: 'number', integer: true, min: 2 },
  meanRewardMax: { kind: 'number', min: 0 },
  rewardHalfWidth: { kind: 'number', min: 0 },
};
export const LEARNING_RULES: { readonly [K in keyof TabularLearningConfig]: FieldRule } = {
  gamma: { kind: 'number', min: 0, below: 1 },
  tau1: { kind: 'number', above: 0.5, max: 1 },
  tau2: { kind: 'number', above: 0 },
  episodes: { kind: 'number', integer: true, min: 1 },
  horizon: { kind: 'number', integer: true, min: 1 },
  epsilon: { kind: 'number', min: 0, max: 1 },
  initialQ: { kind: 'number' },
};
export const IQL_RULES: { readonly [K in keyof IqlConfig]: FieldRule } = { alpha0: { kind: 'number', above: 0, max: 1 } };
export const PR_RULES: { readonly [K in keyof IqlPrConfig]: FieldRule } = {
  alpha0: { kind: 'number', above: 0, max: 1 },
  beta0: { kind: 'number', min: 0, max: 1 },
  kappa: { kind: 'number', min: 0, max: 1 },
  adjacencyLevel: { kind: 'number', integer: true, min: 0 },
  stateEncoding: { kind: 'enum', values: ['binary', 'thermometer'] },
  adjacencyWeighting: { kind: 'enum', values: ['softmax', 'uniform'] },
  includeSelf: { kind: 'boolean' },
  reciprocityInterval: { kind: 'number', integer: true, min: 1 },
};
const METRICS_RULES: { readonly [K in keyof DigitalMetricsConfig]: FieldRule } = {
  boltzmannTemperature: { kind: 'number', above: 0 },
  policySnapshotEpisodes: { kind: 'numbers', integer: true, min: 0 },
};
const TOP_LEVEL_KEYS = ['env', 'learning', 'iql', 'pr', 'kappaSweep', 'metrics'] as const;

/** The problems of `input` as a DigitalConfig (partial sections are filled from DIGITAL_DEFAULTS), plus the result. */
export function checkDigitalConfig(input: unknown, path = 'config'): { config: DigitalConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const record = input === undefined ? {} : input;
  if (!isRecord(record)) return { config: DIGITAL_DEFAULTS, problems: [{ field: path, value: input, expected: 'an object' }] };
  for (const key of Object.keys(record)) {
    if (!(TOP_LEVEL_KEYS as readonly string[]).includes(key)) {
      problems.push({ field: `${path}.${key}`, value: record[key], expected: `no such field (known: ${TOP_LEVEL_KEYS.join(', ')})` });
    }
  }
  const env = mergeSection(`${path}.env`, record['env'], DIGITAL_ENV_DEFAULTS, ENV_RULES, problems);
  const learning = mergeSection(`${path}.learning`, record['learning'], TABULAR_LEARNING_DEFAULTS, LEARNING_RULES, problems);
  const iql = mergeSection(`${path}.iql`, record['iql'], IQL_DEFAULTS, IQL_RULES, problems);
  const pr = mergeSection(`${path}.pr`, record['pr'], IQL_PR_DEFAULTS, PR_RULES, problems);
  const metrics = mergeSection(`${path}.metrics`, record['metrics'], DIGITAL_METRICS_DEFAULTS, METRICS_RULES, problems);
  let kappaSweep = DIGITAL_DEFAULTS.kappaSweep;
  const sweepRule: FieldRule = { kind: 'numbers', min: 0, max: 1 };
  if (record['kappaSweep'] !== undefined) {
    if (valueOk(record['kappaSweep'], sweepRule)) kappaSweep = record['kappaSweep'] as number[];
    else problems.push({ field: `${path}.kappaSweep`, value: record['kappaSweep'], expected: describeRule(sweepRule) });
  }
  // Theorem 1's condition on the exponents (ε1 → ∞ for bounded rewards): 0 < τ2 < τ1.
  if (learning.tau2 >= learning.tau1) problems.push({ field: `${path}.learning.tau2`, value: learning.tau2, expected: `< tau1 = ${learning.tau1} (Theorem 1)` });
  for (const episode of metrics.policySnapshotEpisodes) {
    if (episode >= learning.episodes) problems.push({ field: `${path}.metrics.policySnapshotEpisodes`, value: episode, expected: `< episodes = ${learning.episodes}` });
  }
  return { config: { env, learning, iql, pr, kappaSweep, metrics }, problems };
}

/** `input` as a DigitalConfig with defaults filled in; throws TabularConfigError listing every problem. */
export function resolveDigitalConfig(input: unknown, source = 'digital config'): DigitalConfig {
  const { config, problems } = checkDigitalConfig(input);
  if (problems.length > 0) throw new TabularConfigError(source, problems);
  return config;
}
