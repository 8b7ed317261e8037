// A registry figure from a results folder: figures as PNG/SVG, tables as CSV + Markdown, written under
// `<results>/figures/` with the figure id's "/" turned into "_" (rsm-masac/fig5 → rsm-masac_fig5.png).
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { CavlabUsageError } from '../errors.js';
import { commTotal, curveStats, finalValue, groupRuns, meanStd, perEpoch, phaseRows, pickMetric } from './aggregate.js';
import type { CurvePointStat } from './aggregate.js';
import { FIGURE_IDS, FIGURES } from './figures.js';
import type { FigureSpec, PhaseChoice, PrConsensusFigure, PrPolicyAgentsFigure, PrReturnsFigure } from './figures.js';
import { captionLines, reproductionDoc, titlePrefix } from './captions.js';
import { consensusAgentsPoints, findResultFile, policyAgentsPoints, returnPanelsPoints } from './pr-figures.js';
import { writeFigure } from './render.js';
import type { FigureFormat } from './render.js';
import { num, readCsv, readResults } from './results.js';
import { DIGITAL_EPISODES_FILE } from '../tabular/csv-sink.js';
import type { RunResults } from './results.js';
import { curveSpec, finalSpec, isPartial } from './stat-specs.js';
import { boxplotSpec } from './boxplot.js';
import { commHeatmapSpec, pairTotals } from './comm-heatmap.js';
import { testWindowBoxes } from './test-window.js';
import { paperTable5, withSettings } from './table5.js';
import { COMM_MATRIX_FILE } from '../metrics/comm-matrix.js';
import { overheadTable, rsmTable, tableCsv, tableMarkdown } from './tables.js';

export const FIGURES_DIR = 'figures';

/** The unknown figure id, with the ids there are. */
export class UnknownFigureError extends CavlabUsageError {
  constructor(readonly id: string) {
    super(`unknown figure "${id}" (known: ${FIGURE_IDS.join(', ')})`);
  }
}

export function figureSpec(id: string): FigureSpec {
  const spec = FIGURES.find((f) => f.id === id);
  if (spec === undefined) throw new UnknownFigureError(id);
  return spec;
}

/** A group's legend entry: its algorithm id replaced by the paper's name when `names` has one ("svmix (k=v)" → "SVMIX (k=v)"). */
export function legendName(group: string, names: Readonly<Record<string, string>> | undefined): string {
  const cut = group.indexOf(' (');
  const algo = cut < 0 ? group : group.slice(0, cut);
  const name = names?.[algo];
  return name === undefined ? group : name + group.slice(algo.length);
}

export function figureBaseName(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]+/g, '_');
}

function seedsNote(runs: readonly RunResults[], points: readonly CurvePointStat[] = []): string {
  const counts = [...groupRuns(runs).values()].map((g) => g.runs.length);
  const lo = Math.min(...counts);
  const hi = Math.max(...counts);
  const note = `mean ± std over ${lo === hi ? lo : `${lo}–${hi}`} seed${hi > 1 ? 's' : ''}`;
  return points.some(isPartial) ? `${note}; hollow points: only the seeds that have reached that episode` : note;
}

async function writeText(file: string, text: string): Promise<string> {
  const temp = `${file}.tmp-${process.pid}`;
  await writeFile(temp, text);
  await rename(temp, file);
  return file;
}

/** Draws `spec` from the runs under `root`; returns the files written. */
export async function drawFigure(spec: FigureSpec, root: string, format: FigureFormat, outDir: string = join(root, FIGURES_DIR)): Promise<string[]> {
  if (spec.kind === 'digital') {
    const points = await digitalCurves(root, spec.metric);
    await mkdir(outDir, { recursive: true });
    const seeds = Math.max(...points.map((p) => p.n));
    const doc = reproductionDoc(spec.id);
    const titles = { title: spec.title, subtitle: [`${spec.metric.replace(/_/g, ' ')} · mean ± std over ${seeds} seed${seeds > 1 ? 's' : ''}`, ...(doc ? [`paper vs cavlab: ${doc}`] : [])], xTitle: 'Episode', yTitle: spec.yTitle };
    return [await writeFigure(curveSpec(points, titles), `${join(outDir, figureBaseName(spec.id))}.${format}`, format)];
  }
  if (spec.kind === 'pr-policy-agents' || spec.kind === 'pr-consensus' || spec.kind === 'pr-returns') return [await drawPrFigure(spec, root, format, outDir)];
  if (spec.kind === 'paper-table5') {
    // Every paper row is listed even without runs ("pending"), so an empty folder is fine here.
    await mkdir(outDir, { recursive: true });
    const table = paperTable5(await withSettings(await readResults(root)), spec.title, spec.lastEpochs);
    const base = join(outDir, figureBaseName(spec.id));
    return [await writeText(`${base}.csv`, tableCsv(table)), await writeText(`${base}.md`, tableMarkdown(table))];
  }
  const runs = await readResults(root);
  if (runs.length === 0) throw new CavlabUsageError(`no runs (episodes.csv) under ${root}`);
  await mkdir(outDir, { recursive: true });
  const base = join(outDir, figureBaseName(spec.id));
  switch (spec.kind) {
    case 'curve': {
      const metric = pickMetric(runs, spec.metrics, spec.id);
      const points = curveStats(runs, (run) => perEpoch(phaseRows(run, spec.phase), (r) => num(r[metric]))).map((p) => ({ ...p, group: legendName(p.group, spec.legend) }));
      const subtitle = [`${metric === 'return' ? 'episode return' : metric.replace(/_/g, ' ')} · ${seedsNote(runs, points)}`, ...caption(spec, root, runs)];
      return [await writeFigure(curveSpec(points, { title: titlePrefix(root) + spec.title, subtitle, xTitle: spec.xTitle, yTitle: spec.yTitle }), `${base}.${format}`, format)];
    }
    case 'mixing-rate': {
      const communicating = runs.filter((r) => r.comm !== null && commTotal(r, 'replicas') > 0);
      if (communicating.length === 0) throw new CavlabUsageError(`figure ${spec.id}: no run under ${root} has comm.csv rows with replicas`);
      const points = curveStats(communicating, (run) => mixingRateByEpoch(run));
      const subtitle = [`ρ_r = mixed / reconstructed replicas per epoch · ${seedsNote(communicating, points)}`, ...caption(spec, root, communicating)];
      return [await writeFigure(curveSpec(points, { title: titlePrefix(root) + spec.title, subtitle, xTitle: spec.xTitle, yTitle: spec.yTitle }), `${base}.${format}`, format)];
    }
    case 'final': {
      const metric = pickMetric(runs, spec.metrics, spec.id);
      const points: CurvePointStat[] = [...groupRuns(runs).values()].map(({ scenario, group, runs: members }) => ({
        group, scenario, epoch: 0, ...meanStd(members.map((r) => finalValue(r, metric, spec.phase, spec.lastEpochs))),
      }));
      const subtitle = [`${metric.replace(/_/g, ' ')} · ${seedsNote(runs)}`, ...caption(spec, root, runs)];
      return [await writeFigure(finalSpec(points, { title: titlePrefix(root) + spec.title, subtitle, xTitle: spec.xTitle, yTitle: spec.yTitle }), `${base}.${format}`, format)];
    }
    case 'comm-heatmap': {
      const files: string[] = [];
      for (const run of runs) {
        const file = join(run.dir, COMM_MATRIX_FILE);
        if (!existsSync(file)) continue;
        const cells = pairTotals((await readCsv(file)).rows, spec.phase);
        const subtitle = [`segments per ordered agent pair, summed over the ${spec.phase === 'train' ? 'training' : 'evaluation'} episodes of run ${run.id}`, ...caption(spec, root, [run])];
        const titles = { title: titlePrefix(root) + spec.title, subtitle, xTitle: spec.xTitle, yTitle: spec.yTitle };
        files.push(await writeFigure(commHeatmapSpec(cells, titles), `${base}__${figureBaseName(run.id)}.${format}`, format));
      }
      if (files.length === 0) throw new CavlabUsageError(`figure ${spec.id}: no run under ${root} has a ${COMM_MATRIX_FILE}`);
      return files;
    }
    case 'boxplot': {
      const metric = pickMetric(runs, spec.metrics, spec.id);
      const { boxes, fallback, xTitle } = testWindowBoxes(runs, metric, spec);
      const window = `one value per test epoch ${spec.fromEpoch}–${spec.toEpoch} (mean over seeds) · median, quartiles, whiskers 1.5 IQR, outliers`;
      const subtitle = [`${metric.replace(/_/g, ' ')} · ${window}`, ...(fallback.length > 0 ? [`no test in the window, last ${spec.fallbackTests} tests used: ${fallback.join(', ')}`] : []), ...caption(spec, root, runs)];
      return [await writeFigure(boxplotSpec(boxes, { title: titlePrefix(root) + spec.title, subtitle, xTitle, yTitle: spec.yTitle }), `${base}.${format}`, format)];
    }
    case 'rsm-table':
    case 'overhead-table': {
      const table = spec.kind === 'rsm-table' ? rsmTable(runs, spec.title, spec.lastEpochs) : overheadTable(runs, spec.title);
      return [await writeText(`${base}.csv`, tableCsv(table)), await writeText(`${base}.md`, tableMarkdown(table))];
    }
  }
}

/** Which episodes a figure's values come from, in words. */
function phaseText(phase: PhaseChoice, runs: readonly RunResults[]): string {
  if (phase !== 'auto') return phase === 'eval' ? 'evaluation' : 'training';
  const withEval = runs.filter((r) => r.episodes.some((row) => row['phase'] === 'eval')).length;
  return withEval === runs.length ? 'evaluation' : withEval === 0 ? 'training' : 'evaluation (training where a run has none)';
}

/** The caption lines of a figure drawn from `runs` (captions.ts). */
function caption(spec: FigureSpec, root: string, runs: readonly RunResults[]): string[] {
  const phase = 'phase' in spec ? spec.phase : spec.kind === 'boxplot' ? 'eval' : 'train';
  return captionLines({ figureId: spec.id, root, scenarios: [...new Set(runs.map((r) => r.scenario))], phase: phaseText(phase, runs), groups: [...groupRuns(runs).values()].map((g) => g.group) });
}

/** PR Fig. 2-upper, 3 and 4 (src/plot/pr-figures.ts). */
async function drawPrFigure(spec: PrPolicyAgentsFigure | PrConsensusFigure | PrReturnsFigure, root: string, format: FigureFormat, outDir: string): Promise<string> {
  const file = `${join(outDir, figureBaseName(spec.id))}.${format}`;
  await mkdir(outDir, { recursive: true });
  if (spec.kind === 'pr-returns') {
    const points = await returnPanelsPoints(root, spec.kappa);
    const seeds = Math.max(...points.map((p) => p.n));
    return writeFigure(curveSpec(points, { title: spec.title, subtitle: `IQL vs IQL+PR (κ = ${spec.kappa}) · mean ± std over ${seeds} seeds`, xTitle: 'Episode', yTitle: 'Average return' }), file, format);
  }
  if (spec.kind === 'pr-policy-agents') {
    const { points, seed, episode } = await policyAgentsPoints(root, spec.kappa, spec.states, 0);
    const agents = Math.max(...points.map((p) => p.epoch)) - 1;
    const subtitle = `π_i(a = 0 | s), seed ${seed}, after episode ${episode + 1}; x = agent 1…${agents}, ${agents + 1} = average policy`;
    return writeFigure(curveSpec(points, { title: spec.title, subtitle, xTitle: 'Agent', yTitle: 'Policy probability' }), file, format);
  }
  const { points, seed, episode } = await consensusAgentsPoints(root, spec.agents, 0);
  return writeFigure(curveSpec(points, { title: spec.title, subtitle: `π_i(a = 0 | s), IQL+PR κ = 1, seed ${seed}, after episode ${episode + 1}`, xTitle: 'State', yTitle: 'Policy probability' }), file, format);
}

/** ρ_r per training epoch of one run: Σ mixed / Σ replicas over its comm.csv rows. */
function mixingRateByEpoch(run: RunResults): Map<number, number> {
  const sums = new Map<number, { mixed: number; replicas: number }>();
  for (const row of run.comm ?? []) {
    const epoch = num(row['epoch']);
    const s = sums.get(epoch) ?? { mixed: 0, replicas: 0 };
    sums.set(epoch, { mixed: s.mixed + num(row['mixed']), replicas: s.replicas + num(row['replicas']) });
  }
  return new Map([...sums].filter(([, s]) => s.replicas > 0).map(([epoch, s]) => [epoch, s.mixed / s.replicas]));
}

/** At most this many episodes per line (every k-th one): 500 points per line would hide the bands. */
const DIGITAL_POINTS = 100;

/** Mean ± std over seeds of `metric` per episode, grouped by algorithm and κ, from `<root>/digital-episodes.csv`. */
async function digitalCurves(root: string, metric: string): Promise<CurvePointStat[]> {
  const file = findResultFile(root, DIGITAL_EPISODES_FILE) ?? join(root, DIGITAL_EPISODES_FILE);
  const { columns, rows } = await readCsv(file).catch(() => {
    throw new CavlabUsageError(`${file} does not exist (run: cavlab run experiments/pr/digital.json)`);
  });
  if (!columns.includes(metric)) throw new CavlabUsageError(`${file}: no column "${metric}"`);
  const byKey = new Map<string, { group: string; episode: number; values: number[] }>();
  let episodes = 0;
  for (const row of rows) {
    const kappa = row['kappa'] ?? '';
    const group = kappa === '' ? (row['algorithm'] ?? '') : `${row['algorithm'] ?? ''} (κ = ${kappa})`;
    const episode = num(row['episode']);
    episodes = Math.max(episodes, episode + 1);
    const key = `${group}|${episode}`;
    const entry = byKey.get(key) ?? { group, episode, values: [] };
    entry.values.push(num(row[metric]));
    byKey.set(key, entry);
  }
  const every = Math.max(1, Math.ceil(episodes / DIGITAL_POINTS));
  return [...byKey.values()]
    .filter((e) => e.episode % every === 0 || e.episode === episodes - 1)
    .map((e) => ({ group: e.group, scenario: 'digital', epoch: e.episode, ...meanStd(e.values) }));
}
