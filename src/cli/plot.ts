// `cavlab plot <results dir>`: learning curves of the runs under a folder (a run, an experiment or results/).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { CavlabUsageError } from '../errors.js';
import { findEpisodeFiles, learningCurveFigure, readCurves } from '../plot/learning-curve.js';
import { writeFigure } from '../plot/render.js';
import type { FigureFormat } from '../plot/render.js';

interface PlotArgs { dir: string; out?: string; metric: string; format: FigureFormat; title?: string }

export const plotCommand: CommandModule<object, PlotArgs> = {
  command: 'plot <dir>',
  describe: 'Learning curves (episodes.csv) of the runs under a results folder, as PNG or SVG',
  builder: (y: Argv) =>
    y.positional('dir', { type: 'string', demandOption: true, describe: 'A run folder, an experiment folder or results/' })
      .option('out', { type: 'string', describe: 'Figure file (default <dir>/<metric>.<format>)' })
      .option('metric', { type: 'string', default: 'return', describe: 'Column of episodes.csv to plot' })
      .option('format', { choices: ['png', 'svg'] as const, default: 'png' as const })
      .option('title', { type: 'string', describe: 'Figure title' }) as unknown as Argv<PlotArgs>,
  handler: async (args) => {
    const dir = resolve(args.dir);
    if (!existsSync(dir)) throw new CavlabUsageError(`${args.dir} does not exist`);
    const files = await findEpisodeFiles(dir);
    if (files.length === 0) throw new CavlabUsageError(`no episodes.csv under ${dir}`);
    const points = await readCurves(files, args.metric);
    const out = args.out ?? join(dir, `${args.metric}.${args.format}`);
    const title = args.title ?? `${args.metric.replace(/_/g, ' ')} per epoch`;
    process.stdout.write(`${await writeFigure(learningCurveFigure(points, args.metric, title), out, args.format)}\n`);
  },
};
