// Writes the Digital rows through the project's CSV writer (src/metrics/csv.ts): one file per table in `dir`.
import { join } from 'node:path';
import { CsvWriter } from '../metrics/csv.js';
import { DIGITAL_EPISODE_COLUMNS, DIGITAL_POLICY_COLUMNS, GRID_EPISODE_COLUMNS } from './columns.js';
import type { DigitalEpisodeRow, DigitalPolicyRow, GridEpisodeRow } from './columns.js';
import type { GridSink } from './run-grid.js';
import type { DigitalSink } from './run-digital.js';

export const DIGITAL_EPISODES_FILE = 'digital-episodes.csv';
export const DIGITAL_POLICY_FILE = 'digital-policy.csv';
export const GRID_EPISODES_FILE = 'grid-episodes.csv';

export interface DigitalCsvSink extends DigitalSink {
  close(): Promise<void>;
}

/** Opens (or resumes) both CSVs in `dir`, which must exist; rows are flushed and fsynced once per run. */
export async function openDigitalCsvSink(dir: string): Promise<DigitalCsvSink> {
  const episodes = await CsvWriter.open(join(dir, DIGITAL_EPISODES_FILE), DIGITAL_EPISODE_COLUMNS);
  const policy = await CsvWriter.open(join(dir, DIGITAL_POLICY_FILE), DIGITAL_POLICY_COLUMNS);
  return {
    episode(row: DigitalEpisodeRow): void {
      episodes.append(row);
    },
    policy(rows: readonly DigitalPolicyRow[]): void {
      for (const row of rows) policy.append(row);
    },
    async endRun(): Promise<void> {
      await episodes.flush();
      await policy.flush();
    },
    async close(): Promise<void> {
      try {
        await episodes.close();
      } finally {
        await policy.close();
      }
    },
  };
}

/** Opens (or resumes) grid-episodes.csv in `dir`; rows are flushed and fsynced once per run. */
export async function openGridCsvSink(dir: string): Promise<GridSink & { close(): Promise<void> }> {
  const episodes = await CsvWriter.open(join(dir, GRID_EPISODES_FILE), GRID_EPISODE_COLUMNS);
  return {
    episode(row: GridEpisodeRow): void {
      episodes.append(row);
    },
    async endRun(): Promise<void> {
      await episodes.flush();
    },
    close: async (): Promise<void> => episodes.close(),
  };
}
