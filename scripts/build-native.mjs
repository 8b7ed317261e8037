#!/usr/bin/env node
// `npm install` hook: builds the optional addons when their libraries are present, and never fails the install.
// - native/blas: the OpenBLAS matrix-product addon; without it cavlab runs on pure wasm (src/nn/native-blas.ts).
// - native/libsumo: SUMO in-process through libsumo (Debian's `sumo` package ships /usr/include/libsumo and
//   libsumocpp.so); without it runs use the TCP TraCI transport (src/traci/libsumo-link.ts).
// CAVLAB_NATIVE=0 skips both builds; CAVLAB_LIBSUMO_INCLUDE names another directory holding libsumo/.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (line) => process.stderr.write(`cavlab native: ${line}\n`);

function nodeGypCommand() {
  // npm exposes its bundled node-gyp to lifecycle scripts; outside npm, try npm's copy next to node, then PATH.
  const candidates = [process.env.npm_config_node_gyp, join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')];
  for (const candidate of candidates) if (candidate && existsSync(candidate)) return [process.execPath, candidate];
  return ['node-gyp'];
}

function nodeDir() {
  // node-gyp downloads headers unless told where they are; offline machines have them next to node.
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  const prefix = join(dirname(process.execPath), '..');
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? prefix : null;
}

/** Runs node-gyp in `dir`; returns null on success, else a one-line reason. */
function gypRebuild(dir) {
  const [file, ...pre] = nodeGypCommand();
  const headers = nodeDir();
  const args = [...pre, 'rebuild', '--silent', ...(headers ? [`--nodedir=${headers}`] : [])];
  const result = spawnSync(file, args, { cwd: dir, encoding: 'utf8' });
  if (!result.error && result.status === 0) return null;
  return result.error?.message ?? (result.stderr || result.stdout || '').trim().split('\n').filter(Boolean).slice(-1)[0] ?? `exit ${result.status}`;
}

function buildBlas() {
  const dir = join(root, 'native', 'blas');
  if (!existsSync(join(dir, 'binding.gyp'))) return say('skipped native/blas (not in this package)');
  const pc = spawnSync('pkg-config', ['--exists', 'openblas']);
  if (pc.error || pc.status !== 0) return say('OpenBLAS not found (pkg-config openblas; Debian: apt-get install libopenblas-dev) — using pure wasm');
  const failure = gypRebuild(dir);
  say(failure ? `build failed (${failure}) — using pure wasm` : 'built native/blas (wasm+openblas)');
}

function libsumoPresent() {
  const include = process.env.CAVLAB_LIBSUMO_INCLUDE || '/usr/include';
  if (!existsSync(join(include, 'libsumo', 'libsumo.h'))) return `no ${join(include, 'libsumo', 'libsumo.h')}`;
  const ld = spawnSync('ld', ['-lsumocpp', '-o', '/dev/null', '--shared'], { encoding: 'utf8' });
  if (ld.error) return null; // no linker to ask: let the build say
  return ld.status === 0 ? null : 'no libsumocpp.so on the linker path';
}

function buildLibsumo() {
  const dir = join(root, 'native', 'libsumo');
  if (!existsSync(join(dir, 'binding.gyp'))) return say('skipped native/libsumo (not in this package)');
  const missing = libsumoPresent();
  if (missing) return say(`libsumo not found (${missing}; Debian: apt-get install sumo) — runs use the TCP TraCI transport`);
  const failure = gypRebuild(dir);
  say(failure ? `libsumo build failed (${failure}) — runs use the TCP TraCI transport` : 'built native/libsumo (in-process SUMO)');
}

for (const build of [buildBlas, buildLibsumo]) {
  try {
    if (process.env.CAVLAB_NATIVE === '0') {
      say('skipped (CAVLAB_NATIVE=0)');
      break;
    }
    build();
  } catch (error) {
    say(`build skipped: ${error instanceof Error ? error.message : String(error)}`);
  }
}
process.exitCode = 0;
