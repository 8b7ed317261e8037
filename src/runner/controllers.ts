// --algo and its hyper-parameters → a typed config (checked before anything starts) and a factory for the
// run's controller, once the env knows the spaces.
import type { AgentSpaces, Controller } from '../agents/controller.js';
import { controllerSpec } from '../agents/controllers/registry.js';
import type { JsonValue } from '../metrics/manifest.js';

export interface PreparedController {
  /** Every hyper-parameter, defaults filled in (recorded in the manifest). */
  readonly resolvedConfig: JsonValue;
  create(spaces: AgentSpaces, seed: number): Controller;
}

export function prepareController(algo: string, raw: Readonly<Record<string, unknown>>, where: string): PreparedController {
  const spec = controllerSpec(algo);
  const config = spec.parseConfig(raw, where);
  return {
    // Configs are plain data (numbers, strings, arrays); a JSON round trip makes that explicit.
    resolvedConfig: JSON.parse(JSON.stringify(config)) as JsonValue,
    create: (spaces, seed) => spec.create(spaces, config, seed),
  };
}
