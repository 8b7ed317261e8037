import { CavlabUsageError } from '../errors.js';

/** The env was used out of order or given actions it cannot apply. */
export class EnvUsageError extends CavlabUsageError {}
