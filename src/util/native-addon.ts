// Guarded loading of an optional N-API addon (native/blas, native/libsumo): a missing or broken build is a reason
// string, never an exception, so callers fall back to their pure path.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export type AddonLoad<T> = { readonly ok: true; readonly addon: T; readonly file: string } | { readonly ok: false; readonly reason: string };

/**
 * Requires `file` and checks that it exports every function in `functions`. `needs` says what building it takes
 * (for the "not built" reason).
 */
export function requireAddon<T>(file: string, functions: readonly (keyof T & string)[], needs: string): AddonLoad<T> {
  if (!existsSync(file)) return { ok: false, reason: `${file} not built (needs ${needs} at npm install)` };
  try {
    const require = createRequire(import.meta.url);
    const loaded: unknown = require(file);
    if (!exportsAll<T>(loaded, functions)) return { ok: false, reason: `${file} does not export ${functions.join('/')} (rebuild: node scripts/build-native.mjs)` };
    return { ok: true, addon: loaded, file };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] ?? error.name : String(error);
    return { ok: false, reason: `${file} failed to load: ${message}` };
  }
}

function exportsAll<T>(value: unknown, functions: readonly string[]): value is T {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return functions.every((name) => typeof record[name] === 'function');
}
