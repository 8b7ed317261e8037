// The PyTorch reference of `cavlab bench sac` (bench/python/sac_bench.py), run with the Python that has torch
// (Debian's python3-torch: /usr/bin/python3). Absent or broken → null with a note, never an error.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { PACKAGE_ROOT } from '../paths.js';
import type { SacBenchOptions } from './sac-learner.js';

export interface PytorchBenchResult {
  readonly torch: string;
  /** ms per update of one learner, one thread (median wall time). */
  readonly singleMs: number;
  /** Process CPU ms per update of one learner. */
  readonly singleCpuMs: number;
  /** Agent-updates/s, all learners one after another in one process, one thread. */
  readonly sequentialRate: number;
  /** Agent-updates/s, learners split over two single-thread processes running at once. */
  readonly twoProcessRate: number;
  readonly split: readonly number[];
}

function isNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** Narrows the script's JSON line; a string is the reason it is not usable. */
/** The script's JSON line as an object; a string is why it is not usable (including the script's own error). */
function parseJsonLine(line: string): Record<string, unknown> | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return `unreadable output: ${line.slice(0, 120)}`;
  }
  if (typeof parsed !== 'object' || parsed === null) return 'output is not a JSON object';
  if ('error' in parsed && typeof parsed.error === 'string') return parsed.error;
  return parsed as Record<string, unknown>;
}

export function parsePytorchOutput(line: string): PytorchBenchResult | string {
  const p = parseJsonLine(line);
  if (typeof p === 'string') return p;
  const { torch, single_ms: singleMs, single_cpu_ms: singleCpuMs, sequential_rate: sequentialRate, two_process_rate: twoProcessRate, split } = p;
  if (typeof torch !== 'string' || !isNumber(singleMs) || !isNumber(singleCpuMs) || !isNumber(sequentialRate) || !isNumber(twoProcessRate) || !Array.isArray(split) || !split.every(isNumber)) {
    return `missing fields in ${line.slice(0, 120)}`;
  }
  return { torch, singleMs, singleCpuMs, sequentialRate, twoProcessRate, split };
}

/** The PyTorch reference of the paper-epoch case (sac_bench.py --paper-epoch-steps). */
export interface PytorchPaperEpochResult {
  readonly torch: string;
  /** Env steps timed. */
  readonly steps: number;
  /** Wall seconds, all learners one after another in one single-thread process. */
  readonly sequentialSeconds: number;
  /** Wall seconds of the slower of two single-thread processes running at once, the learners split between them. */
  readonly twoProcessSeconds: number;
  readonly split: readonly number[];
}

export function parsePytorchPaperEpoch(line: string): PytorchPaperEpochResult | string {
  const p = parseJsonLine(line);
  if (typeof p === 'string') return p;
  const { torch, steps, sequential_seconds: sequentialSeconds, two_process_seconds: twoProcessSeconds, split } = p;
  if (typeof torch !== 'string' || !isNumber(steps) || !isNumber(sequentialSeconds) || !isNumber(twoProcessSeconds) || !Array.isArray(split) || !split.every(isNumber)) {
    return `missing fields in ${line.slice(0, 120)}`;
  }
  return { torch, steps, sequentialSeconds, twoProcessSeconds, split };
}

export function runPytorchBench(o: SacBenchOptions, python: string, notes: string[]): Promise<PytorchBenchResult | null> {
  return runScript(python, [...sizeArgs(o), '--updates', String(o.updates), '--rounds', String(o.rounds), '--warmup', String(o.warmup)], parsePytorchOutput, notes);
}

/** `steps` env steps of Alg. 1's schedule (critics every step, policy every `policyDelay`) in PyTorch. */
export function runPytorchPaperEpoch(o: SacBenchOptions, steps: number, policyDelay: number, python: string, notes: string[]): Promise<PytorchPaperEpochResult | null> {
  return runScript(python, [...sizeArgs(o), '--paper-epoch-steps', String(steps), '--policy-delay', String(policyDelay)], parsePytorchPaperEpoch, notes);
}

function sizeArgs(o: SacBenchOptions): string[] {
  return ['--obs-dim', String(o.obsDim), '--act-dim', String(o.actionDim), '--batch', String(o.batchSize), '--learners', String(o.learners)];
}

/** Runs sac_bench.py and parses its last line; anything unusable is a note and null. */
async function runScript<T>(python: string, args: readonly string[], parse: (line: string) => T | string, notes: string[]): Promise<T | null> {
  if (!existsSync(python)) {
    notes.push(`PyTorch reference skipped: ${python} not found`);
    return null;
  }
  const script = join(PACKAGE_ROOT, 'bench', 'python', 'sac_bench.py');
  const result = await execa(python, [script, ...args], { reject: false, stdin: 'ignore', timeout: 1_800_000 });
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  const parsed = parse(line);
  if (typeof parsed === 'string') {
    const tail = result.stderr.trim().split('\n').at(-1) ?? '';
    notes.push(`PyTorch reference unavailable (${python}): ${parsed}${tail ? ` — ${tail}` : ''}`);
    return null;
  }
  return parsed;
}
