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
export function parsePytorchOutput(line: string): PytorchBenchResult | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return `unreadable output: ${line.slice(0, 120)}`;
  }
  if (typeof parsed !== 'object' || parsed === null) return 'output is not a JSON object';
  if ('error' in parsed && typeof parsed.error === 'string') return parsed.error;
  const p = parsed as Record<string, unknown>;
  const { torch, single_ms: singleMs, single_cpu_ms: singleCpuMs, sequential_rate: sequentialRate, two_process_rate: twoProcessRate, split } = p;
  if (typeof torch !== 'string' || !isNumber(singleMs) || !isNumber(singleCpuMs) || !isNumber(sequentialRate) || !isNumber(twoProcessRate) || !Array.isArray(split) || !split.every(isNumber)) {
    return `missing fields in ${line.slice(0, 120)}`;
  }
  return { torch, singleMs, singleCpuMs, sequentialRate, twoProcessRate, split };
}

export async function runPytorchBench(o: SacBenchOptions, python: string, notes: string[]): Promise<PytorchBenchResult | null> {
  if (!existsSync(python)) {
    notes.push(`PyTorch reference skipped: ${python} not found`);
    return null;
  }
  const script = join(PACKAGE_ROOT, 'bench', 'python', 'sac_bench.py');
  const args = [
    script, '--obs-dim', String(o.obsDim), '--act-dim', String(o.actionDim), '--batch', String(o.batchSize),
    '--learners', String(o.learners), '--updates', String(o.updates), '--rounds', String(o.rounds), '--warmup', String(o.warmup),
  ];
  const result = await execa(python, args, { reject: false, stdin: 'ignore', timeout: 600_000 });
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  const parsed = parsePytorchOutput(line);
  if (typeof parsed === 'string') {
    const tail = result.stderr.trim().split('\n').at(-1) ?? '';
    notes.push(`PyTorch reference unavailable (${python}): ${parsed}${tail ? ` — ${tail}` : ''}`);
    return null;
  }
  return parsed;
}
