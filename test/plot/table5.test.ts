// RSM-MASAC Table V row for row: the 12 paper rows (transcription checked against the paper's own ψ and ρ_r
// formulas), "pending" without runs, and a Merge run filling exactly the row of its method and setting.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { psiGigabytes } from '../../src/comm/channel.js';
import { drawFigure, figureSpec } from '../../src/plot/draw-figure.js';
import { PAPER_TABLE5 } from '../../src/plot/table5.js';

const HEADER = 'episode,epoch,phase,steps,return,mean_speed,mean_learner_speed,collisions,distance,wall_time,updates';
const COMM_HEADER = 'episode,epoch,step,phase,agent,kind,neighbours,requested,received,lost,replicas,mixed,samples,bytes';

describe('RSM-MASAC Table V', () => {
  it('holds the paper\'s 12 rows, each consistent with ψ = ρ_total·32·68,098/(8·1024³) and ρ_r = ρ_ef/ρ_total', () => {
    expect(PAPER_TABLE5).toHaveLength(12);
    for (const row of PAPER_TABLE5) {
      expect(psiGigabytes(row.rhoTotal, 68098).toFixed(3)).toBe(row.psiGb.toFixed(3));
      expect(((100 * row.rhoEf) / row.rhoTotal).toFixed(2)).toBe(row.rhoR.toFixed(2));
    }
    expect(PAPER_TABLE5.map((r) => r.algo)).toEqual(['avg-mappo', 'avg-masac', 'rsm-mappo', ...Array<string>(9).fill('rsm-masac')]);
  });

  it('lists all 12 rows as pending without runs', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'cavlab-table5-empty-'));
    const [csv, md] = await drawFigure(figureSpec('rsm-masac/table5-paper'), empty, 'png');
    const lines = readFileSync(csv ?? '', 'utf8').trim().split('\n');
    expect(lines[0]).toBe('#,Method,U,P,κ,Average reward,ρ_total,ψ (GB),ρ_ef,ρ_r,cavlab seeds');
    expect(lines).toHaveLength(13);
    expect(lines[1]).toBe('1,avg-mappo (printed: Avg-MAPPO),8,—,—,0.5351 ± 0.0031 / pending,"1,626 / pending",0.412 / pending,"1,626 / pending",100.00% / pending,0');
    expect(lines.slice(1).every((l) => l.includes('/ pending'))).toBe(true);
    expect(readFileSync(md ?? '', 'utf8')).toContain('| 12 | rsm-masac (printed: MASAC) | 144 | 4 | 3 | 0.6576 ± 0.0269 / pending |');
  });

  it('fills the row of a Merge run\'s method and setting only (U = 72 → row 11)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'cavlab-table5-'));
    for (const seed of [0, 1]) {
      const dir = join(root, `rsm-masac__merge__updatesPerRound-72__seed${seed}`);
      mkdirSync(dir, { recursive: true });
      // Tests: Σr/T = 0.6 + seed/100 at every epoch (100 steps); comm: 10 replicas, 4 mixed per epoch.
      const lines = [HEADER];
      const comm = [COMM_HEADER];
      for (let epoch = 1; epoch <= 6; epoch++) {
        lines.push(`${2 * epoch},${epoch},train,100,50,5,5,0,100,1,10`, `${2 * epoch + 1},${epoch},eval,100,${60 + seed},5,5,0,100,1,0`);
        comm.push(`${2 * epoch},${epoch},80,train,a,segments,3,12,12,0,10,4,0,1048576`);
      }
      writeFileSync(join(dir, 'episodes.csv'), `${lines.join('\n')}\n`);
      writeFileSync(join(dir, 'comm.csv'), `${comm.join('\n')}\n`);
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ policyParameters: 68098, config: { algo: 'rsm-masac', scenario: 'merge', algoConfig: { updatesPerRound: 72, segments: 4, replicas: 3 } } }));
    }
    const [csv] = await drawFigure(figureSpec('rsm-masac/table5-paper'), root, 'png');
    const lines = readFileSync(csv ?? '', 'utf8').trim().split('\n');
    expect(lines).toHaveLength(13);
    expect(lines[11]).toBe(`11,rsm-masac (printed: MAPPO),72,4,3,0.6712 ± 0.0282 / 0.6050 ± 0.0071,"2,351 / 60",0.596 / ${psiGigabytes(60, 68098).toFixed(3)},"1,357 / 24",57.72% / 40.00%,2`);
    expect(lines.filter((l) => l.includes('/ pending'))).toHaveLength(11);
  });
});
