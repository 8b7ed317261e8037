// Files that ship with the package, found from wherever the code runs (dist/ or src/ under vitest).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const parsed: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
      if (typeof parsed === 'object' && parsed !== null && 'name' in parsed && parsed.name === 'cavlab') return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cavlab's package.json not found above ${start}`);
    dir = parent;
  }
}

export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** The 14-vehicle ring used by `sumo check`, the TraCI benchmark and the protocol tests. */
export const RING_SUMOCFG = join(PACKAGE_ROOT, 'test', 'fixtures', 'sumo', 'ring', 'ring.sumocfg');

export function packageVersion(): string {
  const parsed: unknown = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8'));
  return typeof parsed === 'object' && parsed !== null && 'version' in parsed && typeof parsed.version === 'string' ? parsed.version : '0.0.0';
}
