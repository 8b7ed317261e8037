// The learning curve of one or more runs: episode return against training epoch, training episodes as thin
// lines and evaluations as points, one colour per run (folder name algo__scenario__seedk).
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { CavlabUsageError } from '../errors.js';

export interface CurvePoint {
  readonly run: string;
  readonly epoch: number;
  readonly phase: string;
  readonly value: number;
}

/** Every episodes.csv under `root` (the root itself may be a run folder). */
export async function findEpisodeFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (e.isFile() && e.name === 'episodes.csv') found.push(join(dir, e.name));
      else if (e.isDirectory() && e.name !== 'checkpoints' && depth < 4) await walk(join(dir, e.name), depth + 1);
    }
  };
  await walk(root, 0);
  return found.sort();
}

/** Points of `metric` (a column of episodes.csv) from each file. */
export async function readCurves(files: readonly string[], metric: string): Promise<CurvePoint[]> {
  const points: CurvePoint[] = [];
  for (const file of files) {
    const [header, ...lines] = (await readFile(file, 'utf8')).trimEnd().split('\n');
    const columns = (header ?? '').split(',');
    const at = (name: string): number => columns.indexOf(name);
    if (at(metric) < 0) throw new CavlabUsageError(`${file}: no column "${metric}" (columns: ${columns.join(', ')})`);
    const run = basename(dirname(file));
    for (const line of lines) {
      const cells = line.split(',');
      points.push({ run, epoch: Number(cells[at('epoch')]), phase: cells[at('phase')] ?? '', value: Number(cells[at(metric)]) });
    }
  }
  return points;
}

export function learningCurveFigure(points: readonly CurvePoint[], metric: string, title: string): TopLevelSpec {
  const encoding = {
    x: { field: 'epoch', type: 'quantitative', title: 'Training epoch', axis: { tickMinStep: 1, format: 'd' } },
    y: { field: 'value', type: 'quantitative', title: metric.replace(/_/g, ' '), scale: { zero: false } },
    color: { field: 'run', type: 'nominal', title: null },
  } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: title, subtitle: 'lines: training episodes · points: evaluation episodes' },
    width: 480,
    height: 260,
    data: { values: points.map((p) => ({ ...p })) },
    layer: [
      { transform: [{ filter: "datum.phase === 'train'" }], mark: { type: 'line', strokeWidth: 1.5 }, encoding },
      { transform: [{ filter: "datum.phase === 'eval'" }], mark: { type: 'point', filled: true, size: 50 }, encoding },
    ],
  } as TopLevelSpec;
}
