// `cavlab plot <results dir|experiment>`: without --figure on a folder, the learning curves of the runs under it
// (as before); with an experiment (file or name), every figure and table it lists, from its results folder;
// `--figure id` draws one registry figure (src/plot/figures.ts) from either.
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { CavlabUsageError } from '../errors.js';
import { pickBudget } from '../experiments/budgets.js';
import { loadSweepFile } from '../experiments/load.js';
import { BUDGETS } from '../experiments/schema.js';
import type { Budget } from '../experiments/schema.js';
import { drawFigure, figureSpec } from '../plot/draw-figure.js';
import { learningCurveFigure, readCurves } from '../plot/learning-curve.js';
import { isSmoke, titlePrefix } from '../plot/captions.js';
import { findEpisodeFiles, parseRunId } from '../plot/results.js';
import { writeFigure } from '../plot/render.js';
import { watchFigures } from '../plot/watch.js';
import type { FigureFormat } from '../plot/render.js';
import { RUN_DEFAULTS } from '../runner/config.js';
import { typedCommand } from './typed-command.js';

interface PlotArgs { target: string; out?: string; metric: string; format: FigureFormat; title?: string; figure?: string; budget?: Budget; results: string; watch: boolean }

/** The old behaviour: one learning curve of `metric` with every run as its own line. */
async function plainCurves(dir: string, args: PlotArgs): Promise<string> {
  const files = await findEpisodeFiles(dir);
  if (files.length === 0) throw new CavlabUsageError(`no episodes.csv under ${dir}`);
  const points = await readCurves(files, args.metric);
  const out = args.out ?? join(dir, `${args.metric}.${args.format}`);
  const scenarios = [...new Set(files.map((f) => parseRunId(basename(dirname(f))).scenario).filter((s) => s !== ''))];
  const title = args.title ?? `${titlePrefix(dir)}${args.metric.replace(/_/g, ' ')} per epoch${scenarios.length > 0 ? ` — ${scenarios.join(', ')}` : ''}`;
  return writeFigure(learningCurveFigure(points, args.metric, title, [`${basename(dir)}${isSmoke(dir) ? ' · smoke budget: a pipeline check, not a result' : ''}`]), out, args.format);
}

export const plotCommand = typedCommand<PlotArgs>()({
  command: 'plot <target>',
  describe: 'Figures and tables: learning curves of a results folder, or an experiment\'s paper figures',
  builder: (y: Argv) =>
    y.positional('target', { type: 'string', demandOption: true, describe: 'A run/experiment results folder, or an experiment file or name' })
      .option('figure', { type: 'string', describe: 'One registry figure id (e.g. rsm-masac/fig6); default: the experiment\'s figures' })
      .option('format', { choices: ['png', 'svg'] as const, default: 'png' as const })
      .option('budget', { choices: BUDGETS, describe: 'Which budget\'s results of an experiment (default: the one that has results, paper first)' })
      .option('results', { type: 'string', default: RUN_DEFAULTS.out, describe: 'Results root of an experiment' })
      .option('out', { type: 'string', describe: 'Folder-mode curve file (default <dir>/<metric>.<format>); with figures: their folder (default <results>/figures)' })
      .option('metric', { type: 'string', default: 'return', describe: 'Folder mode: column of episodes.csv to plot' })
      .option('title', { type: 'string', describe: 'Folder mode: figure title' })
      .option('watch', { type: 'boolean', default: false, describe: 'Redraw whenever new episode rows land, until Ctrl-C (one line per redraw; read-only)' }),
  handler: async (args) => {
    // An unknown id is reported before anything is read.
    const chosen = args.figure !== undefined ? figureSpec(args.figure) : undefined;
    const asDir = resolve(args.target);
    let dir: string;
    let figures: string[];
    if (existsSync(asDir) && statSync(asDir).isDirectory()) {
      if (chosen === undefined) {
        if (args.watch) return watchUntilInterrupted(asDir, async () => [await plainCurves(asDir, args)]);
        process.stdout.write(`${await plainCurves(asDir, args)}\n`);
        return;
      }
      dir = asDir;
      figures = [chosen.id];
    } else {
      const { sweep } = await loadSweepFile(args.target);
      const picked = pickBudget(sweep, args.results, args.target, args.budget);
      if (picked.guessed) process.stderr.write(`plotting the ${picked.budget} budget's results (${picked.dir}); --budget chooses\n`);
      dir = picked.dir;
      figures = chosen ? [chosen.id] : sweep.figures.length > 0 ? sweep.figures : ['learning-curve'];
    }
    const draw = async (): Promise<string[]> => {
      const written: string[] = [];
      for (const id of figures) written.push(...await drawFigure(figureSpec(id), dir, args.format, args.out ? resolve(args.out) : undefined));
      return written;
    };
    if (args.watch) return watchUntilInterrupted(dir, draw);
    for (const file of await draw()) process.stdout.write(`${file}\n`);
  },
});

/** `--watch`: redraws as rows land until SIGINT/SIGTERM (exit 0: stopping is how watching ends). */
async function watchUntilInterrupted(dir: string, redraw: () => Promise<readonly string[]>): Promise<void> {
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.stderr.write(`watching ${dir} for new episode rows (Ctrl-C stops)\n`);
  try {
    const redraws = await watchFigures({ files: () => findEpisodeFiles(dir), redraw, report: (line) => void process.stdout.write(`${line}\n`), signal: stop.signal });
    process.stderr.write(`stopped watching after ${redraws} redraw${redraws === 1 ? '' : 's'}\n`);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
