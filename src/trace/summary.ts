// Per-step summary of a recorded trace (mean/min speed, vehicle count) as CSV rows and a figure.
import { writeFile, mkdir, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { TopLevelSpec } from 'vega-lite';
import { traceLines } from './read.js';

export const TRACE_SUMMARY_COLUMNS = ['step', 'time_s', 'vehicles', 'mean_speed_mps', 'min_speed_mps'] as const;
export type TraceSummaryRow = Record<(typeof TRACE_SUMMARY_COLUMNS)[number], number>;

/** Reads a trace file line by line; a malformed line is a one-line error naming file and line. */
export async function summarizeTrace(file: string): Promise<TraceSummaryRow[]> {
  const rows: TraceSummaryRow[] = [];
  for await (const line of traceLines(file)) {
    const speeds = line.vehicles.map((v) => v.speed);
    rows.push({
      step: line.step,
      time_s: line.time,
      vehicles: speeds.length,
      mean_speed_mps: speeds.length ? speeds.reduce((a, b) => a + b, 0) / speeds.length : 0,
      min_speed_mps: speeds.length ? Math.min(...speeds) : 0,
    });
  }
  return rows;
}

export async function writeSummaryCsv(rows: readonly TraceSummaryRow[], file: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.tmp-${process.pid}`;
  await writeFile(temp, stringify(rows.map((r) => TRACE_SUMMARY_COLUMNS.map((c) => r[c])), { header: true, columns: [...TRACE_SUMMARY_COLUMNS] }));
  await rename(temp, file);
}

/** Mean and minimum speed over time. */
export function speedFigure(rows: readonly TraceSummaryRow[], title: string): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width: 480,
    height: 260,
    data: { values: rows.flatMap((r) => [
      { time: r.time_s, speed: r.mean_speed_mps, series: 'mean speed' },
      { time: r.time_s, speed: r.min_speed_mps, series: 'minimum speed' },
    ]) },
    mark: { type: 'line' },
    encoding: {
      x: { field: 'time', type: 'quantitative', title: 'Simulation time (s)' },
      y: { field: 'speed', type: 'quantitative', title: 'Speed (m/s)' },
      color: { field: 'series', type: 'nominal', title: null },
    },
  };
}
