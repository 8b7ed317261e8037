// The human-driver baseline (algorithms.md, "IDM"): SUMO's car-following model drives every vehicle, learners
// included; nothing is learned. The upper reference of the RSM-MASAC figures.
import { parseFields } from '../../config-fields.js';
import type { Controller, StepContext, Transition } from '../../controller.js';
import { readControllerCheckpoint, writeControllerCheckpoint } from '../../controller-checkpoint.js';
import { PoolError } from '../../errors.js';

/** IDM has no hyper-parameters of its own (SUMO's vehicle type sets the model's). */
export type IdmConfig = Readonly<Record<never, never>>;
export const IDM_DEFAULTS: IdmConfig = {};

export function parseIdmConfig(raw: unknown, where: string): IdmConfig {
  return parseFields(raw, where, IDM_DEFAULTS, {});
}

export class IdmController implements Controller {
  readonly id = 'idm';
  readonly drives = false;
  readonly policyParameters = null;

  act(agentIds: readonly string[]): Float32Array {
    throw new PoolError(`idm does not choose actions (SUMO drives); act was called for ${agentIds.length} agents`);
  }

  observe(_transitions: readonly Transition[]): void {}

  update(_ctx: StepContext): number {
    return 0;
  }

  endEpisode(_ctx: StepContext): void {}

  /** A checkpoint that says only "idm", so resuming works the same way for every controller. */
  async save(dir: string): Promise<void> {
    await writeControllerCheckpoint(dir, this.id, IDM_DEFAULTS, {});
  }

  async load(dir: string): Promise<void> {
    await readControllerCheckpoint(dir, this.id, IDM_DEFAULTS);
  }

  dispose(): void {}
}
