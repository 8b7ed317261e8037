// TensorFlow.js backend selection: the fastest backend that loads here, or the one the user names.
// Order (issue 5): tfjs-node-gpu (installed and a GPU works) → tfjs-node → wasm → cpu. The node packages are
// optional: they cannot install on every machine, so they are loaded only through a guarded dynamic import.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { BackendUnavailableError } from './errors.js';
import { loadNativeBlas, nativeDisabledByEnv } from './native-blas.js';
import { installNativeMatMul, uninstallNativeMatMul } from './native-kernels.js';

export const BACKEND_NAMES = ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
/** What `--backend` accepts. */
export type BackendChoice = 'auto' | BackendName;
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', ...BACKEND_NAMES];

export interface BackendSelection {
  /** The backend in use; goes into the run manifest. */
  readonly name: BackendName;
  /** tfjs's own name for it (`tensorflow` for both node packages). */
  readonly tfName: string;
  /** Preferred backends that were passed over, and why. */
  readonly skipped: readonly { readonly backend: BackendName; readonly reason: string }[];
  /**
   * The compute path, for the run manifest: the backend name, plus `+openblas` when the native matrix-product
   * addon serves the wasm backend (`wasm+openblas`, `wasm`, `cpu`, `tfjs-node`, …).
   */
  readonly path: BackendPath;
  /** Why the addon is not in use on wasm (null when it is, or when the backend is not wasm). */
  readonly nativeSkipped: string | null;
}

export type BackendPath = BackendName | 'wasm+openblas';

export interface SelectBackendOptions {
  /** Where the one line about skipped backends goes (default: stderr). */
  readonly log?: (line: string) => void;
  /**
   * Use the OpenBLAS addon for wasm's matrix products when it loads (default: true unless CAVLAB_NATIVE=0).
   * false puts the stock kernels back.
   */
  readonly native?: boolean;
  /**
   * Say which backends were skipped even when the fast path (wasm+openblas) was reached (default: only with
   * CAVLAB_DEBUG=1). The path in use is in every run's manifest (versions.backend) either way.
   */
  readonly verbose?: boolean;
}

const NODE_PACKAGES = { 'tfjs-node-gpu': '@tensorflow/tfjs-node-gpu', 'tfjs-node': '@tensorflow/tfjs-node' } as const;

let current: BackendSelection | undefined;
let wasmPathsSet = false;
// The reason a preferred backend was skipped is worth one line per process, not one per run or worker call.
let skipNoticeShown = false;
// Likewise the reason the native addon is not used: one line per process.
let nativeNoticeShown = false;
// The BLAS thread count is set once, on the first load; later changes (bench, workers) are the caller's.
let blasThreadsChosen = false;

/** The backend chosen by the last `selectBackend` call in this process, if any. */
export function currentBackend(): BackendSelection | undefined {
  return current;
}

/**
 * OpenBLAS threads of this process when the native products are in use, else null. Runs made with another count
 * are not reproduced to the bit (OpenBLAS splits its products by thread count), so the manifest records it.
 */
export function blasThreads(): number | null {
  if (current?.path !== 'wasm+openblas') return null;
  const loaded = loadNativeBlas();
  return loaded.ok ? loaded.blas.getThreads() : null;
}

export function isBackendChoice(value: unknown): value is BackendChoice {
  return typeof value === 'string' && (BACKEND_CHOICES as readonly string[]).includes(value);
}

/**
 * Makes `choice` the active tfjs backend and returns which one it is. With 'auto', tries each backend in
 * order and logs once which preferred ones were skipped and why. A named backend that fails throws.
 */
export async function selectBackend(choice: BackendChoice = 'auto', options: SelectBackendOptions = {}): Promise<BackendSelection> {
  const order: readonly BackendName[] = choice === 'auto' ? BACKEND_NAMES : [choice];
  const skipped: { backend: BackendName; reason: string }[] = [];
  for (const backend of order) {
    const reason = await tryBackend(backend);
    if (reason === null) {
      const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
      const nativeSkipped = backend === 'wasm' ? useNative(options.native ?? !nativeDisabledByEnv()) : null;
      const path: BackendPath = backend === 'wasm' && nativeSkipped === null ? 'wasm+openblas' : backend;
      current = { name: backend, tfName: tf.getBackend(), skipped, path, nativeSkipped };
      const verbose = options.verbose ?? process.env.CAVLAB_DEBUG === '1';
      if (skipped.length > 0 && choice === 'auto' && !skipNoticeShown && (verbose || path !== 'wasm+openblas')) {
        skipNoticeShown = true;
        log(`nn backend: ${path} (skipped ${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')})`);
      }
      // Said once: a user who turned the addon off (native: false / CAVLAB_NATIVE=0) needs no reminder.
      if (nativeSkipped !== null && nativeSkipped !== NATIVE_OFF && !nativeNoticeShown) {
        nativeNoticeShown = true;
        log(`nn backend: wasm without OpenBLAS (${nativeSkipped}); using the pure-wasm path`);
      }
      return current;
    }
    if (choice !== 'auto') throw new BackendUnavailableError(backend, reason);
    skipped.push({ backend, reason });
  }
  // The cpu backend ships inside @tensorflow/tfjs, so getting here means tfjs itself is broken.
  throw new BackendUnavailableError('auto', skipped.map((s) => `${s.backend}: ${s.reason}`).join('; '));
}

const NATIVE_OFF = 'native matrix products switched off';

/** Installs (or removes) the addon's kernels on wasm; null when they are in use, else why not. */
function useNative(wanted: boolean): string | null {
  if (!wanted) {
    uninstallNativeMatMul();
    return NATIVE_OFF;
  }
  const loaded = loadNativeBlas();
  if (!loaded.ok) {
    uninstallNativeMatMul();
    return loaded.reason;
  }
  // One BLAS thread unless the user chose (OPENBLAS_NUM_THREADS): at these sizes a second thread gains little
  // alone and costs a lot when the other core is busy (measured 12.7 vs 35.8 ms/update on a loaded 2-vCPU box;
  // performance.md: 2 threads per process made PyTorch erratic too).
  if (process.env['OPENBLAS_NUM_THREADS'] === undefined && !blasThreadsChosen) {
    loaded.blas.setThreads(1);
    blasThreadsChosen = true;
  }
  installNativeMatMul(loaded.blas);
  return null;
}

/** null when `backend` is now active, otherwise the reason it is not usable. */
async function tryBackend(backend: BackendName): Promise<string | null> {
  try {
    switch (backend) {
      case 'tfjs-node-gpu': {
        // Decision: "a GPU works" = the NVIDIA driver is loaded; without it tfjs-node-gpu silently runs on the CPU.
        if (!existsSync('/proc/driver/nvidia/version')) return 'no NVIDIA driver (/proc/driver/nvidia/version)';
        return await useNodeBackend(NODE_PACKAGES[backend]);
      }
      case 'tfjs-node':
        return await useNodeBackend(NODE_PACKAGES[backend]);
      case 'wasm':
        if (!wasmPathsSet) {
          setWasmPaths(wasmDirectory());
          wasmPathsSet = true;
        }
        return (await tf.setBackend('wasm')) ? null : 'tf.setBackend("wasm") failed';
      case 'cpu':
        return (await tf.setBackend('cpu')) ? null : 'tf.setBackend("cpu") failed';
    }
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0] ?? error.name : String(error);
  }
}

async function useNodeBackend(specifier: string): Promise<string | null> {
  try {
    // A variable specifier keeps TypeScript from requiring the (absent) package's types.
    const loaded: unknown = await import(specifier);
    if (loaded === undefined) return `${specifier} did not load`;
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return `${specifier} is not installed`;
    // Installed but broken (e.g. its native binding does not load): say what failed.
    const message = error instanceof Error ? error.message.split('\n')[0] ?? error.name : String(error);
    return `${specifier} failed to load: ${message}`;
  }
  // Both node packages register their backend under the name 'tensorflow'.
  if (tf.findBackendFactory('tensorflow') === null) return `${specifier} loaded but registered no 'tensorflow' backend (another copy of tfjs-core?)`;
  return (await tf.setBackend('tensorflow')) ? null : 'tf.setBackend("tensorflow") failed';
}

/**
 * The directory holding tfjs-backend-wasm's .wasm files, with a trailing slash as `setWasmPaths` wants it.
 * Resolved through Node's resolver so it works from src/ (vitest) and dist/ alike.
 */
export function wasmDirectory(): string {
  const require = createRequire(import.meta.url);
  // The package's "main" is dist/tf-backend-wasm.node.js, next to the .wasm files.
  return `${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`;
}
