// TEMPORARY stand-in until the agents branch lands: resolves --algo and its config.
import type { AgentSpaces, Controller } from '../agents/controller.js';
import { CavlabUsageError } from '../errors.js';
import type { JsonValue } from '../metrics/manifest.js';

export interface PreparedController {
  readonly resolvedConfig: JsonValue;
  create(spaces: AgentSpaces, seed: number): Controller;
}

export function prepareController(algo: string, raw: Readonly<Record<string, unknown>>, source: string): PreparedController {
  if (algo !== 'idm') throw new CavlabUsageError(`${source}: unknown algorithm "${algo}"; known: idm`);
  if (Object.keys(raw).length > 0) throw new CavlabUsageError(`${source}: idm takes no hyper-parameters`);
  return {
    resolvedConfig: {},
    create: () => ({
      id: 'idm', drives: false, policyParameters: null,
      act: () => new Float32Array(0), observe: () => undefined, update: () => 0, endEpisode: () => undefined,
      save: async () => undefined, load: async () => undefined, dispose: () => undefined,
    }),
  };
}
