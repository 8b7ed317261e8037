// The sweep experiment file (kind "sweep"): a run experiment's fields as the base, a grid of values for any run
// field or algoConfig key, the seeds, the figures it feeds and budget profiles (smoke, paper). Checked with zod;
// the first problem becomes one line naming the file and the JSON path of the bad field (src/experiments/load.ts).
import { z } from 'zod';
import { FIGURE_IDS } from '../plot/figures.js';
import { experimentName, jsonObject, RUN_FIELD_SCHEMAS, seedsSchema as seeds } from '../runner/run-fields.js';
import type { RunFieldKey } from '../runner/run-fields.js';
import { isSlurmValue, slurmExpected } from './executors/slurm-fields.js';
import type { SlurmField } from './executors/slurm-fields.js';

export const SWEEP_KIND = 'sweep';
export const BUDGETS = ['smoke', 'paper'] as const;
export type Budget = (typeof BUDGETS)[number];

export { RUN_FIELD_SCHEMAS };
export type { RunFieldKey };
export const RUN_FIELD_KEYS = Object.keys(RUN_FIELD_SCHEMAS) as RunFieldKey[];
export const ALGO_CONFIG_PREFIX = 'algoConfig.';


/** `{ key: [values…] }`: each key a run field (values checked like the field) or `algoConfig.<name>` (checked at run time). */
const grid = z.record(z.string(), z.array(z.unknown()).nonempty()).superRefine((value, ctx) => {
  for (const [key, values] of Object.entries(value)) {
    if (key.startsWith(ALGO_CONFIG_PREFIX) && key.length > ALGO_CONFIG_PREFIX.length) continue;
    if (!(RUN_FIELD_KEYS as string[]).includes(key)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: `is not a grid key (known: ${RUN_FIELD_KEYS.join(', ')}, or ${ALGO_CONFIG_PREFIX}<name>)` });
      continue;
    }
    const schema: z.ZodTypeAny = RUN_FIELD_SCHEMAS[key as RunFieldKey];
    values.forEach((v, i) => {
      const parsed = schema.safeParse(v);
      if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: [key, i, ...issue.path] });
    });
  }
});

/** What a budget profile may change: the amount of work, not what is compared. */
const budget = z.object({
  episodes: RUN_FIELD_SCHEMAS.episodes.optional(),
  horizon: RUN_FIELD_SCHEMAS.horizon.optional(),
  evalEvery: RUN_FIELD_SCHEMAS.evalEvery.optional(),
  evalEpisodes: RUN_FIELD_SCHEMAS.evalEpisodes.optional(),
  seeds: seeds.optional(),
  /** Replaces the values of the named grid keys (e.g. fewer ablation values for smoke). */
  grid: grid.optional(),
  /** Merged over the base algoConfig (e.g. smaller networks for smoke). */
  algoConfig: jsonObject.optional(),
}).strict();

/** Slurm resources of one array task (one run). */
const slurm = (field: SlurmField) => z.string().refine((v) => isSlurmValue(field, v), { message: `must be ${slurmExpected(field)}` });
const resources = z.object({
  cpusPerTask: z.number().int().min(1).default(1),
  /** sbatch --mem, e.g. "4G". */
  memory: slurm('memory').default('4G'),
  /** sbatch --time, e.g. "12:00:00" or "2-00:00:00". */
  time: slurm('time').default('24:00:00'),
  partition: slurm('partition').optional(),
}).strict();

export const sweepFileSchema = z.object({
  name: experimentName,
  kind: z.literal(SWEEP_KIND),
  description: z.string().optional(),
  algo: RUN_FIELD_SCHEMAS.algo.optional(),
  scenario: RUN_FIELD_SCHEMAS.scenario.optional(),
  episodes: RUN_FIELD_SCHEMAS.episodes.optional(),
  horizon: RUN_FIELD_SCHEMAS.horizon.optional(),
  evalEvery: RUN_FIELD_SCHEMAS.evalEvery.optional(),
  evalEpisodes: RUN_FIELD_SCHEMAS.evalEpisodes.optional(),
  backend: RUN_FIELD_SCHEMAS.backend.optional(),
  steps: RUN_FIELD_SCHEMAS.steps.optional(),
  transport: RUN_FIELD_SCHEMAS.transport.optional(),
  workers: RUN_FIELD_SCHEMAS.workers.optional(),
  retries: RUN_FIELD_SCHEMAS.retries.optional(),
  init: RUN_FIELD_SCHEMAS.init.optional(),
  testOnly: RUN_FIELD_SCHEMAS.testOnly.optional(),
  /** Hyper-parameters for every run (checked by the controller registry when the run starts). */
  algoConfig: jsonObject.optional(),
  /** Per-algorithm hyper-parameters merged over algoConfig, for grids over `algo`. */
  algoConfigs: z.record(z.string(), jsonObject).optional(),
  grid: grid.optional(),
  seeds: seeds.default([0]),
  figures: z.array(z.string().refine((id) => (FIGURE_IDS as readonly string[]).includes(id), (id) => ({ message: `unknown figure "${id}" (known: ${FIGURE_IDS.join(', ')})` }))).default([]),
  budgets: z.object({ smoke: budget.optional(), paper: budget.optional() }).strict().optional(),
  resources: resources.default({}),
}).strict().superRefine((file, ctx) => {
  for (const key of ['algo', 'scenario'] as const) {
    if (file[key] === undefined && file.grid?.[key] === undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: 'is required (here or as a grid key)' });
  }
});

export type SweepFile = z.infer<typeof sweepFileSchema>;
export type BudgetProfile = z.infer<typeof budget>;
export type SweepResources = z.infer<typeof resources>;
