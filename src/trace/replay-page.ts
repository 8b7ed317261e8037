// `cavlab trace view`: a trace (and, with a scenario, its net's lanes) as ONE self-contained HTML file — the data
// (replay-data.ts) and the script (replay-client.ts) inlined, nothing fetched — that animates the vehicles on a
// canvas. Written atomically (temp file + rename).
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { knownFunctions } from '../env/functions.js';
import { CavlabUsageError } from '../errors.js';
import { resolveSumoFiles } from '../scenarios/sumo-files.js';
import { loadScenario } from '../scenarios/sumo-options.js';
import { laneShapes } from './lane-shapes.js';
import type { LaneShape } from './lane-shapes.js';
import { traceLines } from './read.js';
import type { TraceLine } from './record.js';
import { REPLAY_CLIENT } from './replay-client.js';
import { encodeReplay } from './replay-data.js';
import { writeTextAtomic } from './write-text.js';
import type { ReplayData } from './replay-data.js';

const STYLE = [
  'html,body{margin:0;height:100%;overflow:hidden;font:13px system-ui,sans-serif;background:#fff;color:#222}',
  '#bar{display:flex;gap:10px;align-items:center;padding:6px 10px;border-bottom:1px solid #ddd;white-space:nowrap}',
  '#slider{flex:1;min-width:120px}',
  '#tip{position:absolute;display:none;pointer-events:none;background:rgba(0,0,0,.8);color:#fff;padding:3px 6px;border-radius:3px}',
  '.key{display:inline-block;width:10px;height:10px;margin:0 3px 0 8px;vertical-align:middle}',
  'canvas{display:block}',
].join('\n');

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The page for `data`; `title` names what is replayed. */
export function replayHtml(data: ReplayData, title: string): string {
  // JSON inside <script>: "<" escaped so no "</script>" can end the element early.
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  const speeds = [0.25, 0.5, 1, 2, 4, 8].map((s) => `<option value="${s}"${s === 1 ? ' selected' : ''}>${s}×</option>`).join('');
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<link rel="icon" href="data:,">',
    `<title>cavlab replay — ${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    '<div id="bar"><button id="play">Play</button>',
    `<label>speed <select id="speed">${speeds}</select></label>`,
    '<input id="slider" type="range" min="0" max="0" step="1" value="0"><span id="clock"></span>',
    '<span><span class="key" style="background:#d62728"></span>learner<span class="key" style="background:#1f77b4"></span>human',
    '<span class="key" style="border:2px solid #ff7f0e;border-radius:50%;width:7px;height:7px"></span>collision</span>',
    `<span title="${escapeHtml(title)}">${escapeHtml(title)}</span></div>`,
    '<canvas id="view"></canvas><div id="tip"></div>',
    `<script id="replay-data" type="application/json">${json}</script>`,
    `<script>${REPLAY_CLIENT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}

export interface ViewOptions {
  readonly trace: string;
  /** A registered scenario name or folder whose net is drawn; absent: vehicles only. */
  readonly scenario?: string;
  readonly out: string;
}

export interface ViewResult {
  readonly out: string;
  readonly frames: number;
  readonly vehicles: number;
  readonly bytes: number;
}

async function netLanes(scenario: string): Promise<LaneShape[]> {
  const loaded = await loadScenario(scenario, knownFunctions());
  const net = resolveSumoFiles(loaded.dir, loaded.manifest.sumo).net;
  if (net === null) throw new CavlabUsageError(`${loaded.dir}: the scenario names no net file to draw`);
  return laneShapes(await readFile(net, 'utf8'));
}

/** Reads the trace (and the scenario's net), writes the page; returns what it holds. */
export async function writeReplayPage(options: ViewOptions): Promise<ViewResult> {
  const lanes = options.scenario === undefined ? [] : await netLanes(options.scenario);
  const lines: TraceLine[] = [];
  for await (const line of traceLines(options.trace)) lines.push(line);
  if (lines.length === 0) throw new CavlabUsageError(`${options.trace}: the trace has no steps`);
  const data = encodeReplay(lines, lanes);
  const html = replayHtml(data, `${basename(options.trace)}${options.scenario === undefined ? '' : ` on ${basename(options.scenario)}`}`);
  await writeTextAtomic(options.out, html);
  return { out: options.out, frames: data.times.length, vehicles: data.ids.length, bytes: Buffer.byteLength(html) };
}
