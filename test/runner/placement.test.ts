// The run field `workers` (src/runner/placement.ts): how 'auto' reads the machine, and which controller fields a
// count goes to (only placement fields the controller has and the experiment leaves unset).
import { describe, expect, it } from 'vitest';
import { controllerSpec } from '../../src/agents/controllers/registry.js';
import { placed, resolveWorkers } from '../../src/runner/placement.js';
import { prepareController } from '../../src/runner/controllers.js';
import { oneWorkerEach } from '../../src/experiments/sweep.js';
import type { SweepPlan } from '../../src/experiments/grid.js';
import type { RunConfig } from '../../src/runner/config.js';

describe('run placement (workers)', () => {
  it("'auto' takes two threads only on a one-thread backend with two cores or more and one of them free; a count is taken as given", () => {
    expect(resolveWorkers('auto', 'wasm', { cores: 2, load: 0.3 })).toBe(2);
    expect(resolveWorkers('auto', 'cpu', { cores: 2, load: 0.3 })).toBe(2);
    expect(resolveWorkers('auto', 'wasm', { cores: 2, load: 1.2 })).toBe(1);
    expect(resolveWorkers('auto', 'wasm', { cores: 1, load: 0 })).toBe(1);
    expect(resolveWorkers('auto', 'wasm', { cores: 8, load: 5.5 })).toBe(2);
    // TensorFlow's own thread pool already spreads tfjs-node's kernels over the cores.
    expect(resolveWorkers('auto', 'tfjs-node', { cores: 8, load: 0 })).toBe(1);
    expect(resolveWorkers('auto', 'tfjs-node-gpu', { cores: 8, load: 0 })).toBe(1);
    expect(resolveWorkers(1, 'wasm', { cores: 8, load: 0 })).toBe(1);
    expect(resolveWorkers(2, 'tfjs-node', { cores: 1, load: 4 })).toBe(2);
  });

  it('two workers go to the placement fields a controller has and its algoConfig leaves unset', () => {
    const config = (algo: string, raw: Record<string, unknown> = {}) => placed(controllerSpec(algo).parseConfig(raw, algo), raw, 2) as Record<string, unknown>;
    expect(config('isac')).toMatchObject({ learnerWorkers: 2 });
    expect(config('ippo')).toMatchObject({ learnerWorkers: 2 });
    expect(config('ma-pmbrl')).toMatchObject({ learnerWorkers: 2, fitWorkers: 2 });
    expect(config('ma-pets')).toMatchObject({ learnerWorkers: 2, fitWorkers: 2 });
    expect(config('ma-pmbrl', { fitWorkers: 1 })).toMatchObject({ learnerWorkers: 2, fitWorkers: 1 });
    expect(config('isac', { learnerWorkers: 1 })).toMatchObject({ learnerWorkers: 1 });
    expect(config('svmix')).not.toHaveProperty('learnerWorkers');
    expect(config('idm')).not.toHaveProperty('learnerWorkers');
    expect(placed(controllerSpec('isac').parseConfig({}, 'isac'), {}, 1)).toMatchObject({ learnerWorkers: 1 });
  });

  it('a sweep running several runs at once gives each one thread, unless its file fixed a count', () => {
    const run = (index: number, workers: RunConfig['workers']) => ({ index, id: `r${index}`, dir: `/r/r${index}`, grid: {}, config: { workers } as RunConfig });
    const plan: SweepPlan = { name: 's', file: 's.json', budget: 'paper', dir: '/r', runs: [run(0, 'auto'), run(1, 2), run(2, 1)] };
    expect(oneWorkerEach(plan).runs.map((r) => r.config.workers)).toEqual([1, 2, 1]);
  });

  it('the recorded config is the one without the placement; workers says what the learners use', () => {
    const prepared = prepareController('mbpo', {}, 'mbpo', 2);
    expect(prepared.resolvedConfig).toMatchObject({ learnerWorkers: 1, fitWorkers: 1 });
    expect(prepared.workers).toBe(2);
    expect(prepareController('idm', {}, 'idm', 2).workers).toBe(1);
    expect(prepareController('isac', { learnerWorkers: 2 }, 'isac', 1).workers).toBe(2);
    expect(prepareController('ma-pmbrl', { fitWorkers: 2 }, 'ma-pmbrl', 1).workers).toBe(2);
  });
});
