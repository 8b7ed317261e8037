// RSM-MASAC Fig. 8 (comm-matrix.csv → two heatmaps) and Fig. 9 (boxplots over test epochs 130–200 per P): the
// aggregator and the box statistics against hand-computed values, and both figures rendered with labelled axes.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMM_MATRIX_COLUMNS, COMM_MATRIX_FILE, commMatrixRows } from '../../src/metrics/comm-matrix.js';
import type { SegmentExchangeEvent } from '../../src/metrics/comm-matrix.js';
import { boxStats, quantile } from '../../src/plot/boxplot.js';
import { pairTotals } from '../../src/plot/comm-heatmap.js';
import { drawFigure, figureSpec } from '../../src/plot/draw-figure.js';
import { LINE_COLOURS } from '../../src/plot/stat-specs.js';
import { countColour, readPng } from '../helpers/png.js';

const HEADER = 'episode,epoch,phase,steps,return,mean_speed,mean_learner_speed,collisions,distance,wall_time,updates';

describe('comm-matrix.csv', () => {
  const event = (episode: number, from: string, to: string, arrived: boolean, mixed: boolean): SegmentExchangeEvent => ({ episode, phase: 'train', from, to, arrived, mixed });

  it('counts segments received and mixed per episode and ordered pair, lost ones in neither', () => {
    const rows = commMatrixRows([
      event(1, 'rl_10', 'rl_2', true, true),
      event(0, 'rl_1', 'rl_2', true, false),
      event(0, 'rl_1', 'rl_2', true, true),
      event(0, 'rl_1', 'rl_2', false, true),
      event(0, 'rl_2', 'rl_1', true, false),
    ]);
    expect(Object.keys(rows[0] ?? {})).toEqual([...COMM_MATRIX_COLUMNS]);
    expect(rows).toEqual([
      { episode: 0, phase: 'train', from: 'rl_1', to: 'rl_2', received: 2, mixed: 1 },
      { episode: 0, phase: 'train', from: 'rl_2', to: 'rl_1', received: 1, mixed: 0 },
      { episode: 1, phase: 'train', from: 'rl_10', to: 'rl_2', received: 1, mixed: 1 },
    ]);
    expect(() => commMatrixRows([event(0, 'a', 'a', true, true)])).toThrow("comm-matrix event: agent 'a' cannot receive a segment from itself");
  });

  it('sums a run\'s rows per pair for one phase', () => {
    const rows = [
      { episode: '0', phase: 'train', from: 'b', to: 'a', received: '2', mixed: '1' },
      { episode: '1', phase: 'train', from: 'b', to: 'a', received: '3', mixed: '0' },
      { episode: '1', phase: 'eval', from: 'b', to: 'a', received: '9', mixed: '9' },
    ];
    expect(pairTotals(rows, 'train')).toEqual([{ from: 'b', to: 'a', received: 5, mixed: 1 }]);
  });
});

describe('box statistics', () => {
  it('quartiles by linear interpolation, Tukey whiskers and outliers', () => {
    // Sorted [1, 2, 3, 4, 100]: q1 = 2, median 3, q3 = 4, IQR 2 → fences −1 and 7; 100 is an outlier.
    expect(boxStats([4, 100, 1, 3, 2])).toEqual({ n: 5, median: 3, q1: 2, q3: 4, lowWhisker: 1, highWhisker: 4, outliers: [100] });
    // [1, 2, 3, 4]: q1 at h = 0.75 → 1.75, q3 at h = 2.25 → 3.25, median 2.5; no outliers.
    expect(boxStats([1, 2, 3, 4])).toMatchObject({ q1: 1.75, median: 2.5, q3: 3.25, lowWhisker: 1, highWhisker: 4, outliers: [] });
    expect(quantile([5], 0.5)).toBe(5);
    expect(boxStats([]).n).toBe(0);
  });
});

describe('figures', () => {
  const root = mkdtempSync(join(tmpdir(), 'cavlab-fig8-9-'));

  /** A run with a test every 10 epochs to 200; Σr/T per test = base + (epoch mod 30)/1000 + seed/100 (100 steps). */
  function writeRun(segments: number, seed: number, base: number, matrix: boolean): void {
    const dir = join(root, `rsm-masac__merge__segments-${segments}__seed${seed}`);
    mkdirSync(dir, { recursive: true });
    const lines = [HEADER];
    let episode = 0;
    for (let epoch = 10; epoch <= 200; epoch += 10) {
      const perStep = base + (epoch % 30) / 1000 + seed / 100;
      lines.push(`${episode++},${epoch},eval,100,${100 * perStep},10,10,0,100,1,0`);
    }
    writeFileSync(join(dir, 'episodes.csv'), `${lines.join('\n')}\n`);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ policyParameters: 68098 }));
    if (matrix) {
      const rows = ['episode,phase,from,to,received,mixed', '0,train,rl_0,rl_1,12,5', '0,train,rl_1,rl_0,7,1', '0,train,rl_2,rl_0,3,3', '1,train,rl_0,rl_2,4,0'];
      writeFileSync(join(dir, COMM_MATRIX_FILE), `${rows.join('\n')}\n`);
    }
  }

  beforeAll(() => {
    for (const seed of [0, 1]) {
      writeRun(1, seed, 0.6, seed === 0);
      writeRun(4, seed, 0.65, false);
    }
  });

  it('Fig. 8: two labelled heatmaps per run with a comm-matrix.csv', async () => {
    const files = await drawFigure(figureSpec('rsm-masac/fig8'), root, 'svg');
    expect(files).toEqual([join(root, 'figures', 'rsm-masac_fig8__rsm-masac__merge__segments-1__seed0.svg')]);
    const svg = readFileSync(files[0] ?? '', 'utf8');
    for (const text of ['Sending agent j', 'Receiving agent i', '(a) Communication times', '(b) Effective mixture times', 'Segments received', 'Segments mixed', 'rl_2']) expect(svg).toContain(text);
    const [png] = await drawFigure(figureSpec('rsm-masac/fig8'), root, 'png');
    const image = readPng(readFileSync(png ?? ''));
    expect(image.width).toBeGreaterThan(600);
    // viridis' yellow end marks the largest count of each panel.
    expect(countColour(image, '#fde725', 40)).toBeGreaterThan(100);
  });

  it('Fig. 9: one box per P over the tests 130–200, with the P axis named', async () => {
    const [file] = await drawFigure(figureSpec('rsm-masac/fig9'), root, 'svg');
    const svg = readFileSync(file ?? '', 'utf8');
    for (const text of ['Predefined number of segments P', 'P = 1', 'P = 4', 'Average reward', 'testing epochs 130–200', 'whiskers 1.5 IQR']) expect(svg).toContain(text);
    expect(svg).not.toContain('no test in the window');
    const [png] = await drawFigure(figureSpec('rsm-masac/fig9'), root, 'png');
    expect(countColour(readPng(readFileSync(png ?? '')), LINE_COLOURS[0], 60)).toBeGreaterThan(200);
  });

  it('Fig. 8 names the missing file when no run wrote one', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'cavlab-fig8-none-'));
    const dir = join(empty, 'isac__merge__seed0');
    mkdirSync(dir);
    writeFileSync(join(dir, 'episodes.csv'), `${HEADER}\n0,10,eval,100,60,10,10,0,100,1,0\n`);
    await expect(drawFigure(figureSpec('rsm-masac/fig8'), empty, 'svg')).rejects.toThrow(`figure rsm-masac/fig8: no run under ${empty} has a comm-matrix.csv`);
  });
});
