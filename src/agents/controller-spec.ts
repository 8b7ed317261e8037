// How a controller is registered (controllers/registry.ts): its id, description, typed defaults, config parser and
// factory. Each controller folder exports one spec; the registry lists them.
import type { AgentSpaces, Controller } from './controller.js';

export interface ControllerSpec<C = unknown> {
  readonly id: string;
  readonly description: string;
  /** The paper's hyper-parameters. */
  readonly defaults: C;
  /** Typed config from raw input (undefined = defaults); one-line errors naming `where.field` and the value. */
  parseConfig(raw: unknown, where: string): C;
  create(spaces: AgentSpaces, config: C, seed: number): Controller;
}
