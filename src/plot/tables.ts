// The papers' tables from results: RSM-MASAC Table V (average reward of the last five tests, ρ_total, ψ, ρ_ef,
// ρ_r) and MA-PMBRL Table 3 (communication overhead per range d), as rows rendered to CSV and Markdown.
import { stringify } from 'csv-stringify/sync';
import { commTotal, finalValue, groupRuns, meanStd } from './aggregate.js';
import type { RunResults } from './results.js';
import { REWARD_PER_STEP } from './results.js';
import { psiGigabytes } from '../comm/channel.js';

export interface Table {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Footnote: where the numbers come from. */
  readonly note: string;
}


const fmt = (v: number, digits: number): string => (Number.isFinite(v) ? v.toFixed(digits) : '—');
const count = (v: number): string => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '—');

export function rsmTable(runs: readonly RunResults[], title: string, lastEpochs: number): Table {
  const rows: string[][] = [];
  for (const { scenario, group, runs: members } of groupRuns(runs).values()) {
    const reward = meanStd(members.map((r) => finalValue(r, REWARD_PER_STEP, 'auto', lastEpochs)));
    const total = meanStd(members.map((r) => commTotal(r, 'replicas'))).mean;
    const effective = meanStd(members.map((r) => commTotal(r, 'mixed'))).mean;
    const params = members.find((r) => r.policyParameters !== null)?.policyParameters ?? Number.NaN;
    rows.push([
      group, scenario, `${fmt(reward.mean, 4)} ± ${fmt(reward.std, 4)}`, count(total), fmt(psiGigabytes(total, params), 3), count(effective),
      total > 0 ? `${(100 * effective / total).toFixed(2)}%` : '—', String(members.length),
    ]);
  }
  return {
    title, rows, columns: ['Method', 'Scenario', 'Average reward', 'ρ_total', 'ψ (GB)', 'ρ_ef', 'ρ_r', 'Seeds'],
    note: `Average reward: return per step, mean of the last ${lastEpochs} tests per run, mean ± std over seeds. ρ_total / ρ_ef: replicas reconstructed / mixed in over a run (comm.csv), mean over seeds; ψ = ρ_total·32·params/(8·1024³).`,
  };
}

/**
 * MA-PMBRL Table 3. The paper prints overhead without a unit. Its text counts the exchange in samples: each CAV
 * sends "its latest H-length dataset" ⟨s, a, r, s'⟩ to the CAVs within d at each episode's end, and Sec. 5 sizes the
 * shared data as N ≈ |C|·k·H samples. Derived unit: samples a CAV receives per episode (mean over CAVs and training
 * episodes; a neighbour's full episode is H = 1,500). Printed next to cavlab's MB per run and KB per CAV per episode.
 */
export function overheadTable(runs: readonly RunResults[], title: string): Table {
  const rows: string[][] = [];
  for (const { scenario, group, runs: members } of groupRuns(runs).values()) {
    const megabytes = meanStd(members.map((r) => (r.comm === null ? 0 : commTotal(r, 'bytes') / 1024 ** 2)));
    const samples = meanStd(members.map((r) => (r.comm === null ? 0 : commTotal(r, 'samples'))));
    const perCav = (r: RunResults, total: number): number => {
      const cavs = new Set((r.comm ?? []).map((row) => row['agent'])).size;
      const episodes = r.episodes.filter((row) => row['phase'] === 'train').length;
      return r.comm === null || cavs === 0 || episodes === 0 ? 0 : total / (cavs * episodes);
    };
    const samplesPerCav = meanStd(members.map((r) => perCav(r, commTotal(r, 'samples'))));
    const kbPerCav = meanStd(members.map((r) => perCav(r, commTotal(r, 'bytes') / 1024)));
    rows.push([
      group, scenario, `${fmt(samplesPerCav.mean, 1)} ± ${fmt(samplesPerCav.std, 1)}`, `${fmt(kbPerCav.mean, 1)} ± ${fmt(kbPerCav.std, 1)}`,
      `${fmt(megabytes.mean, 1)} ± ${fmt(megabytes.std, 1)}`, count(samples.mean), String(members.length),
    ]);
  }
  return {
    title, rows, columns: ['Setting', 'Scenario', 'Samples per CAV per episode', 'KB per CAV per episode', 'Communication overhead (MB per run)', 'Samples exchanged', 'Seeds'],
    note: 'Samples per CAV per episode: the unit derived from the paper\'s text (Table 3 prints none; each CAV sends its H-length dataset of ⟨s, a, r, s\'⟩ samples to the CAVs in range at each episode\'s end), over the CAVs that exchanged and the training episodes. KB (2^10 bytes) per CAV per episode and MB (2^20 bytes) per run from comm.csv bytes. Mean ± std over seeds; 0 for runs that never communicated.',
  };
}

export function tableCsv(table: Table): string {
  return stringify([...table.rows.map((r) => [...r])], { header: true, columns: [...table.columns] });
}

export function tableMarkdown(table: Table): string {
  const line = (cells: readonly string[]): string => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [`**${table.title}**`, '', line(table.columns), line(table.columns.map(() => '---')), ...table.rows.map(line), '', table.note, ''].join('\n');
}
