// RSM-MASAC Table V ("results of average reward and communication efficiency under Merge") row for row: the paper's
// 12 rows with their printed numbers next to what cavlab's Merge runs of the same method and setting (U, P, κ) give,
// "pending" where no such run exists. The paper's rows are data (PAPER_TABLE5); matching and arithmetic are pure.
//
// Decision (reading the table): the extracted text of Table V is garbled — the U/P/κ cells are merged and scattered,
// and the method sub-labels alternate "MAPPO"/"MASAC" on every row. The numbers of each row are unambiguous. The
// reading below follows them: ρ_total scales with the rounds (U, and PPO's ~18× fewer updates: Avg-MAPPO 1,626 vs
// Avg-MASAC 29,270 at the same setting) and with κ, and not with P; ψ = ρ_total · 32 · 68,098 / (8 · 1024³) holds on
// every row. So rows 5–12 cannot be MAPPO runs (30,000–41,000 replicas at U = 8 is MASAC's scale): row 3 is RSM-MAPPO
// at Table IV's setting, rows 4–6 vary κ (ρ_total ≈ κ · 10,000), rows 7–10 vary P at κ = 3 (ρ_total ≈ 30,000), rows
// 11–12 are U = 72 and 144 (Fig. 12; ρ_total falls ~13× and ~25×). Which P and κ values are where is read from the
// stray cells in order (κ 1, 5, 7; P 6, 3, 1, 4); the printed label is kept in `printed`.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { psiGigabytes } from '../comm/channel.js';
import { commTotal, finalValue, meanStd } from './aggregate.js';
import type { RunResults } from './results.js';
import { REWARD_PER_STEP } from './results.js';
import type { Table } from './tables.js';

/** The communication setting of a row or a run (null: not part of the method, e.g. P and κ of Avg). */
export interface CommSetting {
  /** U, communication interval in local policy updates (config `updatesPerRound`). */
  readonly updatesPerRound: number;
  /** P (config `segments`). */
  readonly segments: number | null;
  /** κ (config `replicas`). */
  readonly replicas: number | null;
}

export interface PaperTable5Row {
  /** The method sub-label as the extracted text prints it on this row. */
  readonly printed: string;
  /** cavlab's controller id for the row (see the reading above). */
  readonly algo: 'avg-mappo' | 'avg-masac' | 'rsm-mappo' | 'rsm-masac';
  readonly setting: CommSetting;
  /** Average reward of the last five tests, mean ± std over 5 simulations (as printed). */
  readonly reward: string;
  readonly rhoTotal: number;
  readonly psiGb: number;
  readonly rhoEf: number;
  /** ρ_r in %. */
  readonly rhoR: number;
}

const s = (updatesPerRound: number, segments: number | null, replicas: number | null): CommSetting => ({ updatesPerRound, segments, replicas });

export const PAPER_TABLE5: readonly PaperTable5Row[] = [
  { printed: 'Avg-MAPPO', algo: 'avg-mappo', setting: s(8, null, null), reward: '0.5351 ± 0.0031', rhoTotal: 1626, psiGb: 0.412, rhoEf: 1626, rhoR: 100 },
  { printed: 'Avg-MASAC', algo: 'avg-masac', setting: s(8, null, null), reward: '0.4818 ± 0.0161', rhoTotal: 29270, psiGb: 7.425, rhoEf: 29270, rhoR: 100 },
  { printed: 'MAPPO', algo: 'rsm-mappo', setting: s(8, 4, 3), reward: '0.6528 ± 0.0199', rhoTotal: 1546, psiGb: 0.392, rhoEf: 711, rhoR: 45.99 },
  { printed: 'MASAC', algo: 'rsm-masac', setting: s(8, 4, 1), reward: '0.6538 ± 0.0250', rhoTotal: 10223, psiGb: 2.593, rhoEf: 5213, rhoR: 50.99 },
  { printed: 'MAPPO', algo: 'rsm-masac', setting: s(8, 4, 5), reward: '0.6636 ± 0.0115', rhoTotal: 41333, psiGb: 10.486, rhoEf: 20410, rhoR: 49.38 },
  { printed: 'MASAC', algo: 'rsm-masac', setting: s(8, 4, 7), reward: '0.6574 ± 0.0156', rhoTotal: 38120, psiGb: 9.670, rhoEf: 19722, rhoR: 51.74 },
  { printed: 'MAPPO', algo: 'rsm-masac', setting: s(8, 6, 3), reward: '0.6614 ± 0.0165', rhoTotal: 30486, psiGb: 7.734, rhoEf: 13827, rhoR: 45.36 },
  { printed: 'MASAC', algo: 'rsm-masac', setting: s(8, 3, 3), reward: '0.6535 ± 0.0253', rhoTotal: 30066, psiGb: 7.627, rhoEf: 12117, rhoR: 40.30 },
  { printed: 'MAPPO', algo: 'rsm-masac', setting: s(8, 1, 3), reward: '0.6206 ± 0.0793', rhoTotal: 29634, psiGb: 7.518, rhoEf: 14549, rhoR: 49.10 },
  { printed: 'MASAC', algo: 'rsm-masac', setting: s(8, 4, 3), reward: '0.6505 ± 0.0282', rhoTotal: 30126, psiGb: 7.643, rhoEf: 13902, rhoR: 46.15 },
  { printed: 'MAPPO', algo: 'rsm-masac', setting: s(72, 4, 3), reward: '0.6712 ± 0.0282', rhoTotal: 2351, psiGb: 0.596, rhoEf: 1357, rhoR: 57.72 },
  { printed: 'MASAC', algo: 'rsm-masac', setting: s(144, 4, 3), reward: '0.6576 ± 0.0269', rhoTotal: 1227, psiGb: 0.311, rhoEf: 708, rhoR: 57.70 },
];

/** A run with the setting its manifest records (null where the controller has no such field). */
export interface SettingRun {
  readonly run: RunResults;
  readonly setting: { readonly updatesPerRound: number | null; readonly segments: number | null; readonly replicas: number | null };
}

/** Table IV's setting, for runs whose manifest lacks a field. */
const TABLE_IV: CommSetting = s(8, 4, 3);

function matches(row: PaperTable5Row, candidate: SettingRun): boolean {
  if (candidate.run.algo !== row.algo || candidate.run.scenario !== 'merge') return false;
  const fields = ['updatesPerRound', 'segments', 'replicas'] as const;
  return fields.every((f) => row.setting[f] === null || (candidate.setting[f] ?? TABLE_IV[f]) === row.setting[f]);
}

const fmt = (v: number, digits: number): string => (Number.isFinite(v) ? v.toFixed(digits) : '—');
const count = (v: number): string => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '—');
const setting = (v: number | null): string => (v === null ? '—' : String(v));

/** The 12 rows: paper value / cavlab value per column, "pending" where no matching Merge run exists. */
export function paperTable5(runs: readonly SettingRun[], title = 'RSM-MASAC Table V under Merge: paper / cavlab', lastTests = 5): Table {
  const rows = PAPER_TABLE5.map((row, i) => {
    const members = runs.filter((r) => matches(row, r)).map((r) => r.run);
    const number = String(i + 1);
    const head = [number, `${row.algo} (printed: ${row.printed})`, String(row.setting.updatesPerRound), setting(row.setting.segments), setting(row.setting.replicas)];
    const paperPsi = row.psiGb.toFixed(3);
    if (members.length === 0) {
      return [...head, `${row.reward} / pending`, `${count(row.rhoTotal)} / pending`, `${paperPsi} / pending`, `${count(row.rhoEf)} / pending`, `${row.rhoR.toFixed(2)}% / pending`, '0'];
    }
    const reward = meanStd(members.map((r) => finalValue(r, REWARD_PER_STEP, 'auto', lastTests)));
    const total = meanStd(members.map((r) => commTotal(r, 'replicas'))).mean;
    const effective = meanStd(members.map((r) => commTotal(r, 'mixed'))).mean;
    const params = members.find((r) => r.policyParameters !== null)?.policyParameters ?? Number.NaN;
    const rate = total > 0 ? `${((100 * effective) / total).toFixed(2)}%` : '—';
    return [
      ...head, `${row.reward} / ${fmt(reward.mean, 4)} ± ${fmt(reward.std, 4)}`, `${count(row.rhoTotal)} / ${count(total)}`,
      `${paperPsi} / ${fmt(psiGigabytes(total, params), 3)}`, `${count(row.rhoEf)} / ${count(effective)}`, `${row.rhoR.toFixed(2)}% / ${rate}`, String(members.length),
    ];
  });
  return {
    title, rows,
    columns: ['#', 'Method', 'U', 'P', 'κ', 'Average reward', 'ρ_total', 'ψ (GB)', 'ρ_ef', 'ρ_r', 'cavlab seeds'],
    note: `Each cell: the paper's value / cavlab's. Average reward: Σr/T of a test, mean of the last ${lastTests} tests per run, mean ± std over seeds (paper: over 5 simulations). ρ_total / ρ_ef: replicas reconstructed / mixed in over a run (comm.csv), mean over seeds; ψ = ρ_total·32·params/(8·1024³). Rows: the paper's order; method and (U, P, κ) as cavlab reads the garbled extracted table (src/plot/table5.ts), the printed sub-label in brackets. "pending": no Merge run of that method and setting.`,
  };
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The runs with their U, P, κ from manifest.json (config.algoConfig); null fields where the manifest has none. */
export async function withSettings(runs: readonly RunResults[]): Promise<SettingRun[]> {
  return Promise.all(runs.map(async (run) => {
    const text = await readFile(join(run.dir, 'manifest.json'), 'utf8').catch(() => '');
    let algoConfig: Record<string, unknown> = {};
    try {
      const manifest: unknown = text === '' ? null : JSON.parse(text);
      if (typeof manifest === 'object' && manifest !== null && 'config' in manifest && typeof manifest.config === 'object' && manifest.config !== null && 'algoConfig' in manifest.config) {
        const found: unknown = manifest.config.algoConfig;
        if (typeof found === 'object' && found !== null) algoConfig = Object.fromEntries(Object.entries(found));
      }
    } catch {
      algoConfig = {};
    }
    return { run, setting: { updatesPerRound: numberOrNull(algoConfig['updatesPerRound']), segments: numberOrNull(algoConfig['segments']), replicas: numberOrNull(algoConfig['replicas']) } };
  }));
}
