import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SAC_SUITE_QUICK, runSacBench } from '../../src/bench/sac.js';
import { PAPER_EPOCH_QUICK, runPaperEpochBench, summarise } from '../../src/bench/paper-epoch.js';
import { formatPaperEpoch, formatSacBench } from '../../src/bench/sac-format.js';
import { parsePytorchOutput, parsePytorchPaperEpoch, runPytorchBench, runPytorchPaperEpoch } from '../../src/bench/sac-pytorch.js';
import { currentBackend, selectBackend } from '../../src/nn/backend.js';
import { loadNativeBlas } from '../../src/nn/native-blas.js';

// Tiny sizes: these tests check that every part runs and reports, not the speed.
const TINY = { ...SAC_SUITE_QUICK, updates: 2, warmup: 1, rounds: 1, learners: 2, batchSize: 16, actSteps: 6, python: null };
const TORCH_PYTHON = '/usr/bin/python3';
const hasTorch = existsSync(TORCH_PYTHON) && spawnSync(TORCH_PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;

describe('cavlab bench sac', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('measures every path that loads, action selection, and formats the table (quick mode)', async () => {
    const before = currentBackend()?.path;
    const result = await runSacBench(TINY);
    const labels = result.paths.map((p) => p.label);
    expect(labels).toEqual(['wasm+openblas', 'wasm+openblas, 2 BLAS threads', 'wasm', 'cpu']);
    const wasm = result.paths.find((p) => p.label === 'wasm');
    expect(wasm?.path).toBe('wasm');
    expect(wasm?.msPerUpdate).toBeGreaterThan(0);
    expect(wasm?.cpuMsPerUpdate).toBeGreaterThan(0);
    expect(wasm?.learnerRate).toBeGreaterThan(0);
    expect(result.paths.find((p) => p.label === 'cpu')?.skipped).toMatch(/quick/);
    const native = result.paths[0];
    if (loadNativeBlas().ok) expect(native?.path).toBe('wasm+openblas');
    else expect(native?.skipped).toMatch(/not built|failed|CAVLAB_NATIVE=0/);
    expect(result.act?.learners).toBe(2);
    // Under vitest the sources are TypeScript: the worker script only exists in dist/.
    expect(result.workers?.rate !== null || /not built/.test(result.workers?.skipped ?? '')).toBe(true);
    expect(result.act?.batched).toBeGreaterThan(0);
    // Training's own path through AgentPool; the learner workers run the build in dist/ (npm test builds first).
    expect(result.pool?.oneThread).toBeGreaterThan(0);
    expect(result.pool?.twoWorkers !== null || /compiled/.test(result.pool?.skipped ?? '')).toBe(true);
    const text = formatSacBench(result);
    expect(text).toContain('Action selection, 2 learners');
    expect(text).toContain('BatchedPolicy');
    // The process is left on the backend it was on.
    expect(currentBackend()?.path).toBe(before);
  });

  it('reads the PyTorch script\'s JSON line and turns failures into reasons', () => {
    const ok = parsePytorchOutput('{"python": "3.11.2", "torch": "1.13", "single_ms": 6.5, "single_cpu_ms": 6.4, "sequential_rate": 110, "two_process_rate": 180, "split": [5, 4]}');
    expect(ok).toEqual({ torch: '1.13', singleMs: 6.5, singleCpuMs: 6.4, sequentialRate: 110, twoProcessRate: 180, split: [5, 4] });
    expect(parsePytorchOutput('{"python": "3.11", "error": "torch not importable: No module named torch"}')).toMatch(/torch not importable/);
    expect(parsePytorchOutput('Traceback (most recent call last):')).toMatch(/unreadable/);
    expect(parsePytorchOutput('{"torch": "1.13"}')).toMatch(/missing fields/);
  });

  it('a missing Python is a note, not an error', async () => {
    const notes: string[] = [];
    expect(await runPytorchBench(TINY, '/nonexistent/python3', notes)).toBeNull();
    expect(notes[0]).toMatch(/not found/);
  });

  it.skipIf(!hasTorch)('runs the PyTorch reference with the same sizes', async () => {
    const notes: string[] = [];
    const result = await runPytorchBench(TINY, TORCH_PYTHON, notes);
    expect(notes).toEqual([]);
    expect(result?.singleMs).toBeGreaterThan(0);
    expect(result?.split).toEqual([1, 1]);
  });
});

describe('cavlab bench sac paper-epoch', () => {
  const TINY_EPOCH = { ...PAPER_EPOCH_QUICK, steps: 3, epochSteps: 30, learners: 2, batchSize: 16, python: null };

  it('times every layout, scales to the epoch and summarises against PyTorch', async () => {
    const before = currentBackend()?.path;
    const result = await runPaperEpochBench(TINY_EPOCH);
    const [oneThread, twoBlas, workers, pool] = result.layouts;
    expect(oneThread?.seconds).toBeGreaterThan(0);
    expect(twoBlas?.seconds !== null || /CAVLAB_NATIVE=0|not built|failed/.test(twoBlas?.skipped ?? '')).toBe(true);
    // Under vitest the sources are TypeScript: the worker scripts only exist in dist/.
    expect(workers?.seconds !== null || /not built/.test(workers?.skipped ?? '')).toBe(true);
    expect(pool?.seconds !== null || /compiled/.test(pool?.skipped ?? '')).toBe(true);
    expect(result.paperEpoch.cavlabSeconds).toBe(Math.min(...result.layouts.flatMap((l) => (l.seconds === null ? [] : [l.seconds]))));
    expect(result.paperEpoch.ratio).toBeNull();
    expect(formatPaperEpoch(result)).toContain('scaled ×10.00');
    expect(currentBackend()?.path).toBe(before);
  });

  it('the ratio is PyTorch\'s best epoch over cavlab\'s best', () => {
    const layouts = [{ label: 'a', seconds: 40, skipped: null }, { label: 'b', seconds: null, skipped: 'x' }, { label: 'c', seconds: 30, skipped: null }];
    const torch = { torch: '1.13', steps: 150, sequentialSeconds: 7, twoProcessSeconds: 4.5, split: [5, 4] };
    expect(summarise(layouts, torch, 10)).toEqual({ cavlabSeconds: 30, pytorchSeconds: 45, ratio: 1.5 });
    expect(parsePytorchPaperEpoch('{"torch": "1.13", "steps": 150, "sequential_seconds": 7, "two_process_seconds": 4.5, "split": [5, 4]}')).toEqual(torch);
    expect(parsePytorchPaperEpoch('{"torch": "1.13", "steps": 150}')).toMatch(/missing fields/);
  });

  it.skipIf(!hasTorch)('runs the PyTorch paper epoch with the same sizes', async () => {
    const notes: string[] = [];
    const result = await runPytorchPaperEpoch({ ...TINY, schedule: 'algorithm-1' }, 3, 10, TORCH_PYTHON, notes);
    expect(notes).toEqual([]);
    expect(result?.steps).toBe(3);
    expect(result?.twoProcessSeconds).toBeGreaterThan(0);
  });
});
