// The rule of every run field, written once as a zod schema: runner/config.ts checks a run with them and the
// sweep file schema (src/experiments/schema.ts) builds its base, grid and budgets from them.
import { z } from 'zod';
import { BACKEND_CHOICES } from '../nn/backend.js';
import type { BackendChoice } from '../nn/backend.js';
import { TRANSPORT_CHOICES } from '../sumo/transport.js';
import type { TransportChoice } from '../sumo/transport.js';
import { WORKERS_CHOICES } from './placement.js';
import type { WorkersChoice } from './placement.js';

export const EVAL_POLICIES = ['stochastic', 'deterministic'] as const;

/** A run's checkpoints by name (src/runner/checkpoint.ts). */
export const CHECKPOINTS = ['best', 'latest'] as const;
export type CheckpointName = (typeof CHECKPOINTS)[number];

/**
 * Where a run's learners start from (run field `init`; RSM-MASAC Fig. 13): learner `learner`'s networks in checkpoint
 * `checkpoint` of the run folder `run` (relative to the working folder), for every learner of the new run.
 */
export const initSchema = z.object({
  run: z.string().min(1),
  /** Public code: a checkpoint saved during training (every 100 epochs), i.e. the latest one, not the best. */
  checkpoint: z.enum(CHECKPOINTS).default('latest'),
  /** Public code: the checkpoint holds agents[0]'s networks. */
  learner: z.number().int().min(0).default(0),
}).strict();
export type RunInit = z.infer<typeof initSchema>;
export type EvalPolicy = (typeof EVAL_POLICIES)[number];

const isWorkers = (v: unknown): v is WorkersChoice => (WORKERS_CHOICES as readonly unknown[]).includes(v);
const isTransport = (v: unknown): v is TransportChoice => typeof v === 'string' && (TRANSPORT_CHOICES as readonly string[]).includes(v);
const isBackend = (v: unknown): v is BackendChoice => typeof v === 'string' && (BACKEND_CHOICES as readonly string[]).includes(v);

/** Run fields a sweep may set in its base or vary in its grid. */
export const RUN_FIELD_SCHEMAS = {
  algo: z.string().min(1),
  scenario: z.string().min(1),
  episodes: z.number().int().min(1),
  horizon: z.number().int().min(1).nullable(),
  evalEvery: z.number().int().min(0),
  evalEpisodes: z.number().int().min(1),
  backend: z.custom<BackendChoice>(isBackend, { message: `must be one of ${BACKEND_CHOICES.join(', ')}` }),
  steps: z.boolean(),
  transport: z.custom<TransportChoice>(isTransport, { message: `must be one of ${TRANSPORT_CHOICES.join(', ')}` }),
  /** Worker threads for the learners: 'auto', 1 or 2 (src/runner/placement.ts). */
  workers: z.custom<WorkersChoice>(isWorkers, { message: `must be one of ${WORKERS_CHOICES.join(', ')}` }),
  /** How often SUMO may die before the run fails (src/runner/retry.ts). */
  retries: z.number().int().min(0),
  /** The learners start from a trained run's networks (src/runner/learner-init.ts). */
  init: initSchema,
  /** Only the evaluation episodes, no training (public RSM-MASAC code's testOnly; Fig. 13's "test only" curve). */
  testOnly: z.boolean(),
} as const;
export type RunFieldKey = keyof typeof RUN_FIELD_SCHEMAS;

/** An experiment's name: a folder-safe label. */
export const experimentName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a name of letters, digits, ".", "_" or "-"');
/** A run seed (SUMO takes a signed 32-bit seed). */
export const seedSchema = z.number().int().min(0).max(2 ** 31 - 1);
export const seedsSchema = z.array(seedSchema).nonempty();
/** Hyper-parameters by name (checked by the controller registry when the run starts). */
export const jsonObject = z.record(z.string(), z.unknown());
export const evalPolicySchema = z.enum(EVAL_POLICIES);
