// One run's configuration: what `cavlab run` resolves from an experiment file and flags. Every field has a
// default (the papers' where they give one); `parseRunConfig` turns unknown JSON into it or fails with one
// line naming the file, the field and the value.
import type { BackendChoice } from '../nn/backend.js';
import { BACKEND_CHOICES } from '../nn/backend.js';
import { TRANSPORT_CHOICES } from '../sumo/transport.js';
import type { TransportChoice } from '../sumo/transport.js';
import { RunConfigError } from './errors.js';
import { DEFAULT_RETRIES } from './retry.js';

export interface RunConfig {
  /** Results go to `<out>/<experiment>/<algo>__<scenario>__seed<k>/`. */
  readonly experiment: string;
  /** Controller id (`cavlab run --algo`). */
  readonly algo: string;
  /** A registered scenario name or a scenario folder. */
  readonly scenario: string;
  readonly seed: number;
  /** Training episodes (the papers' epochs). */
  readonly episodes: number;
  /** Steps per episode; null = the scenario's horizon. */
  readonly horizon: number | null;
  /** Evaluate after every this many training episodes (the papers test every 10); 0 = never. */
  readonly evalEvery: number;
  /** Evaluation episodes each time (no learning). */
  readonly evalEpisodes: number;
  /**
   * How evaluation episodes act: 'stochastic' samples π(·|s) (public RSM-MASAC code, test_agent with
   * deterministic=False; the default when absent), 'deterministic' takes the mean action.
   */
  readonly evalPolicy?: EvalPolicy;
  /** The controller's hyper-parameters over its defaults (checked by the controller registry). */
  readonly algoConfig: Readonly<Record<string, unknown>>;
  readonly backend: BackendChoice;
  /** Also write steps.csv (one row per step). */
  readonly steps: boolean;
  /** Results root. */
  readonly out: string;
  /** Watch in sumo-gui. */
  readonly gui: boolean;
  /**
   * How SUMO is reached: 'traci' (TCP), 'libsumo' (in-process) or 'auto' (libsumo when its addon loads and there
   * is no GUI). Results are identical either way, so it is not part of the recorded config; the manifest's
   * `transport` says which one ran.
   */
  readonly transport: TransportChoice;
  /**
   * How often SUMO may die (crash, kill, hang past the request timeout) before the run fails; each death reruns the
   * episode from the last checkpoint (src/runner/retry.ts). Absent = DEFAULT_RETRIES. Not part of the recorded
   * config: retries do not change the results.
   */
  readonly retries?: number;
  /**
   * A sweep's grid values as a folder-safe label (src/experiments/run-id.ts), part of the run's folder name:
   * `<algo>__<scenario>__<label>__seed<k>`. Absent for a plain run.
   */
  readonly label?: string;
}

export type EvalPolicy = 'stochastic' | 'deterministic';
export const EVAL_POLICIES = ['stochastic', 'deterministic'] as const;

export const RUN_DEFAULTS = {
  experiment: 'adhoc',
  episodes: 1,
  horizon: null,
  evalEvery: 10,
  evalEpisodes: 1,
  evalPolicy: 'stochastic',
  algoConfig: {},
  backend: 'auto',
  steps: false,
  out: 'results',
  gui: false,
  transport: 'auto',
  retries: DEFAULT_RETRIES,
} as const satisfies Partial<RunConfig>;

/** An experiment file of kind 'run': the run config without `seed`, plus the seeds to run. */
export interface RunExperiment {
  readonly config: Omit<RunConfig, 'seed'>;
  readonly seeds: readonly number[];
}

export const EXPERIMENT_KIND = 'run';
const FILE_KEYS = ['name', 'kind', 'description', 'algo', 'scenario', 'seeds', 'episodes', 'horizon', 'evalEvery', 'evalEpisodes', 'algoConfig', 'backend', 'steps', 'transport', 'evalPolicy', 'retries'] as const;

type Check<T> = (value: unknown) => value is T;
const isName: Check<string> = (v): v is string => typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(v);
const isText: Check<string> = (v): v is string => typeof v === 'string' && v.length > 0;
const isCount = (min: number): Check<number> => (v): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min;
const isSeed: Check<number> = (v): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 2 ** 31;
const isBool: Check<boolean> = (v): v is boolean => typeof v === 'boolean';
const isBackend: Check<BackendChoice> = (v): v is BackendChoice => typeof v === 'string' && (BACKEND_CHOICES as readonly string[]).includes(v);
const isTransport: Check<TransportChoice> = (v): v is TransportChoice => typeof v === 'string' && (TRANSPORT_CHOICES as readonly string[]).includes(v);
const isEvalPolicy: Check<EvalPolicy> = (v): v is EvalPolicy => typeof v === 'string' && (EVAL_POLICIES as readonly string[]).includes(v);
const isObject: Check<Record<string, unknown>> = (v): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const EXPECTED = {
  name: 'a name of letters, digits, ".", "_" or "-"',
  text: 'a non-empty string',
  seed: 'an integer in [0, 2^31)',
  bool: 'true or false',
  backend: `one of ${BACKEND_CHOICES.join(', ')}`,
  object: 'an object of hyper-parameters',
  transport: `one of ${TRANSPORT_CHOICES.join(', ')}`,
} as const;

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  // NaN and ±Infinity (e.g. yargs' reading of `--horizon abc`) would print as JSON's null.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return JSON.stringify(value) ?? String(value);
}

/** Reads one field: absent → `fallback`; present and wrong → RunConfigError naming source, field and value. */
function field<T>(record: Record<string, unknown>, key: string, check: Check<T>, expected: string, source: string, fallback?: T): T {
  const value = record[key];
  if (value === undefined && fallback !== undefined) return fallback;
  if (!check(value)) throw new RunConfigError(source, key, `must be ${expected}, got ${show(value)}`);
  return value;
}

/** Checks the fields a run config shares with an experiment file (everything but the seed). */
export function parseRunFields(record: Record<string, unknown>, source: string, names: { experiment?: string } = {}): Omit<RunConfig, 'seed'> {
  const horizon = record['horizon'];
  if (horizon !== undefined && horizon !== null && !isCount(1)(horizon)) throw new RunConfigError(source, 'horizon', `must be a positive integer or null, got ${show(horizon)}`);
  return {
    experiment: names.experiment ?? field(record, 'name', isName, EXPECTED.name, source, RUN_DEFAULTS.experiment),
    algo: field(record, 'algo', isText, EXPECTED.text, source),
    scenario: field(record, 'scenario', isText, EXPECTED.text, source),
    episodes: field(record, 'episodes', isCount(1), 'a positive integer', source, RUN_DEFAULTS.episodes),
    horizon: typeof horizon === 'number' ? horizon : null,
    evalEvery: field(record, 'evalEvery', isCount(0), 'a non-negative integer', source, RUN_DEFAULTS.evalEvery),
    evalEpisodes: field(record, 'evalEpisodes', isCount(1), 'a positive integer', source, RUN_DEFAULTS.evalEpisodes),
    evalPolicy: field<EvalPolicy>(record, 'evalPolicy', isEvalPolicy, `one of ${EVAL_POLICIES.join(', ')}`, source, RUN_DEFAULTS.evalPolicy),
    algoConfig: field(record, 'algoConfig', isObject, EXPECTED.object, source, RUN_DEFAULTS.algoConfig),
    backend: field(record, 'backend', isBackend, EXPECTED.backend, source, RUN_DEFAULTS.backend),
    steps: field(record, 'steps', isBool, EXPECTED.bool, source, RUN_DEFAULTS.steps),
    transport: field(record, 'transport', isTransport, EXPECTED.transport, source, RUN_DEFAULTS.transport),
    retries: field(record, 'retries', isCount(0), 'a non-negative integer', source, RUN_DEFAULTS.retries),
    out: RUN_DEFAULTS.out,
    gui: RUN_DEFAULTS.gui,
  };
}

/** Validates a parsed experiment file of kind 'run'. */
export function parseRunExperiment(input: unknown, source: string): RunExperiment {
  if (!isObject(input)) throw new RunConfigError(source, '(file)', `must be a JSON object, got ${show(input)}`);
  for (const key of Object.keys(input)) {
    if (!(FILE_KEYS as readonly string[]).includes(key)) throw new RunConfigError(source, key, `is not a field of a run experiment (known: ${FILE_KEYS.join(', ')})`);
  }
  if (input['kind'] !== EXPERIMENT_KIND) throw new RunConfigError(source, 'kind', `must be "${EXPERIMENT_KIND}", got ${show(input['kind'])}`);
  if (input['name'] === undefined) throw new RunConfigError(source, 'name', `must be ${EXPECTED.name}, got nothing`);
  const seeds = input['seeds'] ?? [0];
  if (!Array.isArray(seeds) || seeds.length === 0 || !seeds.every(isSeed)) throw new RunConfigError(source, 'seeds', `must be a non-empty array of integers in [0, 2^31), got ${show(seeds)}`);
  return { config: parseRunFields(input, source), seeds };
}

/** Checks a seed given on the command line. */
export function checkSeed(seed: unknown, source: string): number {
  if (!isSeed(seed)) throw new RunConfigError(source, 'seed', `must be ${EXPECTED.seed}, got ${show(seed)}`);
  return seed;
}
