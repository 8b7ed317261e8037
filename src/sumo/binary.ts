// Where SUMO lives and which version it is.
import { accessSync, constants as fsConstants, existsSync, realpathSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { execa } from 'execa';
import { SumoNotFoundError } from './errors.js';

export interface FindSumoOptions {
  /** Explicit binary (`--sumo-binary`); wins over everything else. */
  readonly binary?: string;
  /** sumo-gui instead of sumo. */
  readonly gui?: boolean;
  readonly env?: NodeJS.ProcessEnv;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Looks in this order: the explicit binary, $SUMO_HOME/bin, then PATH. */
export function findSumo(options: FindSumoOptions = {}): string {
  const env = options.env ?? process.env;
  const name = options.gui ? 'sumo-gui' : 'sumo';
  if (options.binary) {
    if (!isExecutable(options.binary)) throw new SumoNotFoundError(`SUMO binary ${options.binary} does not exist or is not executable`);
    return options.binary;
  }
  const candidates: string[] = [];
  if (env.SUMO_HOME) candidates.push(join(env.SUMO_HOME, 'bin', name));
  for (const dir of (env.PATH ?? '').split(delimiter)) if (dir) candidates.push(join(dir, name));
  const found = candidates.find(isExecutable);
  if (!found) {
    throw new SumoNotFoundError(
      `${name} not found in $SUMO_HOME/bin or PATH; install it (Debian: apt-get install sumo sumo-tools) or pass --sumo-binary`,
    );
  }
  return found;
}

/**
 * SUMO_HOME for the child: the environment's, else `share/sumo` beside the binary's directory (Debian
 * layout: /usr/bin/sumo → /usr/share/sumo). SUMO 1.15 rejects route files that reference its XML
 * schemas when it is unset.
 */
export function sumoHomeFor(binary: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.SUMO_HOME) return env.SUMO_HOME;
  let real = binary;
  try {
    real = realpathSync(binary);
  } catch {
    // keep the given path
  }
  const candidate = join(dirname(dirname(real)), 'share', 'sumo');
  return existsSync(candidate) ? candidate : undefined;
}

export interface SumoVersion {
  /** e.g. "1.15.0" */
  readonly version: string;
  readonly major: number;
  readonly minor: number;
}

/** Parses the first line of `sumo --version` ("Eclipse SUMO sumo Version 1.15.0"). */
export function parseSumoVersion(text: string): SumoVersion | undefined {
  const match = /Version v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  if (!match) return undefined;
  return { version: `${match[1]}.${match[2]}${match[3] ? `.${match[3]}` : ''}`, major: Number(match[1]), minor: Number(match[2]) };
}

export async function sumoVersion(binary: string): Promise<SumoVersion> {
  const result = await execa(binary, ['--version'], { reject: false, timeout: 10_000, stdin: 'ignore' });
  const parsed = parseSumoVersion(`${result.stdout}\n${result.stderr}`);
  if (!parsed) throw new SumoNotFoundError(`${binary} --version did not print a SUMO version (exit ${result.exitCode ?? 'none'})`);
  return parsed;
}
