// `cavlab bench sac`: SAC update throughput at the figure-eight sizes — batch 256, actor 6 → 256 → 256 → 2 (one
// action: mean and std parameter), twin critics (6 + 1) → 256 → 256 → 1 with targets, Adam — on every compute
// path that loads, 9-learner agent-updates/s, action selection for 9 learners, and PyTorch measured in the
// same run (issue 5, issue 10; ../shared/design/performance.md).
import type { ReplayBuffer } from '../agents/replay.js';
import { currentBackend, selectBackend } from '../nn/backend.js';
import type { BackendName, BackendPath } from '../nn/backend.js';
import type { MatMulMode } from '../nn/mlp.js';
import { loadNativeBlas } from '../nn/native-blas.js';
import { mulberry32 } from '../nn/random.js';
import { SAC_BENCH_DEFAULTS, benchLearner, median } from './sac-learner.js';
import type { SacBenchOptions } from './sac-learner.js';
import { benchActSelection } from './sac-act.js';
import type { ActBenchResult } from './sac-act.js';
import { runPytorchBench } from './sac-pytorch.js';
import { benchTwoWorkers } from './sac-workers.js';
import { benchPoolUpdateRate } from './pool-update.js';
import type { WorkersBenchResult } from './sac-workers.js';
import type { PytorchBenchResult } from './sac-pytorch.js';

export { SAC_BENCH_DEFAULTS, benchLearner, median } from './sac-learner.js';
export type { SacBenchOptions } from './sac-learner.js';

export interface SacBenchResult {
  readonly backend: BackendName | 'unknown';
  readonly path: BackendPath | 'unknown';
  readonly matMulMode: MatMulMode;
  /** Median wall time of one update (critics, actor, α, targets), ms. */
  readonly msPerUpdate: number;
  /**
   * Process CPU time per update over the timed updates, ms: less sensitive than wall time to other processes
   * on a shared machine (with one BLAS thread it is the work itself).
   */
  readonly cpuMsPerUpdate: number;
  /** Median wall time of one act() for all learners' observations at once through one actor, ms. */
  readonly msPerBatchedAct: number;
  /** Median wall time of one act() for a single observation, ms. */
  readonly msPerSingleAct: number;
  readonly updates: number;
}

/** Milliseconds per update of one learner on the active backend (and single/batched act of that learner). */
export async function benchSacUpdate(options: Partial<SacBenchOptions> = {}): Promise<SacBenchResult> {
  const o: SacBenchOptions = { ...SAC_BENCH_DEFAULTS, ...options };
  const selection = o.backend === undefined ? undefined : await selectBackend(o.backend);
  const rng = mulberry32(o.seed);
  const { core, buffer } = benchLearner(o, rng);
  try {
    const times: number[] = [];
    let cpuMicros = 0;
    for (let i = 0; i < o.warmup + o.updates; i++) {
      const batch = buffer.sample(o.batchSize, rng);
      const cpu = process.cpuUsage();
      const start = performance.now();
      core.update(batch);
      if (i >= o.warmup) {
        times.push(performance.now() - start);
        const used = process.cpuUsage(cpu);
        cpuMicros += used.user + used.system;
      }
    }
    const actTimes = (rows: number): number => {
      const input = Float32Array.from({ length: rows * o.obsDim }, () => rng.next());
      const ts: number[] = [];
      for (let i = 0; i < 50; i++) {
        const start = performance.now();
        core.act(input, false);
        ts.push(performance.now() - start);
      }
      return median(ts.slice(5));
    };
    const active = selection ?? currentBackend();
    return {
      backend: active?.name ?? 'unknown',
      path: active?.path ?? 'unknown',
      matMulMode: o.matMulMode,
      msPerUpdate: median(times),
      cpuMsPerUpdate: cpuMicros / 1000 / Math.max(1, o.updates),
      msPerBatchedAct: actTimes(o.learners),
      msPerSingleAct: actTimes(1),
      updates: o.updates,
    };
  } finally {
    core.dispose();
  }
}

/** Agent-updates per second of `learners` independent learners updated one after another (one process). */
export function benchLearnerRate(options: Partial<SacBenchOptions> = {}): number {
  const o: SacBenchOptions = { ...SAC_BENCH_DEFAULTS, ...options };
  const rng = mulberry32(o.seed + 1);
  const learners = Array.from({ length: o.learners }, () => benchLearner(o, rng));
  try {
    for (const { core, buffer } of learners) for (let i = 0; i < o.warmup; i++) core.update(buffer.sample(o.batchSize, rng));
    let elapsed = 0;
    for (let round = 0; round < o.rounds; round++) {
      const batches = learners.map(({ buffer }) => buffer.sample(o.batchSize, rng));
      const start = performance.now();
      learners.forEach(({ core }, k) => core.update(batches[k] as ReturnType<ReplayBuffer['sample']>));
      elapsed += performance.now() - start;
    }
    return (o.learners * o.rounds) / (elapsed / 1000);
  } finally {
    for (const { core } of learners) core.dispose();
  }
}

/** One compute path of the comparison. */
export interface BenchPathSpec {
  readonly label: string;
  readonly backend: 'wasm' | 'cpu';
  readonly native: boolean;
  /** OpenBLAS threads (null: leave as selectBackend set it, one unless OPENBLAS_NUM_THREADS says otherwise). */
  readonly blasThreads: number | null;
  /** Too slow for --quick. */
  readonly slow: boolean;
}

export const BENCH_PATHS: readonly BenchPathSpec[] = [
  { label: 'wasm+openblas', backend: 'wasm', native: true, blasThreads: 1, slow: false },
  { label: 'wasm+openblas, 2 BLAS threads', backend: 'wasm', native: true, blasThreads: 2, slow: false },
  { label: 'wasm', backend: 'wasm', native: false, blasThreads: null, slow: false },
  { label: 'cpu', backend: 'cpu', native: false, blasThreads: null, slow: true },
];

export interface PathResult {
  readonly label: string;
  /** What backend.ts reports for it (goes into run manifests). */
  readonly path: string | null;
  readonly msPerUpdate: number | null;
  /** Process CPU ms per update (see SacBenchResult.cpuMsPerUpdate). */
  readonly cpuMsPerUpdate: number | null;
  /** 9-learner agent-updates/s, one process, learners one after another. */
  readonly learnerRate: number | null;
  /** Why the path was not measured. */
  readonly skipped: string | null;
}

export interface SacSuiteOptions extends SacBenchOptions {
  /** Skip slow paths (cpu) and measure fewer repetitions. */
  readonly quick: boolean;
  /** Python with torch for the reference (Debian: /usr/bin/python3); null skips it. */
  readonly python: string | null;
  /** Steps timed for action selection. */
  readonly actSteps: number;
  /**
   * Passes over all paths (and PyTorch), interleaved so that drifting machine load hits them alike; each
   * figure is the median over the passes (the cpu path is measured in the first pass only).
   */
  readonly repetitions: number;
}

export const SAC_SUITE_DEFAULTS: SacSuiteOptions = { ...SAC_BENCH_DEFAULTS, quick: false, python: '/usr/bin/python3', actSteps: 200, repetitions: 3 };
export const SAC_SUITE_QUICK: SacSuiteOptions = { ...SAC_SUITE_DEFAULTS, quick: true, updates: 10, warmup: 2, rounds: 2, actSteps: 50, repetitions: 1 };

export interface SacSuiteResult {
  readonly options: SacSuiteOptions;
  readonly paths: readonly PathResult[];
  readonly act: ActBenchResult | null;
  /** The learners split over two worker threads (measured only; training runs them in one thread). */
  readonly workers: WorkersBenchResult | null;
  /** Training's update path (AgentPool: act + observe + update) in one thread and with two learner workers. */
  readonly pool: PoolUpdateBenchResult | null;
  readonly pytorch: PytorchBenchResult | null;
  readonly notes: readonly string[];
}

export interface PoolUpdateBenchResult {
  readonly path: string | null;
  /** Agent-updates/s, learnerWorkers 1. */
  readonly oneThread: number;
  /** Agent-updates/s, learnerWorkers 2; null when not measured (`skipped` says why). */
  readonly twoWorkers: number | null;
  readonly skipped: string | null;
}

async function measurePool(o: SacSuiteOptions, native: boolean): Promise<PoolUpdateBenchResult> {
  const selection = await selectBackend('wasm', { native });
  const oneThread = benchPoolUpdateRate(o, 1);
  try {
    return { path: selection.path, oneThread, twoWorkers: benchPoolUpdateRate(o, 2), skipped: null };
  } catch (error) {
    // Under a TypeScript test runner without a build, the worker script does not exist.
    return { path: selection.path, oneThread, twoWorkers: null, skipped: error instanceof Error ? error.message : String(error) };
  }
}

async function measurePath(spec: BenchPathSpec, o: SacSuiteOptions): Promise<PathResult> {
  const base = { label: spec.label, path: null, msPerUpdate: null, cpuMsPerUpdate: null, learnerRate: null };
  if (spec.slow && o.quick) return { ...base, skipped: 'skipped by --quick' };
  const native = spec.native ? loadNativeBlas() : null;
  if (native !== null && !native.ok) return { ...base, skipped: native.reason };
  const selection = await selectBackend(spec.backend, { native: spec.native });
  const blas = native?.ok === true ? native.blas : null;
  const threadsBefore = blas?.getThreads() ?? null;
  if (blas !== null && spec.blasThreads !== null) blas.setThreads(spec.blasThreads);
  try {
    // The cpu backend takes ~1 s per update: a few updates and one round are plenty there.
    const scaled = spec.slow ? { ...o, updates: 3, warmup: 1, rounds: 1 } : o;
    const single = await benchSacUpdate(scaled);
    const learnerRate = benchLearnerRate(scaled);
    return { ...base, path: selection.path, msPerUpdate: single.msPerUpdate, cpuMsPerUpdate: single.cpuMsPerUpdate, learnerRate, skipped: null };
  } finally {
    if (blas !== null && threadsBefore !== null) blas.setThreads(threadsBefore);
  }
}

/** One path's figures over several passes: medians; a path skipped once is reported as skipped. */
function medianOfPasses(results: readonly PathResult[]): PathResult {
  const first = results[0];
  if (first === undefined) throw new RangeError('medianOfPasses: no passes');
  if (results.some((r) => r.skipped !== null)) return first;
  const values = (pick: (r: PathResult) => number | null): number[] => results.flatMap((r) => (pick(r) === null ? [] : [pick(r) as number]));
  return {
    ...first,
    msPerUpdate: median(values((r) => r.msPerUpdate)),
    cpuMsPerUpdate: median(values((r) => r.cpuMsPerUpdate)),
    learnerRate: median(values((r) => r.learnerRate)),
  };
}

/** Everything `cavlab bench sac` prints, measured side by side in one run. */
export async function runSacBench(options: SacSuiteOptions = SAC_SUITE_DEFAULTS): Promise<SacSuiteResult> {
  const notes: string[] = [];
  const before = currentBackend();
  const paths: PathResult[] = [];
  try {
    // Untimed first pass: wasm start-up, heap growth and first-call costs would otherwise land on the first path.
    await selectBackend('wasm');
    await benchSacUpdate({ ...options, updates: 3, warmup: 2 });
    const passes: PathResult[][] = BENCH_PATHS.map(() => []);
    const torchRuns: PytorchBenchResult[] = [];
    const workerRuns: WorkersBenchResult[] = [];
    const poolRuns: PoolUpdateBenchResult[] = [];
    const native = loadNativeBlas().ok;
    for (let rep = 0; rep < Math.max(1, options.repetitions); rep++) {
      for (const [i, spec] of BENCH_PATHS.entries()) {
        if (rep > 0 && spec.slow) continue;
        passes[i]?.push(await measurePath(spec, options));
      }
      workerRuns.push(await benchTwoWorkers(options, native));
      poolRuns.push(await measurePool(options, native));
      const torch = options.python === null ? null : await runPytorchBench(options, options.python, rep === 0 ? notes : []);
      if (torch !== null) torchRuns.push(torch);
    }
    paths.push(...passes.map(medianOfPasses));
    await selectBackend('wasm');
    const act = benchActSelection(options);
    const pytorch = torchRuns.length === 0 ? null : {
      ...(torchRuns[0] as PytorchBenchResult),
      singleMs: median(torchRuns.map((t) => t.singleMs)),
      singleCpuMs: median(torchRuns.map((t) => t.singleCpuMs)),
      sequentialRate: median(torchRuns.map((t) => t.sequentialRate)),
      twoProcessRate: median(torchRuns.map((t) => t.twoProcessRate)),
    };
    const measured = workerRuns.filter((w) => w.rate !== null);
    const workers = workerRuns[0] === undefined ? null : { ...workerRuns[0], rate: measured.length === 0 ? null : median(measured.map((w) => w.rate ?? 0)) };
    const twoWorkers = poolRuns.flatMap((p) => (p.twoWorkers === null ? [] : [p.twoWorkers]));
    const pool = poolRuns[0] === undefined ? null : {
      ...poolRuns[0],
      oneThread: median(poolRuns.map((p) => p.oneThread)),
      twoWorkers: twoWorkers.length === 0 ? null : median(twoWorkers),
    };
    return { options, paths, act, workers, pool, pytorch, notes };
  } finally {
    // Leave the process on the backend it had (tests and callers may go on using it).
    if (before !== undefined) await selectBackend(before.name, { native: before.path === 'wasm+openblas' });
  }
}
