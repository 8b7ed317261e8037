#!/usr/bin/env node
// `npm install` hook: builds the optional OpenBLAS matrix-product addon (native/blas) when a compiler and
// OpenBLAS are present. It never fails the install: without the addon cavlab runs on pure wasm
// (src/nn/native-blas.ts says so once at run time). CAVLAB_NATIVE=0 skips the build.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const addonDir = join(root, 'native', 'blas');
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

function main() {
  if (process.env.CAVLAB_NATIVE === '0') return say('skipped (CAVLAB_NATIVE=0)');
  if (!existsSync(join(addonDir, 'binding.gyp'))) return say('skipped (native/blas not in this package)');
  const pc = spawnSync('pkg-config', ['--exists', 'openblas']);
  if (pc.error || pc.status !== 0) return say('OpenBLAS not found (pkg-config openblas; Debian: apt-get install libopenblas-dev) — using pure wasm');
  const [file, ...pre] = nodeGypCommand();
  const dir = nodeDir();
  const args = [...pre, 'rebuild', '--silent', ...(dir ? [`--nodedir=${dir}`] : [])];
  const result = spawnSync(file, args, { cwd: addonDir, encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    const detail = result.error?.message ?? (result.stderr || result.stdout || '').trim().split('\n').filter(Boolean).slice(-1)[0] ?? `exit ${result.status}`;
    return say(`build failed (${detail}) — using pure wasm`);
  }
  say('built native/blas (wasm+openblas)');
}

try {
  main();
} catch (error) {
  say(`build skipped: ${error instanceof Error ? error.message : String(error)}`);
}
process.exitCode = 0;
