// `cavlab bench traci`: steps/s of one controlled step (9 slowDowns + step + reads of 14 vehicles),
// side by side in one run: SUMO alone, cavlab batched over TCP and in-process (libsumo transport, when its addon
// is built), and SUMO's Python clients when they import.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { VehicleTracker } from '../kernel/vehicle-tracker.js';
import { PACKAGE_ROOT, RING_SUMOCFG } from '../paths.js';
import { findSumo, sumoHomeFor } from '../sumo/binary.js';
import { openSimulation, resolveTransport } from '../sumo/transport.js';
import type { Transport } from '../sumo/transport.js';
import { commands } from '../traci/client.js';
import { vehicleVariables as V } from '../traci/domains/vehicle.js';

export interface TraciBenchOptions {
  readonly steps: number;
  readonly repetitions: number;
  /** Python with SUMO's traci/libsumo importable (Debian: /usr/bin/python3). */
  readonly python: string;
}

export const TRACI_BENCH_DEFAULTS: TraciBenchOptions = { steps: 1500, repetitions: 5, python: '/usr/bin/python3' };
export const TRACI_BENCH_QUICK: TraciBenchOptions = { steps: 1500, repetitions: 2, python: '/usr/bin/python3' };

/** The learners of the ring (the figure-eight's learner indices) and their commanded speed. */
const CONTROLLED = ['veh1', 'veh3', 'veh4', 'veh5', 'veh6', 'veh8', 'veh9', 'veh10', 'veh12'] as const;
const TARGET_SPEED = 10; // m/s
const STEP_LENGTH = 0.1; // s, from ring.sumocfg
const LEADER_LOOKAHEAD = 50; // m

/** Median steps/s per client; null when the path is not available here. */
export interface TraciRates {
  readonly cavlab: number;
  /** cavlab through the in-process libsumo transport; null when its addon is not built. */
  readonly cavlabLibsumo: number | null;
  readonly pythonTraci: number | null;
  readonly libsumo: number | null;
}

/** Each client measured twice: processes free to use both cores, and everything pinned to CPU 0. */
export interface TraciBenchResult {
  readonly steps: number;
  readonly repetitions: number;
  readonly sumoAlone: number;
  readonly free: TraciRates;
  readonly pinned: TraciRates | null;
  readonly notes: readonly string[];
}

const TASKSET = '/usr/bin/taskset';
const PIN_CPU = 0;

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** cavlab: one message per step with the 9 slowDowns and the step; reads come by subscription. */
async function cavlabRate(steps: number, transport: Transport, cpu?: number): Promise<number> {
  const client = await openSimulation({ configFile: RING_SUMOCFG, transport, ...(cpu !== undefined ? { cpu } : {}) });
  try {
    const tracker = new VehicleTracker(client, {
      speed: V.speed, lanePosition: V.lanePosition, road: V.roadId, leader: V.leader(LEADER_LOOKAHEAD),
    });
    await tracker.step(); // vehicles depart in the first step
    const start = process.hrtime.bigint();
    for (let i = 0; i < steps; i++) {
      await tracker.step(CONTROLLED.map((id) => commands.vehicle.slowDown(id, TARGET_SPEED, STEP_LENGTH)));
      if (tracker.state.size !== 14) throw new Error(`expected 14 vehicles, got ${tracker.state.size}`);
    }
    return steps / (Number(process.hrtime.bigint() - start) / 1e9);
  } finally {
    await client.close();
  }
}

/** SUMO alone: the same net and routes without TraCI, 10× the steps for timer resolution. */
async function sumoAloneRate(steps: number): Promise<number> {
  const binary = findSumo();
  const home = sumoHomeFor(binary);
  const n = steps * 10;
  const start = process.hrtime.bigint();
  await execa(binary, ['-c', RING_SUMOCFG, '--end', String(n * STEP_LENGTH), '--no-step-log', 'true'], {
    env: home ? { SUMO_HOME: home } : {}, stdin: 'ignore',
  });
  const withStartup = Number(process.hrtime.bigint() - start) / 1e9;
  const startStart = process.hrtime.bigint();
  await execa(binary, ['-c', RING_SUMOCFG, '--end', '0', '--no-step-log', 'true'], { env: home ? { SUMO_HOME: home } : {}, stdin: 'ignore' });
  const startupOnly = Number(process.hrtime.bigint() - startStart) / 1e9;
  return n / Math.max(1e-6, withStartup - startupOnly);
}

interface PythonRates { traci: number | null; libsumo: number | null; traci_error?: string; libsumo_error?: string }

/** Runs `body` with this process (all threads) pinned to `cpu`, then restores the old mask. */
async function pinnedTo<T>(cpu: number, body: () => Promise<T>): Promise<T> {
  const before = (await execa(TASKSET, ['-p', String(process.pid)])).stdout.trim().split(/\s+/).at(-1) ?? 'ffffffff';
  await execa(TASKSET, ['-a', '-p', '-c', String(cpu), String(process.pid)]);
  try {
    return await body();
  } finally {
    await execa(TASKSET, ['-a', '-p', before, String(process.pid)]);
  }
}

async function pythonRates(options: TraciBenchOptions, notes: string[], cpu?: number): Promise<PythonRates> {
  const script = join(PACKAGE_ROOT, 'bench', 'python', 'traci_bench.py');
  if (!existsSync(options.python)) {
    notes.push(`Python traci/libsumo skipped: ${options.python} not found`);
    return { traci: null, libsumo: null };
  }
  const home = sumoHomeFor(findSumo());
  const argv = [options.python, script, RING_SUMOCFG, String(options.steps), String(options.repetitions), String(LEADER_LOOKAHEAD)];
  const [file, ...args] = cpu === undefined ? argv : [TASKSET, '-c', String(cpu), ...argv];
  const result = await execa(file as string, args, {
    env: home ? { SUMO_HOME: home } : {}, reject: false, stdin: 'ignore',
  });
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  try {
    const parsed = JSON.parse(line) as PythonRates;
    if (parsed.traci_error) notes.push(`Python traci unavailable: ${parsed.traci_error}`);
    if (parsed.libsumo_error) notes.push(`libsumo unavailable: ${parsed.libsumo_error}`);
    return parsed;
  } catch {
    notes.push(`Python reference failed (exit ${result.exitCode ?? 'none'}): ${result.stderr.trim().split('\n').at(-1) ?? ''}`);
    return { traci: null, libsumo: null };
  }
}

export async function runTraciBench(options: TraciBenchOptions = TRACI_BENCH_DEFAULTS): Promise<TraciBenchResult> {
  const notes: string[] = [];
  const canPin = process.platform === 'linux' && existsSync(TASKSET);
  const free: number[] = [];
  const pinned: number[] = [];
  const freeLibsumo: number[] = [];
  const pinnedLibsumo: number[] = [];
  const alone: number[] = [];
  const libsumo = resolveTransport('auto').transport === 'libsumo';
  if (!libsumo) notes.push(`cavlab (libsumo transport) skipped: ${resolveTransport('auto').reason}`);
  // Interleave the paths so that drift of the machine load hits all of them alike.
  for (let rep = 0; rep < options.repetitions; rep++) {
    alone.push(await sumoAloneRate(options.steps));
    free.push(await cavlabRate(options.steps, 'traci'));
    if (canPin) pinned.push(await pinnedTo(PIN_CPU, () => cavlabRate(options.steps, 'traci', PIN_CPU)));
    if (libsumo) {
      freeLibsumo.push(await cavlabRate(options.steps, 'libsumo'));
      if (canPin) pinnedLibsumo.push(await pinnedTo(PIN_CPU, () => cavlabRate(options.steps, 'libsumo')));
    }
  }
  const pythonFree = await pythonRates(options, notes);
  const pythonPinned = canPin ? await pythonRates(options, [], PIN_CPU) : undefined;
  if (!canPin) notes.push(`pinned runs skipped: ${TASKSET} not available`);
  notes.push('libsumo reads the leader by a direct call (its 1.15 Python wrapper cannot pass subscription parameters)');
  return {
    steps: options.steps,
    repetitions: options.repetitions,
    sumoAlone: median(alone),
    free: { cavlab: median(free), cavlabLibsumo: libsumo ? median(freeLibsumo) : null, pythonTraci: pythonFree.traci, libsumo: pythonFree.libsumo },
    pinned: pythonPinned
      ? { cavlab: median(pinned), cavlabLibsumo: libsumo ? median(pinnedLibsumo) : null, pythonTraci: pythonPinned.traci, libsumo: pythonPinned.libsumo }
      : null,
    notes,
  };
}

export function formatTraciBench(r: TraciBenchResult): string {
  const fmt = (x: number | null | undefined): string => (x === null || x === undefined ? 'n/a' : `${Math.round(x).toLocaleString('en-US')}`);
  const ratio = (a: number | null | undefined, b: number | null | undefined): string =>
    a === undefined || a === null || b === null || b === undefined ? 'n/a' : `${(a / b).toFixed(2)}×`;
  const row = (name: string, free: number | null, pinned: number | null | undefined): string =>
    `  ${name.padEnd(34)}${fmt(free).padStart(10)}${fmt(pinned).padStart(12)}`;
  return [
    `TraCI benchmark: 14-vehicle ring, ${r.steps} steps, 9 slowDown + 14×(speed, lane position, road, leader) per step, median of ${r.repetitions}`,
    `  steps/s                              both cores   one core (pinned)`,
    row('SUMO alone (no TraCI)', r.sumoAlone, undefined),
    row('cavlab (one message per step)', r.free.cavlab, r.pinned?.cavlab),
    row('cavlab (libsumo transport)', r.free.cavlabLibsumo, r.pinned?.cavlabLibsumo),
    row('Python traci + subscriptions', r.free.pythonTraci, r.pinned?.pythonTraci),
    row('libsumo (in process)', r.free.libsumo, r.pinned?.libsumo),
    `  cavlab/traci   = ${ratio(r.free.cavlab, r.free.pythonTraci)} (both cores), ${ratio(r.pinned?.cavlab, r.pinned?.pythonTraci)} (pinned)`,
    `  cavlab/libsumo = ${ratio(r.free.cavlab, r.free.libsumo)} (both cores), ${ratio(r.pinned?.cavlab, r.pinned?.libsumo)} (pinned)`,
    `  cavlab (libsumo transport)/libsumo = ${ratio(r.free.cavlabLibsumo, r.free.libsumo)} (both cores), ${ratio(r.pinned?.cavlabLibsumo, r.pinned?.libsumo)} (pinned)`,
    ...r.notes.map((n) => `  note: ${n}`),
  ].join('\n');
}
