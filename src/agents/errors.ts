// Errors of the agents layer: bad controller configs and names are the user's to fix (exit 2); a pool or
// checkpoint in a state it cannot handle is a failure (exit 1).
import { CavlabError, CavlabUsageError } from '../errors.js';

/** A controller hyper-parameter with the wrong type or range; the message names the field and the value. */
export class ControllerConfigError extends CavlabUsageError {
  constructor(readonly field: string, readonly problem: string, readonly value: unknown) {
    super(`${field}: ${problem}, got ${describe(value)}`);
  }
}

/** An algorithm id that no controller is registered under. */
export class UnknownControllerError extends CavlabUsageError {
  constructor(readonly algorithm: string, readonly known: readonly string[]) {
    super(`unknown algorithm '${algorithm}' (known: ${known.join(', ')})`);
  }
}

/** The agent pool was used out of order (an agent observed before it acted, a non-fresh pool loaded, …). */
export class PoolError extends CavlabError {}

/** The networks a run's learners should start from (run field `init`) do not fit this controller. */
export class LearnerInitError extends CavlabUsageError {}

/** A step with more learners than a controller that pads its joint steps holds rows for (SVMIX's `maxAgents`). */
export class TooManyAgentsError extends CavlabError {
  constructor(readonly field: string, readonly agents: number, readonly rows: number) {
    super(`${agents} learners in one step exceed ${field} = ${rows}; raise ${field}`);
  }
}

/** A checkpoint that cannot be written, or read back into this controller. */
export class CheckpointError extends CavlabError {
  constructor(readonly dir: string, problem: string, options?: { cause?: unknown }) {
    super(`checkpoint ${dir}: ${problem}`, options);
  }
}

/** A model-predictive planner asked to plan with models it cannot use (MA-PETS: unfitted or mismatched ensembles). */
export class PlannerError extends CavlabError {}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const json: string | undefined = JSON.stringify(value);
  const text = json ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
