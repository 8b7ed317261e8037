// Figures: a vega-lite spec → vega → SVG → PNG (resvg) with the bundled DejaVu Sans, so text renders the
// same on every machine (resvg draws no text without a font it can find).
import { writeFile, mkdir, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { View, parse } from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { PACKAGE_ROOT } from '../paths.js';

export const FONT_FILE = join(PACKAGE_ROOT, 'assets', 'fonts', 'DejaVuSans.ttf');
const FONT_FAMILY = 'DejaVu Sans';

export type FigureFormat = 'svg' | 'png';

/** Renders a vega-lite spec to SVG text. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const withFont: TopLevelSpec = {
    ...spec,
    config: { font: FONT_FAMILY, background: 'white', ...(spec.config ?? {}) },
  } as TopLevelSpec;
  const view = new View(parse(compile(withFont).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Rasterises SVG text with the bundled font; `scale` 2 gives print-quality figures. */
export function svgToPng(svg: string, scale = 2): Buffer {
  const resvg = new Resvg(svg, {
    font: { fontFiles: [FONT_FILE], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
  });
  return resvg.render().asPng();
}

/** Writes the figure (atomically: temp file + rename) and returns its path. */
export async function writeFigure(spec: TopLevelSpec, file: string, format: FigureFormat = 'png'): Promise<string> {
  const svg = await renderSvg(spec);
  const bytes = format === 'svg' ? Buffer.from(svg, 'utf8') : svgToPng(svg);
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.tmp-${process.pid}`;
  await writeFile(temp, bytes);
  await rename(temp, file);
  return file;
}
