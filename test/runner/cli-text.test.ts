// Small texts users read: the progress label, the resume error's differing fields, figure captions and ticks.
import { describe, expect, it } from 'vitest';
import { axisTitle, captionLines, isSmoke, titlePrefix } from '../../src/plot/captions.js';
import { integerAxis } from '../../src/plot/stat-specs.js';
import { configDifferences } from '../../src/runner/config-diff.js';
import { episodeLabel } from '../../src/runner/progress.js';

describe('what users read', () => {
  it('counts training episodes only: --episodes 2 reads 1/2 and 2/2', () => {
    expect(episodeLabel({ index: 0, epoch: 1, phase: 'train', seed: 0 }, 2)).toBe('train 1/2');
    expect(episodeLabel({ index: 1, epoch: 1, phase: 'eval', seed: 0 }, 2)).toBe('eval after 1/2');
    expect(episodeLabel({ index: 2, epoch: 2, phase: 'train', seed: 0 }, 2)).toBe('train 2/2');
  });

  it('names every differing config field with both values', () => {
    const disk = { episodes: 2, horizon: 300, algoConfig: { actorLr: 0.0003, batchSize: 256 } };
    expect(configDifferences(disk, { ...disk, episodes: 4, algoConfig: { actorLr: 0.001, batchSize: 256 } })).toEqual([
      'episodes (on disk 2, now 4)', 'algoConfig.actorLr (on disk 0.0003, now 0.001)',
    ]);
    expect(configDifferences(disk, disk)).toEqual([]);
    // Where the learners run changes no number: a run continues in another layout, or from before such a field.
    expect(configDifferences(disk, { ...disk, algoConfig: { ...disk.algoConfig, learnerWorkers: 2, fitWorkers: 1 } })).toEqual([]);
    expect(configDifferences({ ...disk, learnerWorkers: 1 }, disk)).toEqual(['learnerWorkers (on disk 1, now null)']);
  });

  it('marks smoke figures, says scenario/episodes/budget, the idm reference and the reproduction doc', () => {
    expect(isSmoke('/r/rsm-masac-fig6-smoke')).toBe(true);
    expect(isSmoke('/r/rsm-masac-fig6-smoke/isac__figure8__seed0')).toBe(true);
    expect(titlePrefix('/r/rsm-masac-fig6')).toBe('');
    expect(captionLines({ figureId: 'rsm-masac/fig6', root: '/r/rsm-masac-fig6-smoke', scenarios: ['figure8'], phase: 'evaluation', groups: ['idm', 'isac'] })).toEqual([
      'figure8 · evaluation episodes · smoke budget: a pipeline check, not a result',
      'idm: SUMO\'s car-following model drives every vehicle (no learning), the human-driver reference',
      'paper vs cavlab: docs/reproduction/rsm-masac.md',
    ]);
    expect(axisTitle('mean_speed')).toBe('mean speed (m/s)');
  });

  it('puts epoch ticks on whole numbers only', () => {
    expect(integerAxis([1, 2, 2, 3])).toEqual({ values: [1, 2, 3], format: 'd' });
    expect(integerAxis(Array.from({ length: 40 }, (_, i) => i + 1))).toMatchObject({ tickMinStep: 1, format: 'd' });
  });
});
