// The optional libsumo addon (native/libsumo, built by `npm install` when Debian's sumo headers and
// libsumocpp.so are present). Loaded at most once per process through a guarded require: a missing or broken
// build is a reason string, never an exception, so callers fall back to the TCP transport (issue 22).
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../paths.js';
import { nativeDisabledByEnv, NATIVE_ENV } from '../nn/native-blas.js';
import { requireAddon } from '../util/native-addon.js';

/** The addon's exports (native/libsumo/src/addon.cc documents them). */
export interface LibsumoAddon {
  /** Starts SUMO in this process with `args` (without the binary). One simulation per process. */
  start(args: readonly string[]): void;
  /** Answers one framed TraCI message (4-byte length included) with the answer's body. */
  exchange(message: Uint8Array): Buffer;
  /** Ends the simulation; safe to call twice. */
  close(): void;
  running(): boolean;
}

export type LibsumoLoad = { readonly ok: true; readonly addon: LibsumoAddon; readonly file: string } | { readonly ok: false; readonly reason: string };

/** Where `npm install` (scripts/build-native.mjs) puts the addon. */
export const LIBSUMO_ADDON_FILE = join(PACKAGE_ROOT, 'native', 'libsumo', 'build', 'Release', 'cavlab_libsumo.node');

let cached: LibsumoLoad | undefined;

/** Loads the addon once (CAVLAB_NATIVE=0 keeps it out, as it does the BLAS addon). */
export function loadLibsumo(): LibsumoLoad {
  if (nativeDisabledByEnv()) return { ok: false, reason: `${NATIVE_ENV}=0` };
  cached ??= tryLoad(LIBSUMO_ADDON_FILE);
  return cached;
}

function tryLoad(file: string): LibsumoLoad {
  const load = requireAddon<LibsumoAddon>(file, ['start', 'exchange', 'close', 'running'], "g++, make and Debian's sumo package with /usr/include/libsumo");
  return load.ok ? { ok: true, addon: load.addon, file } : load;
}

/** The `code` the addon puts on the errors it throws. */
export function addonErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
