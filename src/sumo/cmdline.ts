// SUMO's command line from typed options: a pure function, never a shell string.

export type CollisionAction = 'none' | 'warn' | 'teleport' | 'remove';

export interface SumoRunOptions {
  /** A .sumocfg; or give netFile (+ routeFiles). */
  readonly configFile?: string;
  readonly netFile?: string;
  readonly routeFiles?: readonly string[];
  readonly additionalFiles?: readonly string[];
  /** Random seed (--seed); without it SUMO's default seed is used, so runs are reproducible. */
  readonly seed?: number;
  /** Step length in s (--step-length). */
  readonly stepLength?: number;
  /** Begin/end time in s. */
  readonly begin?: number;
  readonly end?: number;
  /** s; -1 disables teleporting of stuck vehicles (the papers' setting). */
  readonly timeToTeleport?: number;
  readonly collisionAction?: CollisionAction;
  readonly collisionCheckJunctions?: boolean;
  /** Default true: no per-step progress line on stdout. */
  readonly noStepLog?: boolean;
  readonly noWarnings?: boolean;
  /** For sumo-gui: start running at once and quit at the end. */
  readonly gui?: boolean;
  /** Appended last, as given. */
  readonly extraArgs?: readonly string[];
}

/**
 * argv for SUMO serving TraCI on `port` (without the binary). `port` null leaves the port out: what TraCI's
 * load command takes to restart a running SUMO, whose link stays.
 */
export function buildSumoArgs(options: SumoRunOptions, port: number | null): string[] {
  const args: string[] = [];
  if (options.configFile) args.push('-c', options.configFile);
  if (options.netFile) args.push('--net-file', options.netFile);
  if (options.routeFiles?.length) args.push('--route-files', options.routeFiles.join(','));
  if (options.additionalFiles?.length) args.push('--additional-files', options.additionalFiles.join(','));
  if (port !== null) args.push('--remote-port', String(port));
  if (options.seed !== undefined) args.push('--seed', String(options.seed));
  if (options.stepLength !== undefined) args.push('--step-length', String(options.stepLength));
  if (options.begin !== undefined) args.push('--begin', String(options.begin));
  if (options.end !== undefined) args.push('--end', String(options.end));
  if (options.timeToTeleport !== undefined) args.push('--time-to-teleport', String(options.timeToTeleport));
  if (options.collisionAction) args.push('--collision.action', options.collisionAction);
  if (options.collisionCheckJunctions !== undefined) args.push('--collision.check-junctions', String(options.collisionCheckJunctions));
  if (options.noStepLog ?? true) args.push('--no-step-log', 'true');
  if (options.noWarnings) args.push('--no-warnings', 'true');
  if (options.gui) args.push('--start', '--quit-on-end');
  if (options.extraArgs) args.push(...options.extraArgs);
  return args;
}
