// Which fields of two recorded run configs differ (for `--resume` with another config): dotted paths with both
// values, e.g. `episodes (on disk 2, now 4)`, `algoConfig.actorLr (on disk 0.0003, now 0.001)`.
import type { JsonValue } from '../metrics/manifest.js';

function isObject(v: JsonValue | undefined): v is { readonly [key: string]: JsonValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function configDifferences(onDisk: JsonValue, now: JsonValue, prefix = ''): string[] {
  if (isObject(onDisk) && isObject(now)) {
    const keys = [...new Set([...Object.keys(onDisk), ...Object.keys(now)])];
    return keys.flatMap((key) => configDifferences(onDisk[key] ?? null, now[key] ?? null, `${prefix}${key}.`));
  }
  if (JSON.stringify(onDisk) === JSON.stringify(now)) return [];
  return [`${prefix.slice(0, -1)} (on disk ${JSON.stringify(onDisk)}, now ${JSON.stringify(now)})`];
}
