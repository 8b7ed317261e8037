// One run's configuration: what `cavlab run` resolves from an experiment file and flags. Every field has a
// default (the papers' where they give one); `parseRunConfig` turns unknown JSON into it or fails with one
// line naming the file, the field and the value.
import type { z } from 'zod';
import type { BackendChoice } from '../nn/backend.js';
import { BACKEND_CHOICES } from '../nn/backend.js';
import { TRANSPORT_CHOICES } from '../sumo/transport.js';
import type { TransportChoice } from '../sumo/transport.js';
import { WORKERS_CHOICES } from './placement.js';
import type { WorkersChoice } from './placement.js';
import { RunConfigError } from './errors.js';
import { DEFAULT_RETRIES } from './retry.js';
import { EVAL_POLICIES, evalPolicySchema, experimentName, jsonObject, RUN_FIELD_SCHEMAS, seedSchema, seedsSchema } from './run-fields.js';
import type { EvalPolicy, RunInit } from './run-fields.js';
import { isRecord } from '../util/records.js';


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
   * Worker threads for the controller's learners where it can use them (src/runner/placement.ts): 'auto' takes
   * both cores when the machine has at least two and one is free as the run starts; a count is taken as given.
   * Results are identical either way (the layouts' tests), so it is not part of the recorded config; the manifest's
   * `workers` says how many ran. An algoConfig that sets learnerWorkers/fitWorkers itself wins.
   */
  readonly workers: WorkersChoice;
  /**
   * How often SUMO may die (crash, kill, hang past the request timeout) before the run fails; each death reruns the
   * episode from the last checkpoint (src/runner/retry.ts). Absent = DEFAULT_RETRIES. Not part of the recorded
   * config: retries do not change the results.
   */
  readonly retries?: number;
  /**
   * A sweep's grid values as a folder-safe label (gridLabel, src/experiments/grid.ts), part of the run's folder name:
   * `<algo>__<scenario>__<label>__seed<k>`. Absent for a plain run.
   */
  readonly label?: string;
  /**
   * Every learner starts from this trained run's networks instead of a random initialisation (RSM-MASAC Fig. 13;
   * src/runner/learner-init.ts). Absent = random initialisation.
   */
  readonly init?: RunInit;
  /**
   * Only the evaluation episodes of the schedule run (after every `evalEvery`-th epoch and the last): the policy is
   * tested, never trained (public RSM-MASAC code's testOnly; Fig. 13's "test only"). Absent = false.
   */
  readonly testOnly?: boolean;
}

export type { EvalPolicy };
export { EVAL_POLICIES };

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
  workers: 'auto',
  retries: DEFAULT_RETRIES,
} as const satisfies Partial<RunConfig>;

/** An experiment file of kind 'run': the run config without `seed`, plus the seeds to run. */
export interface RunExperiment {
  readonly config: Omit<RunConfig, 'seed'>;
  readonly seeds: readonly number[];
}

export const EXPERIMENT_KIND = 'run';
const FILE_KEYS = ['name', 'kind', 'description', 'algo', 'scenario', 'seeds', 'episodes', 'horizon', 'evalEvery', 'evalEpisodes', 'algoConfig', 'backend', 'steps', 'transport', 'workers', 'evalPolicy', 'retries', 'init', 'testOnly'] as const;

/** What a field must be, in the words of its error message (the rule itself is the zod schema in run-fields.ts). */
const EXPECTED = {
  name: 'a name of letters, digits, ".", "_" or "-"',
  text: 'a non-empty string',
  positive: 'a positive integer',
  nonNegative: 'a non-negative integer',
  seed: 'an integer in [0, 2^31)',
  bool: 'true or false',
  backend: `one of ${BACKEND_CHOICES.join(', ')}`,
  evalPolicy: `one of ${EVAL_POLICIES.join(', ')}`,
  object: 'an object of hyper-parameters',
  transport: `one of ${TRANSPORT_CHOICES.join(', ')}`,
  workers: `one of ${WORKERS_CHOICES.join(', ')}`,
  horizon: 'a positive integer or null',
  init: 'an object { "run": "<run folder>", "checkpoint": "latest" or "best", "learner": <slot> }',
} as const;

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  // NaN and ±Infinity (e.g. yargs' reading of `--horizon abc`) would print as JSON's null.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return JSON.stringify(value) ?? String(value);
}

/** Reads one field: absent → `fallback`; present and wrong → RunConfigError naming source, field and value. */
function field<T>(record: Record<string, unknown>, key: string, schema: z.ZodType<T, z.ZodTypeDef, unknown>, expected: string, source: string, fallback?: T): T {
  const value = record[key];
  if (value === undefined && fallback !== undefined) return fallback;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new RunConfigError(source, key, `must be ${expected}, got ${show(value)}`);
  return parsed.data;
}

/** Checks the fields a run config shares with an experiment file (everything but the seed). */
export function parseRunFields(record: Record<string, unknown>, source: string, names: { experiment?: string } = {}): Omit<RunConfig, 'seed'> {
  const f = RUN_FIELD_SCHEMAS;
  const fields: Omit<RunConfig, 'seed'> = {
    experiment: names.experiment ?? field(record, 'name', experimentName, EXPECTED.name, source, RUN_DEFAULTS.experiment),
    algo: field(record, 'algo', f.algo, EXPECTED.text, source),
    scenario: field(record, 'scenario', f.scenario, EXPECTED.text, source),
    episodes: field(record, 'episodes', f.episodes, EXPECTED.positive, source, RUN_DEFAULTS.episodes),
    horizon: record['horizon'] === undefined ? RUN_DEFAULTS.horizon : field(record, 'horizon', f.horizon, EXPECTED.horizon, source),
    evalEvery: field(record, 'evalEvery', f.evalEvery, EXPECTED.nonNegative, source, RUN_DEFAULTS.evalEvery),
    evalEpisodes: field(record, 'evalEpisodes', f.evalEpisodes, EXPECTED.positive, source, RUN_DEFAULTS.evalEpisodes),
    evalPolicy: field<EvalPolicy>(record, 'evalPolicy', evalPolicySchema, EXPECTED.evalPolicy, source, RUN_DEFAULTS.evalPolicy),
    algoConfig: field(record, 'algoConfig', jsonObject, EXPECTED.object, source, RUN_DEFAULTS.algoConfig),
    backend: field(record, 'backend', f.backend, EXPECTED.backend, source, RUN_DEFAULTS.backend),
    steps: field(record, 'steps', f.steps, EXPECTED.bool, source, RUN_DEFAULTS.steps),
    transport: field(record, 'transport', f.transport, EXPECTED.transport, source, RUN_DEFAULTS.transport),
    workers: field<WorkersChoice>(record, 'workers', f.workers, EXPECTED.workers, source, RUN_DEFAULTS.workers),
    retries: field(record, 'retries', f.retries, EXPECTED.nonNegative, source, RUN_DEFAULTS.retries),
    out: RUN_DEFAULTS.out,
    gui: RUN_DEFAULTS.gui,
    // Recorded only when given, so the configs of runs from before these fields still match on --resume.
    ...(record['init'] === undefined ? {} : { init: field(record, 'init', f.init, EXPECTED.init, source) }),
    ...(record['testOnly'] === undefined || record['testOnly'] === false ? {} : { testOnly: field(record, 'testOnly', f.testOnly, EXPECTED.bool, source) }),
  };
  if (fields.testOnly === true && fields.evalEvery === 0) throw new RunConfigError(source, 'testOnly', 'runs only the evaluation episodes, so evalEvery must be > 0, got 0');
  return fields;
}

/** Validates a parsed experiment file of kind 'run'. */
export function parseRunExperiment(input: unknown, source: string): RunExperiment {
  if (!isRecord(input)) throw new RunConfigError(source, '(file)', `must be a JSON object, got ${show(input)}`);
  for (const key of Object.keys(input)) {
    if (!(FILE_KEYS as readonly string[]).includes(key)) throw new RunConfigError(source, key, `is not a field of a run experiment (known: ${FILE_KEYS.join(', ')})`);
  }
  if (input['kind'] !== EXPERIMENT_KIND) throw new RunConfigError(source, 'kind', `must be "${EXPERIMENT_KIND}", got ${show(input['kind'])}`);
  if (input['name'] === undefined) throw new RunConfigError(source, 'name', `must be ${EXPECTED.name}, got nothing`);
  const seeds = field<number[]>({ seeds: input['seeds'] ?? undefined }, 'seeds', seedsSchema, 'a non-empty array of integers in [0, 2^31)', source, [0]);
  return { config: parseRunFields(input, source), seeds };
}

/** Checks a seed given on the command line. */
export function checkSeed(seed: unknown, source: string): number {
  return field({ seed }, 'seed', seedSchema, EXPECTED.seed, source);
}
