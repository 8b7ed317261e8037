#!/usr/bin/env node
// Regenerates the numbers of docs/reproduction/rsm-masac.md from the runs' CSVs: the tables between the
// `<!-- tables:begin -->` / `<!-- tables:end -->` markers, the PNGs beside the document (through `cavlab plot`), and,
// with --copy, the finished runs' small files (episodes.csv, comm.csv, manifest.json; never checkpoints) next to it.
//
//   node scripts/rsm-masac-tables.mjs [--results results] [--copy]
//
// With --copy the finished runs are copied first and the tables read every copy beside the document (so a results root
// holding only the newest runs adds them); without it the results root is read when it holds the experiment.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DOC = join(ROOT, 'docs', 'reproduction', 'rsm-masac.md');
const BESIDE = join(ROOT, 'docs', 'reproduction', 'rsm-masac');
const EXPERIMENTS = { figure8: 'rsm-masac-repro-figure8', merge: 'rsm-masac-repro-merge' };
const ALGOS = ['idm', 'isac', 'ippo', 'avg-masac', 'rsm-masac', 'rsm-mappo'];
const BUDGET = { figure8: { epochs: 30, paper: 310, steps: 1500 }, merge: { epochs: 260, paper: 260, steps: 750 } };
const SMALL_FILES = ['episodes.csv', 'comm.csv', 'comm-matrix.csv', 'manifest.json'];

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const results = join(ROOT, option('--results', 'results'));
const copy = args.includes('--copy');

/** Rows of a numeric CSV as objects (cavlab's CSVs hold no quoted commas in these files). */
function readCsv(file) {
  const [head, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const keys = head.split(',');
  return lines.filter((l) => l.length > 0).map((l) => Object.fromEntries(l.split(',').map((v, i) => [keys[i], Number.isNaN(Number(v)) ? v : Number(v)])));
}

if (copy) {
  for (const experiment of Object.values(EXPERIMENTS)) {
    for (const dir of existsSync(join(results, experiment)) ? readdirSync(join(results, experiment)) : []) {
      const from = join(results, experiment, dir);
      // Finished runs only: a running one would leave a half-written copy behind.
      if (!existsSync(join(from, 'manifest.json')) || JSON.parse(readFileSync(join(from, 'manifest.json'), 'utf8')).status !== 'finished') continue;
      const to = join(BESIDE, experiment, dir);
      mkdirSync(to, { recursive: true });
      for (const f of SMALL_FILES) if (existsSync(join(from, f))) copyFileSync(join(from, f), join(to, f));
    }
  }
}

/**
 * Where the runs are read from: with --copy, the copies beside the document (every run finished so far, from this
 * results root and earlier ones); else the results root when it holds the experiment, else those copies.
 */
const baseOf = (experiment) => (!copy && existsSync(join(results, experiment)) ? join(results, experiment) : join(BESIDE, experiment));

/** The run folders of one experiment (baseOf). */
function runDirs(experiment) {
  const base = baseOf(experiment);
  return existsSync(base) ? readdirSync(base).filter((d) => existsSync(join(base, d, 'episodes.csv'))).map((d) => join(base, d)) : [];
}

function run(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const rows = readCsv(join(dir, 'episodes.csv'));
  const tests = rows.filter((r) => r.phase === 'eval');
  const train = rows.filter((r) => r.phase === 'train');
  return { dir, algo: manifest.config?.algo ?? dir.split('/').pop().split('__')[0], status: manifest.status, tests, train, epochs: train.length };
}

const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
const std = (xs) => (xs.length < 2 ? 0 : Math.sqrt(xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0) / (xs.length - 1)));
const pm = (xs, digits) => (xs.length === 0 ? 'pending' : `${mean(xs).toFixed(digits)} ± ${std(xs).toFixed(digits)}`);
const perStep = (r) => r.return / r.steps;

function figure8Table(runs) {
  const lines = ['| method | runs (finished / started) | training epochs done | Σr/T of the last test | mean speed of the last test (m/s) | best test Σr/T |', '|---|---|---|---|---|---|'];
  for (const algo of ALGOS) {
    const mine = runs.filter((r) => r.algo === algo && r.tests.length > 0);
    const started = runs.filter((r) => r.algo === algo).length;
    const last = mine.map((r) => r.tests.at(-1));
    const epochs = runs.filter((r) => r.algo === algo).map((r) => r.epochs);
    lines.push(`| ${algo} | ${mine.filter((r) => r.status === 'finished').length} / ${started} | ${epochs.length ? `${Math.min(...epochs)}–${Math.max(...epochs)}` : '—'} | ${pm(last.map(perStep), 4)} | ${pm(last.map((r) => r.mean_speed), 2)} | ${pm(mine.map((r) => Math.max(...r.tests.map(perStep))), 4)} |`);
  }
  return lines.join('\n');
}

function table5(runs) {
  const psi = (replicas) => (replicas * 32 * 68_098) / (8 * 1024 ** 3);
  const lines = ['| method | runs (finished / started) | training epochs done | average reward (Σr/T, last 5 tests) | ρ_total | ψ (GB) | ρ_ef | ρ_r |', '|---|---|---|---|---|---|---|---|'];
  for (const algo of ALGOS) {
    const mine = runs.filter((r) => r.algo === algo);
    const tested = mine.filter((r) => r.tests.length > 0);
    const epochs = mine.map((r) => r.epochs);
    const reward = tested.map((r) => mean(r.tests.slice(-5).map(perStep)));
    const comm = mine.filter((r) => r.train.length > 0 && 'rho_total' in r.train[0]);
    const total = comm.map((r) => r.train.reduce((s, e) => s + e.rho_total, 0));
    const effective = comm.map((r) => r.train.reduce((s, e) => s + e.rho_ef, 0));
    const cell = (xs, f) => (xs.length === 0 ? (algo === 'idm' || algo === 'isac' ? '—' : 'pending') : f(mean(xs)));
    lines.push(`| ${algo} | ${mine.filter((r) => r.status === 'finished').length} / ${mine.length} | ${epochs.length ? `${Math.min(...epochs)}–${Math.max(...epochs)}` : '—'} | ${pm(reward, 4)} | ${cell(total, (v) => Math.round(v).toLocaleString('en-US'))} | ${cell(total, (v) => psi(v).toFixed(3))} | ${cell(effective, (v) => Math.round(v).toLocaleString('en-US'))} | ${total.length && mean(total) > 0 ? `${((100 * mean(effective)) / mean(total)).toFixed(2)} %` : cell([], () => '')} |`);
  }
  return lines.join('\n');
}

/** Table V row for row (the paper's 12 rows, paper / cavlab per cell) through the built library (src/plot/table5.ts). */
async function paperTable5(experiment) {
  const dist = join(ROOT, 'dist', 'src', 'plot');
  if (!existsSync(join(dist, 'table5.js'))) {
    console.error(`${join(dist, 'table5.js')} is missing: run npm run build first`);
    process.exit(2);
  }
  const { paperTable5: build, withSettings } = await import(pathToFileURL(join(dist, 'table5.js')).href);
  const { readResults } = await import(pathToFileURL(join(dist, 'results.js')).href);
  const { tableMarkdown } = await import(pathToFileURL(join(dist, 'tables.js')).href);
  const base = baseOf(experiment);
  return tableMarkdown(build(await withSettings(await readResults(base))));
}

const figure8 = runDirs(EXPERIMENTS.figure8).map(run);
const merge = runDirs(EXPERIMENTS.merge).map(run);
const stamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const tables = [
  `Generated ${stamp} by \`node scripts/rsm-masac-tables.mjs\` from ${figure8.length + merge.length} run folders. "pending": no test yet.`,
  '',
  `**Figure 8 (Fig. 5/6)** — budget ${BUDGET.figure8.epochs} epochs × ${BUDGET.figure8.steps} steps per run (${((100 * BUDGET.figure8.epochs) / BUDGET.figure8.paper).toFixed(1)} % of the code's ${BUDGET.figure8.paper} epochs), seeds 0–2; tests: one stochastic episode every 10 epochs.`,
  '',
  figure8Table(figure8),
  '',
  `**Merge (Fig. 5/6, Table V)** — budget ${BUDGET.merge.epochs} epochs × ${BUDGET.merge.steps} steps per run (100 % of Table III's ${BUDGET.merge.paper}), seeds 0–2. ρ and ψ summed over a run's training epochs, mean over seeds; ψ with the 68,098-parameter policy.`,
  '',
  table5(merge),
  '',
  await paperTable5(EXPERIMENTS.merge),
].join('\n');

const doc = readFileSync(DOC, 'utf8');
const begin = '<!-- tables:begin -->';
const end = '<!-- tables:end -->';
if (!doc.includes(begin) || !doc.includes(end)) {
  console.error(`${DOC}: no ${begin} … ${end} markers`);
  process.exit(2);
}
writeFileSync(DOC, `${doc.slice(0, doc.indexOf(begin) + begin.length)}\n${tables}\n${doc.slice(doc.indexOf(end))}`);
console.log(tables);

// The figures beside the document (needs `npm run build`); a scenario without runs is skipped.
const cli = join(ROOT, 'dist', 'src', 'cli', 'main.js');
for (const [scenario, experiment] of Object.entries(EXPERIMENTS)) {
  const base = baseOf(experiment);
  if (!existsSync(base) || !existsSync(cli)) continue;
  const out = join(BESIDE, scenario);
  const plotted = spawnSync('node', [cli, 'plot', base, '--figure', 'rsm-masac/fig6', '--out', out], { encoding: 'utf8' });
  if (plotted.status !== 0) console.error(`plot ${scenario}: ${plotted.stderr.trim().split('\n').at(-1)}`);
}
