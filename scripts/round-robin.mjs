#!/usr/bin/env node
// Spreads a small compute budget evenly over several runs: each pass picks the run with the fewest finished
// episodes, continues it (`cavlab run <file> --seed k --name <name> --out <out> --resume`) and stops it with SIGINT
// as soon as its episodes.csv has one more row (the checkpoint is written before the row, so nothing is lost).
// Runs resume exactly; start the same command again to continue. Stops when every run is finished.
//
//   node scripts/round-robin.mjs --out results --name ma-pmbrl-fig3 \
//     experiments/ma-pmbrl/fig3-idm.json:0 experiments/ma-pmbrl/fig3-isac.json:0 …
//
// Without --name each run goes under its run file's own name (results/<file's name>/<algo>__<scenario>__seed<k>), so
// files that differ only in a setting (fig5-d0.json, fig5-d50.json, …) do not share a folder.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const POLL_MS = 5_000;

function usage(message) {
  process.stderr.write(`round-robin: ${message}\nusage: node scripts/round-robin.mjs --out <dir> [--name <experiment>] <run file>:<seed>…\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
let out = 'results';
let name = null;
const specs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--out') out = args[++i] ?? usage('--out needs a folder');
  else if (args[i] === '--name') name = args[++i] ?? usage('--name needs a name');
  else specs.push(args[i]);
}
if (specs.length === 0) usage('give at least one <run file>:<seed>');

const runs = specs.map((spec) => {
  const at = spec.lastIndexOf(':');
  const file = at > 0 ? spec.slice(0, at) : usage(`"${spec}" is not <run file>:<seed>`);
  const seed = Number(spec.slice(at + 1));
  if (!Number.isInteger(seed) || seed < 0) usage(`"${spec}": seed must be a non-negative integer`);
  if (!existsSync(file)) usage(`${file} does not exist`);
  const experiment = JSON.parse(readFileSync(file, 'utf8'));
  const runName = name ?? experiment.name;
  if (typeof runName !== 'string' || runName.length === 0) usage(`${file} has no "name": give --name`);
  const dir = resolve(out, runName, `${experiment.algo}__${experiment.scenario}__seed${seed}`);
  return { file, seed, name: runName, dir, episodes: experiment.episodes, failed: false };
});
const byDir = new Map();
for (const run of runs) {
  const other = byDir.get(run.dir);
  if (other !== undefined) usage(`${other.file}:${other.seed} and ${run.file}:${run.seed} would share the folder ${run.dir} (same algo, scenario and seed): drop --name so each goes under its file's name`);
  byDir.set(run.dir, run);
}

function finishedEpisodes(run) {
  const csv = join(run.dir, 'episodes.csv');
  if (!existsSync(csv)) return 0;
  return Math.max(0, readFileSync(csv, 'utf8').trim().split('\n').length - 1);
}

function isFinished(run) {
  const manifest = join(run.dir, 'manifest.json');
  if (!existsSync(manifest)) return false;
  return JSON.parse(readFileSync(manifest, 'utf8')).status === 'finished' || finishedEpisodes(run) >= run.episodes;
}

/** Continues `run` until it has one more finished episode (or it ends by itself). */
function oneEpisode(run) {
  const before = finishedEpisodes(run);
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, 'run', run.file, '--seed', String(run.seed), '--name', run.name, '--out', out, '--resume', '--workers', '1'], { stdio: ['ignore', 'inherit', 'inherit'] });
    let stopping = false;
    const timer = setInterval(() => {
      if (!stopping && finishedEpisodes(run) > before) {
        stopping = true;
        child.kill('SIGINT');
      }
    }, POLL_MS);
    child.on('exit', (code) => {
      clearInterval(timer);
      if (!stopping && code !== 0) {
        run.failed = true;
        process.stderr.write(`round-robin: ${run.file} seed ${run.seed} exited with ${code}; skipped from now on\n`);
      }
      done();
    });
  });
}

for (;;) {
  const open = runs.filter((r) => !r.failed && !isFinished(r));
  if (open.length === 0) break;
  const next = open.reduce((a, b) => (finishedEpisodes(b) < finishedEpisodes(a) ? b : a));
  process.stderr.write(`round-robin: ${new Date().toISOString()} ${next.file} seed ${next.seed}: episode ${finishedEpisodes(next) + 1}/${next.episodes}\n`);
  await oneEpisode(next);
}
process.stderr.write('round-robin: every run is finished (or failed)\n');
