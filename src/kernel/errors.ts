import { CavlabUsageError } from '../errors.js';

/** The kernel was used out of order (a step before the simulation started). */
export class KernelUsageError extends CavlabUsageError {}
