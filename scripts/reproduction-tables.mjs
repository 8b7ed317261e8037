#!/usr/bin/env node
// Regenerates the tables, small CSVs and PNGs of docs/reproduction/ma-pmbrl.md and policy-reciprocity.md from
// results (one command; run `npm run build` first, the PNGs come from `cavlab plot`):
//
//   node scripts/reproduction-tables.mjs [--results results]
//
// MA-PMBRL: every run folder under <results>/ma-pmbrl-fig3/ has its small files (episodes.csv, comm.csv,
// manifest.json; never checkpoints) copied to docs/reproduction/ma-pmbrl/runs/, and the tables are computed from
// those copies (so they regenerate from the committed CSVs alone). Policy Reciprocity: the summary CSVs are computed
// from <results>/pr/pr-digital/*.csv and <results>/pr/pr-grid/grid-episodes.csv (cheap to rerun; too big to commit).
// Tables are written between `<!-- table:NAME -->` and `<!-- /table:NAME -->` in the documents.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const DOCS = join(ROOT, 'docs', 'reproduction');
const args = process.argv.slice(2);
const at = args.indexOf('--results');
const results = resolve(at >= 0 && args[at + 1] !== undefined ? args[at + 1] : join(ROOT, 'results'));

// ---------- small helpers ----------
function readCsv(file) {
  const [header, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n').filter((l) => l.length > 0);
  const columns = header.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']));
  });
}
const num = (v) => (v === undefined || v === '' ? Number.NaN : Number(v));
function meanStd(values) {
  const xs = values.filter((v) => Number.isFinite(v));
  if (xs.length === 0) return { mean: Number.NaN, std: Number.NaN, n: 0 };
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const std = xs.length > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean, std, n: xs.length };
}
const fmt = (s, digits) => (s.n === 0 ? 'pending' : `${s.mean.toFixed(digits)} ± ${s.std.toFixed(digits)}`);
const mean = (xs) => meanStd(xs).mean;
function markdown(columns, rows) {
  const line = (cells) => `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(columns), line(columns.map(() => '---')), ...rows.map(line)].join('\n');
}
function csvText(columns, rows) {
  const cell = (c) => (/[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c));
  return `${[columns, ...rows].map((r) => r.map(cell).join(',')).join('\n')}\n`;
}
function replaceTable(doc, name, text) {
  const file = join(DOCS, doc);
  const body = readFileSync(file, 'utf8');
  const open = `<!-- table:${name} -->`;
  const close = `<!-- /table:${name} -->`;
  const a = body.indexOf(open);
  const b = body.indexOf(close);
  if (a < 0 || b < a) throw new Error(`${file}: no ${open} … ${close} markers`);
  writeFileSync(file, `${body.slice(0, a + open.length)}\n${text}\n${body.slice(b)}`);
}
/** Draws `figure` from the runs under `dir` (into a scratch folder, so the runs' copies stay CSVs only) to `target`. */
function plot(dir, figure, target) {
  const scratch = mkdtempSync(join(tmpdir(), 'cavlab-repro-plot-'));
  try {
    const run = spawnSync(process.execPath, [CLI, 'plot', dir, '--figure', figure, '--out', scratch], { encoding: 'utf8' });
    if (run.status !== 0) {
      process.stderr.write(`reproduction-tables: cavlab plot ${dir} --figure ${figure}: ${run.stderr.trim()}\n`);
      return false;
    }
    copyFileSync(run.stdout.trim().split('\n').pop(), target);
    return true;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

// ---------- MA-PMBRL ----------
const MA = join(DOCS, 'ma-pmbrl');
const RUNS = join(MA, 'runs');
const SMALL_FILES = ['episodes.csv', 'comm.csv', 'manifest.json'];
const TAU = 0.1; // Table 2: τ = 0.1 s (intersection8's step length)
const CAVS = 8; // Table 2: I = 8

/** Lines of a file (0 when absent). */
function lineCount(file) {
  return existsSync(file) ? readFileSync(file, 'utf8').trimEnd().split('\n').length : 0;
}

/**
 * The small files of one run folder, copied to `to` when it has more episodes than the copy there, or the same rows
 * (its manifest may have moved on). A rerun from episode 0 (another machine: checkpoints are not committed) replaces
 * the copy only once it got further: it never shortens what is committed, nor swaps its wall times in.
 */
function copyRun(from, to) {
  if (resolve(from) === resolve(to)) return;
  const have = lineCount(join(to, 'episodes.csv'));
  const now = lineCount(join(from, 'episodes.csv'));
  const same = have === now && readFileSync(join(from, 'episodes.csv'), 'utf8') === readFileSync(join(to, 'episodes.csv'), 'utf8');
  if (have > 0 && now <= have && !same) {
    process.stderr.write(`reproduction-tables: kept ${to} (${have - 1} episodes; ${from} has ${now - 1})\n`);
    return;
  }
  mkdirSync(to, { recursive: true });
  for (const f of SMALL_FILES) if (existsSync(join(from, f))) copyFileSync(join(from, f), join(to, f));
}

/** Run folders (with episodes.csv) directly under `dir`. */
function runFolders(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'episodes.csv'))).map((d) => d.name);
}

/**
 * Figs. 4, 5 (+ Table 3, Fig. 6) and 7 vary one MA-PMBRL setting; each value runs as its own run file
 * (experiments/ma-pmbrl/fig5-d50.json → results/ma-pmbrl-fig5-d50/ma-pmbrl__intersection8__seed<k>). The value that
 * equals Fig. 3's MA-PMBRL settings (d = 100 m, φ_best, L = 8) is not run again: Fig. 3's runs stand for it.
 * The copies go to runs/ma-pmbrl-<figure>/ma-pmbrl__intersection8__<key>-<value>__seed<k>, a sweep's layout, so
 * `cavlab plot` groups them by value.
 */
const VARIANTS = [
  { figure: 'fig4', key: 'iterate', values: ['best', 'avg', 'final'], fig3: 'best', experiment: (v) => `ma-pmbrl-fig4-${v}` },
  { figure: 'fig5', key: 'range', values: [0, 50, 100, 150, 200], fig3: 100, experiment: (v) => `ma-pmbrl-fig5-d${v}` },
  { figure: 'fig7', key: 'rolloutLength', values: [3, 8, 13, 18], fig3: 8, experiment: (v) => `ma-pmbrl-fig7-L${v}` },
];
const variantRun = (variant, value, seedFolder) => seedFolder.replace(/__seed(\d+)$/, `__${variant.key}-${value}__seed$1`);

function collectMaPmbrl() {
  const fig3 = join(results, 'ma-pmbrl-fig3');
  for (const run of runFolders(fig3)) copyRun(join(fig3, run), join(RUNS, 'ma-pmbrl-fig3', run));
  for (const variant of VARIANTS) {
    for (const value of variant.values) {
      const from = value === variant.fig3 ? join(RUNS, 'ma-pmbrl-fig3') : join(results, variant.experiment(value));
      for (const run of runFolders(from).filter((r) => r.startsWith('ma-pmbrl__'))) {
        copyRun(join(from, run), join(RUNS, `ma-pmbrl-${variant.figure}`, variantRun(variant, value, run)));
      }
    }
  }
}

/** eq. 21 from the runner's columns: mean learner speed · τ · steps / H (H from the manifest). */
function utility(row, horizon) {
  return (num(row.mean_learner_speed) * TAU * num(row.steps)) / horizon;
}

/** A Fig. 3 run's learning episodes: all of IDM's (it does not learn, its episode 0 counts), the others' after episode 0. */
function learningRows(algo, run) {
  return algo === 'idm' ? run.rows : run.rows.slice(1);
}

function maPmbrlTables() {
  mkdirSync(MA, { recursive: true });
  const dir = join(RUNS, 'ma-pmbrl-fig3');
  const runs = existsSync(dir) ? readdirSync(dir).filter((d) => existsSync(join(dir, d, 'episodes.csv'))) : [];
  const byAlgo = new Map();
  for (const id of runs) {
    const algo = id.split('__')[0];
    const manifest = JSON.parse(readFileSync(join(dir, id, 'manifest.json'), 'utf8'));
    const horizon = manifest.config.horizon ?? 1500;
    const rows = readCsv(join(dir, id, 'episodes.csv')).filter((r) => r.phase === 'train');
    const comm = existsSync(join(dir, id, 'comm.csv')) ? readCsv(join(dir, id, 'comm.csv')) : [];
    const list = byAlgo.get(algo) ?? [];
    list.push({ id, rows, comm, horizon, planned: manifest.config.episodes });
    byAlgo.set(algo, list);
  }
  const order = ['ma-pmbrl', 'mbpo', 'isac', 'firl', 'ma-pets', 'svmix', 'idm'];
  const names = { 'ma-pmbrl': 'MA-PMBRL (d = 100 m)', mbpo: 'MBPO', isac: 'SAC', firl: 'FIRL (d = 100 m)', 'ma-pets': 'MA-PETS (d = 100 m)', svmix: 'SVMIX (d = 100 m)', idm: 'IDM (all vehicles, reference)' };
  const columns = ['Algorithm', 'Seeds', 'Episodes done (of 21)', 'Utility, episode 0 (random; IDM: 1st)', 'Utility, last episode every seed has', 'Best learning episode', 'Collisions per episode', 'Wall time per 1,500 learning steps (s)'];
  const rows = [];
  const csvRows = [];
  for (const algo of order) {
    const list = byAlgo.get(algo) ?? [];
    const done = list.map((r) => r.rows.length);
    const first = meanStd(list.map((r) => (r.rows[0] ? utility(r.rows[0], r.horizon) : Number.NaN)));
    // The last episode every seed has finished, so the seeds are compared at the same point of training.
    const common = list.length ? Math.min(...done) : 0;
    const last = common > 1 || (algo === 'idm' && common > 0) ? meanStd(list.map((r) => utility(r.rows[common - 1], r.horizon))) : null;
    const learning = (r) => learningRows(algo, r);
    const best = meanStd(list.map((r) => Math.max(...learning(r).map((x) => utility(x, r.horizon)))).filter(Number.isFinite));
    const collisions = meanStd(list.map((r) => mean(r.rows.map((x) => num(x.collisions)))));
    // Per 1,500 steps: an episode a collision ended early is scaled by the steps it ran.
    const wall = meanStd(list.map((r) => mean(learning(r).map((x) => (num(x.wall_time) * 1500) / num(x.steps)))));
    rows.push([names[algo], String(list.length), list.length ? `${Math.min(...done)}–${Math.max(...done)}` : '0', fmt(first, 3), last === null ? '—' : `${fmt(last, 3)} (episode ${common - 1})`, fmt(best, 3), fmt(collisions, 2), fmt(wall, 0)]);
    for (const r of list) for (const [k, x] of r.rows.entries()) csvRows.push([algo, r.id, k, utility(x, r.horizon).toFixed(5), x.steps, x.collisions, x.wall_time, x.utility ?? '']);
  }
  // Budget: learning episodes of H = 1,500 steps finished, against the paper's 5 seeds × K = 20 per algorithm.
  const budget = order.map((algo) => {
    const list = byAlgo.get(algo) ?? [];
    const learned = list.reduce((n, r) => n + learningRows(algo, r).length, 0);
    const steps = list.reduce((n, r) => n + r.rows.reduce((m, x) => m + num(x.steps), 0), 0);
    return [names[algo], String(list.length), String(learned), `${(100 * learned / 100).toFixed(1)} %`, steps.toLocaleString('en-US')];
  });
  replaceTable('ma-pmbrl.md', 'budget', markdown(['Algorithm', 'Seeds started', 'Learning episodes finished (all seeds)', 'Fraction of the paper\'s 5 × 20', 'Env steps run (incl. random episode)'], budget));
  writeFileSync(join(MA, 'fig3-utility.csv'), csvText(['algo', 'run', 'episode', 'utility_eq21', 'steps', 'collisions', 'wall_time', 'utility_controller'], csvRows));
  replaceTable('ma-pmbrl.md', 'fig3', markdown(columns, rows));
  // Where the episodes a collision ended stopped (steps < H), every seed together: the crossing's pattern.
  const ended = order.map((algo) => {
    const list = byAlgo.get(algo) ?? [];
    const episodes = list.flatMap((r) => learningRows(algo, r).map((x) => ({ x, horizon: r.horizon })));
    const early = episodes.filter(({ x, horizon }) => num(x.steps) < horizon).map(({ x }) => num(x.steps)).sort((a, b) => a - b);
    return [names[algo], String(episodes.length), String(early.length), early.length ? early.map((n) => n.toLocaleString('en-US')).join(', ') : '—'];
  });
  replaceTable('ma-pmbrl.md', 'collisions', markdown(['Algorithm', 'Learning episodes (all seeds)', 'Ended by a collision', 'Step at which each ended (sorted)'], ended));

  if (runs.length > 0) {
    const png = join(MA, 'fig3.png');
    plot(dir, 'ma-pmbrl/fig3', png);
  }
}

/** One MA-PMBRL run of a variant figure, read from its committed copy. */
function readVariantRun(dir, id) {
  const manifest = JSON.parse(readFileSync(join(dir, id, 'manifest.json'), 'utf8'));
  const rows = readCsv(join(dir, id, 'episodes.csv')).filter((r) => r.phase === 'train');
  const comm = existsSync(join(dir, id, 'comm.csv')) ? readCsv(join(dir, id, 'comm.csv')) : [];
  return { id, rows, comm, horizon: manifest.config.horizon ?? 1500 };
}

/** Figs. 4, 5, 7 and Table 3: utility per value of the varied setting; exchange overhead and clique cover per d. */
function variantTables() {
  const perCav = (r, key, scale) => {
    const cavs = new Set(r.comm.map((c) => c.agent)).size;
    const total = r.comm.reduce((s, c) => s + num(c[key]), 0) / scale;
    return cavs && r.rows.length ? total / (cavs * r.rows.length) : Number.NaN;
  };
  // Episode 0 acts at random from the same seed for every d, so its traffic is the same: the like-for-like column.
  const firstEpisode = (r) => ({ ...r, rows: r.rows.slice(0, 1), comm: r.comm.filter((c) => c.episode === '0') });
  const paperTable3 = { 0: '0', 50: '241.9', 100: '1,443.7', 150: '5,635.3', 200: '7,192.5' };
  const t3 = [];
  const utilityRows = [];
  for (const variant of VARIANTS) {
    const dir = join(RUNS, `ma-pmbrl-${variant.figure}`);
    const all = runFolders(dir);
    const rows = [];
    for (const value of variant.values) {
      const runs = all.filter((id) => id.includes(`__${variant.key}-${value}__`)).map((id) => readVariantRun(dir, id)).filter((r) => r.rows.length > 0);
      const learned = runs.filter((r) => r.rows.length > 1);
      const at = (r, k) => utility(r.rows[k], r.horizon);
      const lastFive = (r) => mean(r.rows.slice(1).slice(-5).map((x) => utility(x, r.horizon)));
      rows.push([
        `${variant.figure === 'fig5' ? value : `${variant.key} = ${value}`}${value === variant.fig3 ? ' (Fig. 3\'s runs)' : ''}`, String(runs.length),
        runs.length ? `${Math.min(...runs.map((r) => r.rows.length))}–${Math.max(...runs.map((r) => r.rows.length))}` : '0',
        fmt(meanStd(runs.map((r) => (r.rows[0] ? at(r, 0) : Number.NaN))), 3),
        fmt(meanStd(learned.map((r) => at(r, 1))), 3),
        fmt(meanStd(learned.map(lastFive)), 3),
        fmt(meanStd(runs.map((r) => mean(r.rows.map((x) => num(x.collisions))))), 2),
      ]);
      for (const r of runs) for (const [k, x] of r.rows.entries()) utilityRows.push([variant.figure, variant.key, value, r.id, k, utility(x, r.horizon).toFixed(5), x.steps, x.collisions, x.clique_cover ?? '']);
      if (variant.figure === 'fig5') {
        // Table 3 counts every episode's exchange, the random episode 0 included (it ends with one, as every episode).
        t3.push([
          String(value), String(runs.length), runs.length ? String(runs.reduce((n, r) => n + r.rows.length, 0)) : '0',
          fmt(meanStd(runs.map((r) => perCav(firstEpisode(r), 'samples', 1))), 1),
          fmt(meanStd(runs.map((r) => perCav(r, 'samples', 1))), 1),
          fmt(meanStd(runs.map((r) => perCav(r, 'bytes', 1024))), 1),
          fmt(meanStd(runs.map((r) => mean(r.rows.map((x) => num(x.clique_cover))))), 2),
          paperTable3[value] ?? '—',
        ]);
      }
    }
    const columns = [variant.figure === 'fig5' ? 'd (m)' : 'Setting', 'Seeds', 'Episodes done (of 21)', 'Utility, episode 0 (random)', 'Utility, 1st learning episode', 'Utility, mean of the last ≤ 5 learning episodes', 'Collisions per episode'];
    replaceTable('ma-pmbrl.md', variant.figure, markdown(columns, rows));
    if (all.length > 0) {
      plot(dir, `ma-pmbrl/${variant.figure}`, join(MA, `${variant.figure}.png`));
    }
  }
  writeFileSync(join(MA, 'variants-utility.csv'), csvText(['figure', 'setting', 'value', 'run', 'episode', 'utility_eq21', 'steps', 'collisions', 'clique_cover'], utilityRows));
  replaceTable('ma-pmbrl.md', 'table3', markdown(['d (m)', 'Seeds', 'Episodes (all seeds)', 'Samples per CAV, episode 0 (same random traffic for every d)', 'Samples per CAV per episode, all episodes (derived unit)', 'KB per CAV per episode, all episodes', 'Clique cover (mean over episodes)', 'Paper (no unit)'], t3));
  if (runFolders(join(RUNS, 'ma-pmbrl-fig5')).length > 0) plot(join(RUNS, 'ma-pmbrl-fig5'), 'ma-pmbrl/fig6', join(MA, 'fig6.png'));
}

// ---------- SAC vs SAC+PR on the driving scenarios (cavlab's own extension) ----------
const PR_RUNS = join(DOCS, 'policy-reciprocity', 'runs', 'pr-sac-pr');

/** Copies results/pr-sac-pr's runs (small files), then tabulates the copies at the budget every run has reached. */
function prDrivingTables() {
  const from = join(results, 'pr-sac-pr');
  for (const run of runFolders(from)) copyRun(join(from, run), join(PR_RUNS, run));
  const runs = runFolders(PR_RUNS).map((id) => ({ id, algo: id.split('__')[0], scenario: id.split('__')[1], rows: readCsv(join(PR_RUNS, id, 'episodes.csv')) }));
  if (runs.length === 0) return;
  const perStep = (x) => num(x.return) / num(x.steps);
  const table = [];
  for (const scenario of [...new Set(runs.map((r) => r.scenario))].sort()) {
    const here = runs.filter((r) => r.scenario === scenario);
    const train = (r) => r.rows.filter((x) => x.phase === 'train');
    const evals = (r) => r.rows.filter((x) => x.phase === 'eval');
    // The budget every run of the scenario has reached: training episodes, and the last evaluation epoch.
    const common = Math.min(...here.map((r) => train(r).length));
    const evalEpoch = Math.min(...here.map((r) => Math.max(0, ...evals(r).map((x) => num(x.epoch)))));
    for (const algo of ['isac', 'policy-reciprocity']) {
      const list = here.filter((r) => r.algo === algo);
      if (list.length === 0) continue;
      const window = (r) => train(r).slice(Math.max(0, common - 5), common);
      table.push([
        scenario, algo === 'isac' ? 'SAC (isac)' : 'SAC+PR (κ = 0.5)', String(list.length), String(common),
        evalEpoch > 0 ? `${fmt(meanStd(list.map((r) => mean(evals(r).filter((x) => num(x.epoch) === evalEpoch).map(perStep)))), 4)} (epoch ${evalEpoch})` : 'pending',
        fmt(meanStd(list.map((r) => mean(window(r).map(perStep)))), 4),
        fmt(meanStd(list.map((r) => mean(window(r).map((x) => num(x.collisions))))), 2),
        fmt(meanStd(list.map((r) => mean(train(r).slice(0, common).map((x) => num(x.wall_time))))), 0),
      ]);
    }
  }
  replaceTable('policy-reciprocity.md', 'sac-pr', markdown(['Scenario', 'Algorithm', 'Seeds', 'Training episodes (every run)', 'Evaluation reward per step, last evaluation every run has', 'Training reward per step, last ≤ 5 of those episodes', 'Collisions per training episode', 'Wall s per training episode'], table));
  plot(PR_RUNS, 'pr/sac-pr', join(DOCS, 'policy-reciprocity', 'sac-pr.png'));
}

// ---------- Policy Reciprocity ----------
const PR = join(DOCS, 'policy-reciprocity');
const LAST = 50; // episodes averaged at the end of training (of T = 500)

function prTables() {
  const digitalFile = join(results, 'pr', 'pr-digital', 'digital-episodes.csv');
  const gridFile = join(results, 'pr', 'pr-grid', 'grid-episodes.csv');
  const policyFile = join(results, 'pr', 'pr-digital', 'digital-policy.csv');
  if (!existsSync(digitalFile) || !existsSync(gridFile) || !existsSync(policyFile)) {
    process.stderr.write(`reproduction-tables: PR results missing under ${join(results, 'pr')} (run: cavlab run experiments/pr/digital.json --out ${join(results, 'pr')}; same for grid.json); PR tables unchanged\n`);
    return;
  }
  mkdirSync(PR, { recursive: true });
  const digital = readCsv(digitalFile);
  const grid = readCsv(gridFile);
  const episodes = Math.max(...digital.map((r) => num(r.episode))) + 1;
  const perSeed = (rows, metric, from, to) => {
    const bySeed = new Map();
    for (const r of rows) {
      const e = num(r.episode);
      if (e < from || e >= to) continue;
      const list = bySeed.get(r.seed) ?? [];
      list.push(num(r[metric]));
      bySeed.set(r.seed, list);
    }
    return meanStd([...bySeed.values()].map(mean));
  };

  // Fig. 4: average return, first and last 50 episodes, IQL vs IQL+PR (κ = 0.5).
  const fig4 = [];
  const envs = [...new Set(grid.map((r) => `${r.env}|${r.agents}`))].map((k) => k.split('|'));
  const label = (env, agents) => `${env === 'blocker' ? 'Blocker' : 'Landmarks'}, |N| = ${agents}`;
  for (const [env, agents] of envs) {
    for (const algorithm of ['iql', 'iql-pr']) {
      const rows = grid.filter((r) => r.env === env && r.agents === agents && r.algorithm === algorithm);
      fig4.push([label(env, agents), algorithm === 'iql' ? 'IQL' : 'IQL+PR (κ = 0.5)', fmt(perSeed(rows, 'return', 0, LAST), 2), fmt(perSeed(rows, 'return', episodes - LAST, episodes), 2), String(new Set(rows.map((r) => r.seed)).size)]);
    }
  }
  for (const algorithm of ['iql', 'iql-pr']) {
    const rows = digital.filter((r) => r.algorithm === algorithm && (algorithm === 'iql' || r.kappa === '0.5'));
    fig4.push(['Digital', algorithm === 'iql' ? 'IQL' : 'IQL+PR (κ = 0.5)', fmt(perSeed(rows, 'return_team', 0, LAST), 2), fmt(perSeed(rows, 'return_team', episodes - LAST, episodes), 2), String(new Set(rows.map((r) => r.seed)).size)]);
  }
  const fig4Columns = ['Environment', 'Algorithm', `Average return, episodes 1–${LAST}`, `Average return, episodes ${episodes - LAST + 1}–${episodes}`, 'Seeds'];
  writeFileSync(join(PR, 'fig4-returns.csv'), csvText(fig4Columns, fig4));
  replaceTable('policy-reciprocity.md', 'fig4', markdown(fig4Columns, fig4));

  // Digital κ sweep and consensus (Fig. 2-bottom, Theorem 2), last 50 episodes.
  const groups = [['IQL', (r) => r.algorithm === 'iql'], ...[...new Set(digital.filter((r) => r.algorithm === 'iql-pr').map((r) => r.kappa))].sort((a, b) => num(a) - num(b)).map((k) => [`IQL+PR κ = ${k}`, (r) => r.algorithm === 'iql-pr' && r.kappa === k])];
  const digitalRows = groups.map(([name, keep]) => {
    const rows = digital.filter(keep);
    return [name, fmt(perSeed(rows, 'return_team', episodes - LAST, episodes), 2), fmt(perSeed(rows, 'greedy_value_team', episodes - LAST, episodes), 3), fmt(perSeed(rows, 'optimal_value_team', episodes - 1, episodes), 3), fmt(perSeed(rows, 'policy_mse', 0, 1), 4), fmt(perSeed(rows, 'policy_mse', episodes - 1, episodes), 4), fmt(perSeed(rows, 'consensus_q', episodes - 1, episodes), 3)];
  });
  const digitalColumns = ['Digital', `Return (team reward), last ${LAST}`, `Greedy value (team), last ${LAST}`, 'Optimal value (team)', 'Policy MSE, episode 1', `Policy MSE, episode ${episodes}`, `Q consensus error, episode ${episodes}`];
  writeFileSync(join(PR, 'digital-summary.csv'), csvText(digitalColumns, digitalRows));
  replaceTable('policy-reciprocity.md', 'digital', markdown(digitalColumns, digitalRows));

  // Fig. 3: κ = 1 agreement of agents 3, 6, 9, 12, 15, 18 at the last snapshot, per seed.
  const policy = readCsv(policyFile).filter((r) => r.algorithm === 'iql-pr' && r.kappa === '1' && r.action === '0');
  const lastEpisode = Math.max(...policy.map((r) => num(r.episode)));
  const agents = [3, 6, 9, 12, 15, 18];
  const agreement = (episode) => {
    const perSeedSpread = [];
    const perSeedSame = [];
    for (const seed of [...new Set(policy.map((r) => r.seed))]) {
      const rows = policy.filter((r) => r.seed === seed && num(r.episode) === episode && agents.includes(num(r.agent) + 1));
      const states = [...new Set(rows.map((r) => r.state))];
      let spread = 0;
      let same = 0;
      for (const s of states) {
        const p = rows.filter((r) => r.state === s).map((r) => num(r.probability));
        spread += Math.max(...p) - Math.min(...p);
        same += p.every((x) => x > 0.5) || p.every((x) => x < 0.5) ? 1 : 0;
      }
      perSeedSpread.push(spread / states.length);
      perSeedSame.push(same / states.length);
    }
    return { spread: meanStd(perSeedSpread), same: meanStd(perSeedSame) };
  };
  const snapshots = [...new Set(policy.map((r) => num(r.episode)))].sort((a, b) => a - b);
  const fig3Rows = snapshots.map((e) => {
    const a = agreement(e);
    return [String(e + 1), fmt(a.spread, 3), fmt({ ...a.same, mean: 100 * a.same.mean, std: 100 * a.same.std }, 1)];
  });
  const fig3Columns = ['After episode (κ = 1)', 'Max − min of π(a = 0 | s) over agents 3, 6, …, 18, mean over states', 'States where all six prefer the same action (%)'];
  writeFileSync(join(PR, 'fig3-consensus.csv'), csvText(fig3Columns, fig3Rows));
  replaceTable('policy-reciprocity.md', 'fig3', markdown(fig3Columns, fig3Rows));
  void lastEpisode;

  const prRoot = join(results, 'pr');
  for (const [figure, png] of [['pr/fig2-upper', 'fig2-upper.png'], ['pr/digital-policy', 'fig2-bottom.png'], ['pr/fig3', 'fig3.png'], ['pr/fig4', 'fig4.png'], ['pr/digital-return', 'digital-return-kappa.png']]) {
    plot(prRoot, figure, join(PR, png));
  }
}

collectMaPmbrl();
maPmbrlTables();
variantTables();
prTables();
prDrivingTables();
process.stdout.write(`reproduction-tables: ${join(DOCS, 'ma-pmbrl.md')} and ${join(DOCS, 'policy-reciprocity.md')} updated\n`);
