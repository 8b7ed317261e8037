// Pure parts of the runner: config and experiment files, the episode schedule and seeds, episode statistics,
// checkpoints (swap, recovery of the row a kill cut off).
import { mkdtemp, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Controller } from '../../src/agents/controller.js';
import type { StepInfos } from '../../src/env/multi-agent-env.js';
import type { EpisodeRow } from '../../src/metrics/schemas.js';
import { checkpointDir, loadCheckpoint, saveCheckpoint, saveRunState } from '../../src/runner/checkpoint.js';
import { parseRunExperiment, parseRunFields } from '../../src/runner/config.js';
import { EpisodeAccumulator } from '../../src/runner/episode-stats.js';
import { splitRows, stackRows } from '../../src/runner/episode.js';
import { RunConfigError } from '../../src/runner/errors.js';
import { episodeSeed, schedule } from '../../src/runner/schedule.js';

describe('run config', () => {
  it('fills defaults and keeps given fields', () => {
    const c = parseRunFields({ algo: 'isac', scenario: 'figure8', episodes: 3, horizon: 300 }, 'cli');
    expect(c).toMatchObject({ algo: 'isac', scenario: 'figure8', episodes: 3, horizon: 300, evalEvery: 10, evalEpisodes: 1, backend: 'auto', steps: false, experiment: 'adhoc' });
  });

  it('names the source, field and value of a bad field in one line', () => {
    expect(() => parseRunFields({ algo: 'isac', scenario: 'figure8', episodes: 'three' }, 'x.json')).toThrow(
      new RunConfigError('x.json', 'episodes', 'must be a positive integer, got "three"'),
    );
    expect(() => parseRunFields({ algo: 'isac', scenario: 'figure8', horizon: 0 }, 'cli')).toThrow(/^cli: horizon: must be a positive integer or null, got 0$/);
    expect(() => parseRunFields({ algo: 'isac', scenario: 'figure8', backend: 'tpu' }, 'cli')).toThrow(/backend: must be one of auto, tfjs-node-gpu/);
  });

  it('reads an experiment file and rejects unknown keys and bad seeds', () => {
    const e = parseRunExperiment({ name: 'q', kind: 'run', algo: 'idm', scenario: 'merge', seeds: [1, 2] }, 'q.json');
    expect(e.seeds).toEqual([1, 2]);
    expect(e.config.experiment).toBe('q');
    expect(() => parseRunExperiment({ name: 'q', kind: 'run', algo: 'idm', scenario: 'merge', epsiodes: 3 }, 'q.json')).toThrow(/^q\.json: epsiodes: is not a field/);
    expect(() => parseRunExperiment({ name: 'q', kind: 'run', algo: 'idm', scenario: 'merge', seeds: [-1] }, 'q.json')).toThrow(/^q\.json: seeds:/);
    expect(() => parseRunExperiment({ name: 'q', kind: 'sweep', algo: 'idm', scenario: 'merge' }, 'q.json')).toThrow(/^q\.json: kind: must be "run"/);
  });
});

describe('schedule', () => {
  it('evaluates after every evalEvery-th epoch and after the last, with fixed evaluation seeds', () => {
    const plan = schedule({ seed: 1, episodes: 12, evalEvery: 5, evalEpisodes: 2 });
    expect(plan.map((p) => `${p.phase[0]}${p.epoch}`).join(' ')).toBe('t1 t2 t3 t4 t5 e5 e5 t6 t7 t8 t9 t10 e10 e10 t11 t12 e12 e12');
    expect(plan.map((p) => p.index)).toEqual(plan.map((_, i) => i));
    const evals = plan.filter((p) => p.phase === 'eval');
    expect(evals[0]?.seed).toBe(evals[2]?.seed);
    expect(evals[0]?.seed).not.toBe(evals[1]?.seed);
    const trains = new Set(plan.filter((p) => p.phase === 'train').map((p) => p.seed));
    expect(trains.size).toBe(12);
    expect(schedule({ seed: 1, episodes: 3, evalEvery: 0, evalEpisodes: 1 }).every((p) => p.phase === 'train')).toBe(true);
  });

  it('a test-only plan keeps the evaluations (same epochs and seeds), indexed from 0, and no training episode', () => {
    const full = schedule({ seed: 1, episodes: 12, evalEvery: 5, evalEpisodes: 2 });
    const tests = schedule({ seed: 1, episodes: 12, evalEvery: 5, evalEpisodes: 2, testOnly: true });
    expect(tests.map((p) => `${p.phase[0]}${p.epoch}`).join(' ')).toBe('e5 e5 e10 e10 e12 e12');
    expect(tests.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(tests.map((p) => p.seed)).toEqual(full.filter((p) => p.phase === 'eval').map((p) => p.seed));
  });

  it('derives SUMO seeds from the run seed alone (what a resumed run relies on)', () => {
    expect(episodeSeed(1, 'train', 4)).toBe(episodeSeed(1, 'train', 4));
    expect(episodeSeed(1, 'train', 4)).not.toBe(episodeSeed(2, 'train', 4));
    for (const p of schedule({ seed: 9, episodes: 20, evalEvery: 10, evalEpisodes: 1 })) expect(p.seed >= 0 && p.seed < 2 ** 31).toBe(true);
  });
});

function infos(agents: [string, number, number][], meanSpeed: number, collisions = 0): StepInfos {
  return {
    step: 0, time: 0, vehicles: 3, meanSpeed, collisions, joined: [], left: [],
    agents: new Map(agents.map(([id, speed, distance]) => [id, { x: 0, y: 0, speed, distance }])),
  };
}

describe('episode statistics', () => {
  it('sums the per-step mean reward, averages speeds over steps and counts distance from joining', () => {
    const acc = new EpisodeAccumulator(infos([['a', 0, 10]], 0));
    acc.add(new Map([['a', 1], ['b', 3]]), infos([['a', 2, 12], ['b', 4, 100]], 3));
    acc.add(new Map([['a', 0]]), infos([['a', 4, 15], ['b', 6, 103]], 5, 1));
    const s = acc.finish();
    expect(s.steps).toBe(2);
    expect(s.return).toBeCloseTo(2 + 0, 9);
    expect(s.meanSpeed).toBeCloseTo(4, 9);
    expect(s.meanLearnerSpeed).toBeCloseTo((3 + 5) / 2, 9);
    expect(s.collisions).toBe(1);
    // a: 10 → 15; b joined at 100 → 103.
    expect(s.distance).toBeCloseTo(8, 9);
  });

  it('stacks observations row-major and splits actions back', () => {
    const obs = new Map([['x', Float32Array.of(1, 2)], ['y', Float32Array.of(3, 4)]]);
    expect([...stackRows(['y', 'x'], obs)]).toEqual([3, 4, 1, 2]);
    const split = splitRows(['y', 'x'], Float32Array.of(7, 8));
    expect([...(split.get('x') ?? [])]).toEqual([8]);
  });
});

describe('checkpoints', () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  function fakeController(saved: string[]): Controller {
    return {
      id: 'fake', drives: true, policyParameters: 1,
      act: () => new Float32Array(0), observe: () => undefined, update: () => 0, endEpisode: () => undefined,
      save: async (dir) => writeFile(join(dir, 'weights.txt'), String(saved.length)),
      load: async (dir) => void saved.push(dir),
      dispose: () => undefined,
    };
  }
  const row = (episode: number): EpisodeRow => ({
    episode, epoch: 1, phase: 'train', steps: 10, return: 1.5, mean_speed: 1, mean_learner_speed: 1, collisions: 0, distance: 3, wall_time: 0.1, updates: 4,
  });

  it('swaps a new checkpoint in and loads the run state and controller back', async () => {
    const run = await mkdtemp(join(tmpdir(), 'cavlab-ckpt-'));
    dirs.push(run);
    const target = checkpointDir(run, 'latest');
    await mkdir(join(run, 'checkpoints'), { recursive: true });
    const loaded: string[] = [];
    const controller = fakeController(loaded);
    await saveCheckpoint(target, controller, { episode: 0, row: row(0), bestReturn: null, bestEpisode: null });
    await saveCheckpoint(target, controller, { episode: 1, row: row(1), bestReturn: null, bestEpisode: null });
    await saveRunState(target, { episode: 2, row: { ...row(2), phase: 'eval' }, bestReturn: 1.5, bestEpisode: 2 });
    expect((await readdir(join(run, 'checkpoints'))).sort()).toEqual(['latest']);
    const state = await loadCheckpoint(target, controller);
    expect(state).toMatchObject({ episode: 2, bestReturn: 1.5, row: { phase: 'eval' } });
    expect(loaded).toEqual([join(target, 'controller')]);
  });

  it('falls back to the previous checkpoint when a swap was cut short, and says none when there is none', async () => {
    const run = await mkdtemp(join(tmpdir(), 'cavlab-ckpt-'));
    dirs.push(run);
    const target = checkpointDir(run, 'latest');
    await mkdir(join(`${target}.old`, 'controller'), { recursive: true });
    await writeFile(join(`${target}.old`, 'run.json'), JSON.stringify({ episode: 4, row: row(4), bestReturn: null, bestEpisode: null }));
    const loaded: string[] = [];
    expect(await loadCheckpoint(target, fakeController(loaded))).toMatchObject({ episode: 4 });
    expect(await loadCheckpoint(checkpointDir(run, 'best'), fakeController(loaded))).toBeNull();
    await writeFile(join(`${target}.old`, 'run.json'), '{"episode": 4}');
    await expect(loadCheckpoint(target, fakeController(loaded))).rejects.toThrow(/run\.json: cannot be read/);
  });
});
