// Figures and tables from a small results fixture (two algorithms × two seeds, eval every epoch, comm.csv for
// the communicating one): PNG size and line colours, SVG axis titles, mean ± std, Table V and Table 3 numbers.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { curveStats, meanStd, perEpoch, phaseRows } from '../../src/plot/aggregate.js';
import { drawFigure, figureSpec, legendName, UnknownFigureError } from '../../src/plot/draw-figure.js';
import { num, readResults, readableLabel } from '../../src/plot/results.js';
import { curveSpec, isPartial, LINE_COLOURS } from '../../src/plot/stat-specs.js';
import { psiGigabytes } from '../../src/comm/channel.js';
import { countColour, readPng } from '../helpers/png.js';

const root = mkdtempSync(join(tmpdir(), 'cavlab-plot-'));
const HEADER = 'episode,epoch,phase,steps,return,mean_speed,mean_learner_speed,collisions,distance,wall_time,updates';
const COMM_HEADER = 'episode,epoch,step,phase,agent,kind,neighbours,requested,received,lost,replicas,mixed,samples,bytes';

/** A run whose eval return at epoch e is base + e + seed (so the mean over seeds 0, 1 is base + e + 0.5). */
function writeRun(id: string, baseReturn: number, seed: number, comm: boolean): void {
  const dir = join(root, id);
  mkdirSync(dir, { recursive: true });
  const lines = [HEADER];
  let episode = 0;
  for (let epoch = 1; epoch <= 6; epoch++) {
    lines.push(`${episode++},${epoch},train,100,${baseReturn + epoch - 1},5,5,0,100,1,10`);
    lines.push(`${episode++},${epoch},eval,100,${baseReturn + epoch + seed},5,5,0,100,1,0`);
  }
  writeFileSync(join(dir, 'episodes.csv'), `${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ policyParameters: 68098 }));
  if (comm) {
    const rows = [COMM_HEADER];
    // Per epoch: 4 replicas, `seed + 1` mixed, 1 MiB received.
    for (let epoch = 1; epoch <= 6; epoch++) rows.push(`${2 * (epoch - 1)},${epoch},80,train,a${seed},segments,3,4,4,0,4,${seed + 1},0,1048576`);
    writeFileSync(join(dir, 'comm.csv'), `${rows.join('\n')}\n`);
  }
}

beforeAll(() => {
  for (const seed of [0, 1]) {
    writeRun(`isac__figure8__seed${seed}`, 10, seed, false);
    writeRun(`rsm-masac__figure8__segments-4__seed${seed}`, 20, seed, true);
  }
});

describe('results and statistics', () => {
  it('parses run folders into algorithm, grid label and seed groups', async () => {
    const runs = await readResults(root);
    expect(runs.map((r) => r.group)).toEqual(['isac', 'isac', 'rsm-masac (segments=4)', 'rsm-masac (segments=4)']);
    expect(runs[2]).toMatchObject({ algo: 'rsm-masac', scenario: 'figure8', label: 'segments-4', seed: 0, policyParameters: 68098 });
    expect(readableLabel('segments-4_tau-0.001_x--1')).toBe('segments=4, tau=0.001, x=-1');
  });

  it('orders runs by the numbers in their folder names (range-50 before range-100, seed2 before seed10)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cavlab-plot-order-'));
    try {
      for (const id of ['ma-pmbrl__intersection8__range-100__seed0', 'ma-pmbrl__intersection8__range-50__seed10', 'ma-pmbrl__intersection8__range-50__seed2']) {
        mkdirSync(join(dir, id));
        writeFileSync(join(dir, id, 'episodes.csv'), `${HEADER}\n0,1,train,100,1,5,5,0,100,1,0\n`);
      }
      const runs = await readResults(dir);
      expect(runs.map((r) => `${r.label}/${r.seed}`)).toEqual(['range-50/2', 'range-50/10', 'range-100/0']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives mean ± sample std over seeds per epoch, from evaluation episodes', async () => {
    expect(meanStd([1, 3])).toEqual({ mean: 2, std: Math.SQRT2, n: 2 });
    expect(meanStd([5])).toEqual({ mean: 5, std: 0, n: 1 });
    const runs = await readResults(root);
    const points = curveStats(runs, (run) => perEpoch(phaseRows(run, 'auto'), (r) => num(r['return'])));
    const isac = points.filter((p) => p.group === 'isac');
    expect(isac.map((p) => p.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(isac[0]).toMatchObject({ mean: 11.5, n: 2 });
    expect(isac[0]?.std).toBeCloseTo(Math.SQRT1_2, 12);
  });

  it('marks the points only some seeds have reached (runs in progress): hollow in the figure, said in its subtitle', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cavlab-plot-partial-'));
    try {
      // seed 0 has 3 training episodes, seed 1 only 2: epoch 3 is seed 0's value alone.
      for (const [seed, episodes] of [[0, 3], [1, 2]] as const) {
        const run = join(dir, `isac__figure8__seed${seed}`);
        mkdirSync(run);
        const rows = Array.from({ length: episodes }, (_, e) => `${e},${e + 1},train,100,${e + seed},5,5,0,100,1,10`);
        writeFileSync(join(run, 'episodes.csv'), `${[HEADER, ...rows].join('\n')}\n`);
      }
      const runs = await readResults(dir);
      const points = curveStats(runs, (run) => perEpoch(phaseRows(run, 'auto'), (r) => num(r['return'])));
      expect(points.map((p) => [p.epoch, p.n, isPartial(p)])).toEqual([[1, 2, false], [2, 2, false], [3, 1, true]]);
      const data = (curveSpec(points, { title: 't', xTitle: 'x', yTitle: 'y' }) as unknown as { data: { values: { epoch: number; partial: number }[] } }).data.values;
      expect(data.map((d) => d.partial)).toEqual([0, 0, 1]);
      const [svgFile] = await drawFigure(figureSpec('rsm-masac/fig6'), dir, 'svg');
      expect(readFileSync(svgFile ?? '', 'utf8')).toContain('hollow points: only the seeds that have reached that episode');
      const [complete] = await drawFigure(figureSpec('rsm-masac/fig6'), root, 'svg');
      expect(readFileSync(complete ?? '', 'utf8')).not.toContain('hollow points');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('figures', () => {
  it('draws a PNG of the expected size with the line colours on a white background', async () => {
    const [file] = await drawFigure(figureSpec('rsm-masac/fig6'), root, 'png');
    expect(file).toBe(join(root, 'figures', 'rsm-masac_fig6.png'));
    const image = readPng(readFileSync(file ?? ''));
    const [svgFile] = await drawFigure(figureSpec('rsm-masac/fig6'), root, 'svg');
    const svg = readFileSync(svgFile ?? '', 'utf8');
    const width = Number(/<svg[^>]*width="(\d+(?:\.\d+)?)"/.exec(svg)?.[1]);
    const height = Number(/<svg[^>]*height="(\d+(?:\.\d+)?)"/.exec(svg)?.[1]);
    // svgToPng renders at 2× the SVG's size.
    expect(image.width).toBe(Math.round(2 * width));
    expect(image.height).toBe(Math.round(2 * height));
    expect(image.width).toBeGreaterThan(800);
    const pixels = image.width * image.height;
    expect(countColour(image, '#ffffff')).toBeLessThan(pixels);
    expect(countColour(image, '#ffffff')).toBeGreaterThan(pixels / 2);
    expect(countColour(image, LINE_COLOURS[0], 10)).toBeGreaterThan(200);
    expect(countColour(image, LINE_COLOURS[1], 10)).toBeGreaterThan(200);
  });

  it('writes SVG with the paper\'s axis titles, title and legend entries', async () => {
    const [file] = await drawFigure(figureSpec('rsm-masac/fig6'), root, 'svg');
    const svg = readFileSync(file ?? '', 'utf8');
    for (const text of ['Training epoch', 'Average reward', 'Performance comparison of different methods', 'rsm-masac (segments=4)', 'isac', 'mean ± std over 2 seeds']) expect(svg).toContain(text);
  });

  it('MA-PMBRL Fig. 3 names the methods as the paper\'s legend does (svmix → SVMIX); other ids stay', async () => {
    const names = { svmix: 'SVMIX' };
    expect(legendName('svmix', names)).toBe('SVMIX');
    expect(legendName('svmix (range=100)', names)).toBe('SVMIX (range=100)');
    expect(legendName('svmix-x', names)).toBe('svmix-x');
    expect(legendName('isac', undefined)).toBe('isac');
    const fig3 = mkdtempSync(join(tmpdir(), 'cavlab-plot-fig3-'));
    for (const algo of ['svmix', 'isac']) {
      mkdirSync(join(fig3, `${algo}__intersection8__seed0`));
      writeFileSync(join(fig3, `${algo}__intersection8__seed0`, 'episodes.csv'), `${HEADER}\n0,1,train,1500,10,5,5,0,100,1,0\n1,2,train,1500,12,6,6,0,100,1,10\n`);
    }
    const [file] = await drawFigure(figureSpec('ma-pmbrl/fig3'), fig3, 'svg');
    const svg = readFileSync(file ?? '', 'utf8');
    expect(svg).toContain('SVMIX');
    expect(svg).not.toMatch(/>svmix</);
    expect(svg).toContain('isac');
    rmSync(fig3, { recursive: true, force: true });
  });

  it('draws ρ_r per epoch and final-value points', async () => {
    const [rate] = await drawFigure(figureSpec('rsm-masac/fig7'), root, 'svg');
    expect(readFileSync(rate ?? '', 'utf8')).toContain('Successful mixing rate ρ_r');
    const [final] = await drawFigure(figureSpec('rsm-masac/fig9'), root, 'svg');
    expect(readFileSync(final ?? '', 'utf8')).toContain('Average reward');
  });

  it('reports a missing metric with the columns there are', async () => {
    await expect(drawFigure(figureSpec('ma-pmbrl/fig6'), root, 'svg')).rejects.toThrow(/figure ma-pmbrl\/fig6: no run has a column "clique_cover" \(columns: episode, epoch, phase/);
  });

  it('lists the known ids for an unknown figure', () => {
    expect(() => figureSpec('rsm-masac/fig99')).toThrow(UnknownFigureError);
    expect(() => figureSpec('rsm-masac/fig99')).toThrow(/^unknown figure "rsm-masac\/fig99" \(known: learning-curve, rsm-masac\/fig5, rsm-masac\/fig6, .*ma-pmbrl\/table3\)$/);
  });
});

describe('tables', () => {
  it('ψ follows Table V from ρ_total and the 68,098-parameter policy', () => {
    expect(psiGigabytes(1626, 68098)).toBeCloseTo(0.412, 3);
    expect(psiGigabytes(29270, 68098)).toBeCloseTo(7.425, 3);
  });

  it('writes RSM-MASAC Table V as CSV and Markdown', async () => {
    const files = await drawFigure(figureSpec('rsm-masac/table5'), root, 'png');
    expect(files.map((f) => f.slice(root.length))).toEqual(['/figures/rsm-masac_table5.csv', '/figures/rsm-masac_table5.md']);
    const csv = readFileSync(files[0] ?? '', 'utf8').trim().split('\n');
    expect(csv[0]).toBe('Method,Scenario,Average reward,ρ_total,ψ (GB),ρ_ef,ρ_r,Seeds');
    // Per step (100 steps): last five tests of seed 0: 0.22…0.26 → 0.24, seed 1: 0.25; ρ_total 24 per run; mixed 6 and 12 → 9; ρ_r 37.5 %.
    expect(csv[2]).toBe(`rsm-masac (segments=4),figure8,0.2450 ± 0.0071,24,${psiGigabytes(24, 68098).toFixed(3)},9,37.50%,2`);
    expect(csv[1]).toMatch(/^isac,figure8,0\.1450 ± 0\.0071,—,—,—,—,2$/);
    expect(readFileSync(files[1] ?? '', 'utf8')).toContain('| rsm-masac (segments=4) | figure8 | 0.2450 ± 0.0071 | 24 |');
  });

  it('writes MA-PMBRL Table 3 (overhead in samples per CAV per episode, the unit derived from the text, KB and MB)', async () => {
    const files = await drawFigure(figureSpec('ma-pmbrl/table3'), root, 'png');
    const csv = readFileSync(files[0] ?? '', 'utf8').trim().split('\n');
    expect(csv[0]).toBe('Setting,Scenario,Samples per CAV per episode,KB per CAV per episode,Communication overhead (MB per run),Samples exchanged,Seeds');
    expect(csv[1]).toBe('isac,figure8,0.0 ± 0.0,0.0 ± 0.0,0.0 ± 0.0,0,2');
    expect(csv[2]).toMatch(/^rsm-masac \(segments=4\),figure8,0\.0 ± 0\.0,[0-9.]+ ± [0-9.]+,6\.0 ± 0\.0,0,2$/);
  });
});

describe('Policy Reciprocity Digital figures (from digital-episodes.csv)', () => {
  it('draws mean ± std over seeds per algorithm and κ, with both lines visible, and says where the data comes from', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cavlab-digital-'));
    const lines = ['row,algorithm,kappa,alpha0,beta0,seed,episode,return_team,return_own,greedy_value_team,greedy_value_own,optimal_value_team,consensus_q,consensus_q_relative,policy_mse'];
    let row = 0;
    for (const [algorithm, kappa, level] of [['iql', '', 10], ['iql-pr', '0.5', 2]] as const) {
      for (const seed of [0, 1]) {
        for (let episode = 0; episode < 20; episode++) lines.push(`${row++},${algorithm},${kappa},0.5,0.3,${seed},${episode},100,100,9,9,10,${level + seed},0.1,0.01`);
      }
    }
    writeFileSync(join(dir, 'digital-episodes.csv'), `${lines.join('\n')}\n`);
    const [png] = await drawFigure(figureSpec('pr/digital-consensus'), dir, 'png');
    const image = readPng(readFileSync(png as string));
    expect(countColour(image, LINE_COLOURS[0])).toBeGreaterThan(100);
    expect(countColour(image, LINE_COLOURS[1])).toBeGreaterThan(100);
    const [svg] = await drawFigure(figureSpec('pr/digital-consensus'), dir, 'svg');
    const text = readFileSync(svg as string, 'utf8');
    for (const label of ['Episode', 'Consensus error', 'iql-pr (κ = 0.5)', 'mean ± std over 2 seeds']) expect(text).toContain(label);
    await expect(drawFigure(figureSpec('pr/digital-return'), join(dir, 'nope'), 'png')).rejects.toThrow(/digital-episodes\.csv does not exist \(run: cavlab run experiments\/pr\/digital\.json\)/);
  });
});

describe('Policy Reciprocity Fig. 2-upper, 3 and 4 (from digital-policy.csv and grid-episodes.csv)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cavlab-pr-figs-'));
  beforeAll(() => {
    // Policy rows of 20 agents (and the average, -1) at episodes 0 and 9, κ = 0.5 and 1, two seeds.
    const policy = ['row,algorithm,kappa,seed,episode,agent,state,action,probability'];
    let row = 0;
    for (const kappa of ['0.5', '1']) {
      for (const seed of [0, 1]) {
        for (const episode of [0, 9]) {
          for (let agent = -1; agent < 20; agent++) {
            for (let state = 0; state < 20; state++) {
              const p = 0.5 + 0.01 * state + (agent === 2 ? 0.2 : 0);
              policy.push(`${row++},iql-pr,${kappa},${seed},${episode},${agent},${state},0,${p}`, `${row++},iql-pr,${kappa},${seed},${episode},${agent},${state},1,${1 - p}`);
            }
          }
        }
      }
    }
    mkdirSync(join(dir, 'pr-digital'));
    writeFileSync(join(dir, 'pr-digital', 'digital-policy.csv'), `${policy.join('\n')}\n`);
    const grid = ['row,env,agents,algorithm,kappa,seed,episode,return,consensus_q,policy_mse'];
    row = 0;
    for (const [env, agents] of [['landmark', 2], ['blocker', 3], ['landmark', 10]] as const) {
      for (const [algorithm, kappa, level] of [['iql', '', -5], ['iql-pr', '0.5', -3]] as const) {
        for (const seed of [0, 1]) for (let episode = 0; episode < 10; episode++) grid.push(`${row++},${env},${agents},${algorithm},${kappa},${seed},${episode},${level + seed},0,0`);
      }
    }
    mkdirSync(join(dir, 'pr-grid'));
    writeFileSync(join(dir, 'pr-grid', 'grid-episodes.csv'), `${grid.join('\n')}\n`);
  });

  it('Fig. 2-upper: one line per chosen state over the agents (and the average policy), last snapshot of the first seed', async () => {
    const [svg] = await drawFigure(figureSpec('pr/fig2-upper'), dir, 'svg');
    const text = readFileSync(svg as string, 'utf8');
    for (const label of ['PR Fig. 2, upper', 'Agent', 'state 0', 'state 16', 'seed 0, after episode 10', '21 = average policy']) expect(text).toContain(label);
  });

  it('Fig. 3: κ = 1, the paper\'s agents 3, 6, 9, 12, 15, 18 (1-based) over the states', async () => {
    const [svg] = await drawFigure(figureSpec('pr/fig3'), dir, 'svg');
    const text = readFileSync(svg as string, 'utf8');
    for (const label of ['PR Fig. 3', 'agent 3', 'agent 18', 'State', 'κ = 1']) expect(text).toContain(label);
    expect(text).not.toContain('agent 4');
  });

  it('Fig. 4: Landmarks |N| = 2, Blocker |N| = 3 and Landmarks |N| = 10 panels with IQL and IQL+PR', async () => {
    const [svg] = await drawFigure(figureSpec('pr/fig4'), dir, 'svg');
    const text = readFileSync(svg as string, 'utf8');
    for (const label of ['Landmarks, |N| = 2', 'Blocker, |N| = 3', 'Landmarks, |N| = 10', 'IQL+PR', 'mean ± std over 2 seeds']) expect(text).toContain(label);
    await expect(drawFigure(figureSpec('pr/fig4'), join(dir, 'nope'), 'png')).rejects.toThrow(/no grid-episodes\.csv .*experiments\/pr\/grid\.json/);
  });
});
