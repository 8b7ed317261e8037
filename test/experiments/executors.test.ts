// Pieces of the executors that need no processes: Slurm array specs and batch script, progress lines and ETA.
import { describe, expect, it } from 'vitest';
import { arraySpec, sbatchScript } from '../../src/experiments/executors/slurm.js';
import { checkSlurmValue } from '../../src/experiments/executors/slurm-fields.js';
import { sweepFileSchema } from '../../src/experiments/schema.js';
import type { PlannedRun, SweepPlan } from '../../src/experiments/grid.js';
import { estimateRemaining, formatDuration, sweepProgress } from '../../src/experiments/progress.js';
import type { RunConfig } from '../../src/runner/config.js';

function run(index: number): PlannedRun {
  return { index, id: `idm__figure8__seed${index}`, dir: `/r/e/idm__figure8__seed${index}`, grid: {}, config: { algo: 'idm', seed: index } as RunConfig };
}

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  let written = '';
  const stream = { isTTY, write: (s: string) => { written += s; return true; } } as unknown as NodeJS.WriteStream;
  return { stream, text: () => written };
}

describe('slurm executor', () => {
  it('compresses array indices into ranges', () => {
    expect(arraySpec([0, 1, 2, 3, 5, 7, 8])).toBe('0-3,5,7-8');
    expect(arraySpec([4])).toBe('4');
  });

  it('writes one array job with the experiment\'s resources running the sweep worker per task', () => {
    const plan = { name: 'fig9', dir: '/r/fig9', runs: [run(0), run(1), run(2)] } as unknown as SweepPlan;
    const script = sbatchScript(plan, [run(0), run(2)], {
      planFile: '/r/fig9/.sweep/plan.json', stateDir: '/r/fig9/.sweep', jobs: 4, sbatchArgs: [],
      resources: { cpusPerTask: 2, memory: '8G', time: '12:00:00', partition: 'gpu' },
    });
    expect(script.split('\n').slice(0, 7)).toEqual([
      '#!/bin/bash', '#SBATCH --job-name=cavlab-fig9', '#SBATCH --array=0,2%4', '#SBATCH --cpus-per-task=2', '#SBATCH --mem=8G',
      '#SBATCH --time=12:00:00', '#SBATCH --partition=gpu',
    ]);
    expect(script).toMatch(/exec '.*node[^']*' '.*dist\/src\/cli\/main\.js' sweep-worker '\/r\/fig9\/\.sweep\/plan\.json' "\$SLURM_ARRAY_TASK_ID"\n$/);
  });
});

describe('slurm fields', () => {
  const plan = { name: 'fig9', dir: '/r/fig9', runs: [run(0)] } as unknown as SweepPlan;
  const options = { planFile: '/r/fig9/.sweep/plan.json', stateDir: '/r/fig9/.sweep', sbatchArgs: [] as string[], resources: { cpusPerTask: 1, memory: '4G', time: '1:00:00' } };

  it('refuse newlines and shell characters in every field, naming field and value', () => {
    expect(() => sbatchScript(plan, [run(0)], { ...options, resources: { ...options.resources, partition: 'p\ntouch pwned #' } })).toThrow(
      /resources\.partition: must be a Slurm name .*, got "p\\ntouch pwned #"/,
    );
    expect(() => sbatchScript(plan, [run(0)], { ...options, sbatchArgs: ['--gres=gpu:1; rm -rf ~'] })).toThrow(/--gres=gpu:1; rm -rf ~/);
    for (const [field, bad] of [['account', 'a b'], ['qos', '$(id)'], ['time', '1:00\n#'], ['memory', '4G`x`'], ['sbatch-arg', '--x="y"']] as const) {
      expect(() => checkSlurmValue(field, bad, 'command line')).toThrow(`command line: ${field}: must be`);
    }
    expect(checkSlurmValue('sbatch-arg', '--gres=gpu:1', 'command line')).toBe('--gres=gpu:1');
    expect(checkSlurmValue('partition', 'gpu,cpu', 'command line')).toBe('gpu,cpu');
  });

  it('are checked in experiment files too', () => {
    const parsed = sweepFileSchema.safeParse({ name: 'x', kind: 'sweep', algo: 'idm', scenario: 'figure8', resources: { partition: 'p\ntouch pwned #' } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['resources', 'partition']);
  });

  it('single-quote every path the script\'s shell lines use', () => {
    const script = sbatchScript(plan, [run(0)], { ...options, planFile: "/r/it's here\n/plan.json" });
    expect(script).toContain(`sweep-worker '/r/it'\\''s here\n/plan.json' "$SLURM_ARRAY_TASK_ID"`);
    expect(script.split('\n').filter((l) => l.startsWith('#SBATCH'))).toHaveLength(5);
  });
});

describe('sweep progress', () => {
  it('estimates the time left from the runs ended so far', () => {
    expect(estimateRemaining([10, 20], 6, 2)).toBe(45);
    expect(estimateRemaining([], 6, 2)).toBeNaN();
    expect(formatDuration(45)).toBe('45s');
    expect(formatDuration(125)).toBe('2m05s');
    expect(formatDuration(3 * 3600 + 120)).toBe('3h02m');
    expect(formatDuration(Number.NaN)).toBe('?');
  });

  it('prints plain lines when not on a terminal', () => {
    const { stream, text } = fakeStream(false);
    const progress = sweepProgress(2, 1, stream);
    progress.started(run(0));
    progress.ended(run(0), { status: 'finished', error: null }, 12);
    progress.started(run(1));
    progress.ended(run(1), { status: 'failed', error: 'no scenario' }, 3);
    progress.close();
    expect(text()).toBe('idm__figure8__seed0 finished (12s) [1/2]\nidm__figure8__seed1 failed: no scenario (3s) [2/2]\n');
  });

  it('redraws one line with done, failed, running and ETA on a terminal', () => {
    const { stream, text } = fakeStream(true);
    const progress = sweepProgress(4, 2, stream, true);
    progress.started(run(0));
    progress.started(run(1));
    progress.ended(run(0), { status: 'finished', error: null }, 30);
    expect(text()).toContain('\r\x1b[2Kruns 1/4: 1 finished, 0 failed, 1 running, ETA 45s');
  });
});
