// Where a run's learners work (run field `workers`, `--workers`): in the run's thread or in two worker threads, for
// the controllers that can (their learnerWorkers / fitWorkers fields). Every layout gives the same numbers (the
// layouts' tests), so this is a choice of speed only and never part of the recorded config.
import { availableParallelism, loadavg } from 'node:os';
import { PLACEMENT_FIELDS } from '../agents/controller-checkpoint.js';
import type { BackendName } from '../nn/backend.js';

export const WORKERS_CHOICES = ['auto', 1, 2] as const;
export type WorkersChoice = (typeof WORKERS_CHOICES)[number];

export interface MachineLoad {
  /** CPUs this process may use. */
  readonly cores: number;
  /** 1-minute load average. */
  readonly load: number;
}

/** The backends whose kernels run on the calling thread only: a second thread is a second core's work. */
const ONE_THREAD_BACKENDS: ReadonlySet<BackendName> = new Set(['wasm', 'cpu']);

/**
 * The worker threads a run uses: a count as given; 'auto' two when the machine has at least two cores and one of
 * them is free as the run starts (1-minute load average below cores − 1), else one — a sweep with --jobs > 1 or a
 * second run beside this one already uses the other core. tfjs-node(-gpu) runs TensorFlow's own thread pool over the
 * cores (or the GPU): 'auto' leaves it one thread.
 */
export function resolveWorkers(choice: WorkersChoice, backend: BackendName, machine: MachineLoad = { cores: availableParallelism(), load: loadavg()[0] ?? 0 }): 1 | 2 {
  if (choice !== 'auto') return choice;
  return ONE_THREAD_BACKENDS.has(backend) && machine.cores >= 2 && machine.load < machine.cores - 1 ? 2 : 1;
}

/** The worker threads a controller config asks for: its largest placement field, 1 without any. */
export function workersOf(config: unknown): number {
  if (typeof config !== 'object' || config === null) return 1;
  const counts = Object.entries(config).filter(([key, value]) => PLACEMENT_FIELDS.has(key) && typeof value === 'number').map(([, value]) => value as number);
  return Math.max(1, ...counts);
}

/** `config` with `workers` in each placement field it has and the experiment's `raw` algoConfig leaves unset. */
export function placed<C>(config: C, raw: Readonly<Record<string, unknown>>, workers: 1 | 2): C {
  if (workers === 1 || typeof config !== 'object' || config === null) return config;
  const fields = [...PLACEMENT_FIELDS].filter((f) => f in config && raw[f] === undefined);
  return fields.length === 0 ? config : { ...config, ...Object.fromEntries(fields.map((f) => [f, workers])) };
}
