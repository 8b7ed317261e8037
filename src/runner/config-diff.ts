// Which fields of two recorded run configs differ (for `--resume` with another config): dotted paths with both
// values, e.g. `episodes (on disk 2, now 4)`, `algoConfig.actorLr (on disk 0.0003, now 0.001)`.
import type { JsonValue } from '../metrics/manifest.js';
import { PLACEMENT_FIELDS } from '../agents/controller-checkpoint.js';
import { schedule } from './schedule.js';
import type { PlanFields } from './schedule.js';

const NONE: ReadonlySet<string> = new Set();

function isObject(v: JsonValue | undefined): v is { readonly [key: string]: JsonValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Placement fields of the controller (algoConfig.learnerWorkers, fitWorkers) never differ: every layout gives the same
 * numbers, so a run continues in any (and runs recorded before such a field existed still match).
 */
export function configDifferences(onDisk: JsonValue, now: JsonValue, prefix = ''): string[] {
  if (isObject(onDisk) && isObject(now)) {
    const placement = prefix === 'algoConfig.' ? PLACEMENT_FIELDS : NONE;
    const keys = [...new Set([...Object.keys(onDisk), ...Object.keys(now)])].filter((key) => !placement.has(key));
    return keys.flatMap((key) => configDifferences(onDisk[key] ?? null, now[key] ?? null, `${prefix}${key}.`));
  }
  if (JSON.stringify(onDisk) === JSON.stringify(now)) return [];
  return [`${prefix.slice(0, -1)} (on disk ${JSON.stringify(onDisk)}, now ${JSON.stringify(now)})`];
}

/**
 * Null when `now` may continue the run on disk with more training episodes (`--episodes N --resume`): the recorded
 * configs differ only in `episodes`, which grows, and the episodes already planned stay the same ones (a plan
 * evaluates after its last epoch, so the old last epoch must fall on the --eval-every grid). Else the reason.
 */
export function extensionProblem(onDisk: JsonValue, now: JsonValue, oldEpisodes: number, plan: PlanFields): string | null {
  const others = configDifferences(withoutEpisodes(onDisk), withoutEpisodes(now));
  if (others.length > 0) return 'only --episodes may change when a run is continued';
  if (plan.episodes < oldEpisodes) return `a run is not shortened (${oldEpisodes} training episodes on disk)`;
  const before = schedule({ ...plan, episodes: oldEpisodes });
  const after = schedule(plan);
  const same = before.every((e, i) => JSON.stringify(e) === JSON.stringify(after[i]));
  return same ? null : `its evaluation after epoch ${oldEpisodes} is not in a plan of ${plan.episodes} episodes with --eval-every ${plan.evalEvery} (extend a run whose episodes are a multiple of it, or start another with --name)`;
}

function withoutEpisodes(config: JsonValue): JsonValue {
  if (!isObject(config)) return config;
  const { episodes: _episodes, ...rest } = config;
  return rest;
}
