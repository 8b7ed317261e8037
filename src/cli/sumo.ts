import type { Argv, CommandModule } from 'yargs';
import { RING_SUMOCFG } from '../paths.js';
import { findSumo, sumoHomeFor, sumoVersion } from '../sumo/binary.js';
import { launch } from '../sumo/launch.js';
import { typedCommand } from './typed-command.js';

interface CheckArgs { sumoBinary?: string; json: boolean }

/** What `cavlab sumo check` found. */
export interface SumoCheck {
  readonly binary: string;
  /** $SUMO_HOME as set in the environment, or null when unset. */
  readonly sumoHome: string | null;
  /** The SUMO_HOME cavlab gives SUMO: the environment's, else derived from the binary's location. */
  readonly sumoHomeUsed: string | null;
  readonly version: string;
  readonly traciApi: number;
  readonly traciIdentifier: string;
}

/** Finds SUMO, reads its version, and starts it once to read the TraCI API version. */
export async function checkSumo(binary?: string): Promise<SumoCheck> {
  const path = findSumo(binary ? { binary } : {});
  const version = await sumoVersion(path);
  const client = await launch({ configFile: RING_SUMOCFG, sumoBinary: path });
  try {
    const info = await client.getVersion();
    return { binary: path, sumoHome: process.env.SUMO_HOME || null, sumoHomeUsed: sumoHomeFor(path) ?? null, version: version.version, traciApi: info.apiVersion, traciIdentifier: info.sumoVersion };
  } finally {
    await client.close();
  }
}

/** "SUMO_HOME /x", or "SUMO_HOME unset; cavlab passes /usr/share/sumo, found beside the binary". */
function homeText(result: SumoCheck): string {
  if (result.sumoHome !== null) return `SUMO_HOME ${result.sumoHome}`;
  return result.sumoHomeUsed === null ? 'SUMO_HOME unset' : `SUMO_HOME unset; cavlab passes ${result.sumoHomeUsed}, found beside the binary`;
}

const check = typedCommand<CheckArgs>()({
  command: 'check',
  describe: 'Find SUMO and print its path, version and TraCI API version',
  builder: (y: Argv) =>
    y.option('sumo-binary', { type: 'string', describe: 'SUMO binary to use instead of $SUMO_HOME/bin or PATH' })
      .option('json', { type: 'boolean', default: false, describe: 'Print JSON' }),
  handler: async (args) => {
    const result = await checkSumo(args.sumoBinary);
    if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else process.stdout.write(`SUMO ${result.version} at ${result.binary} (${homeText(result)}), TraCI API ${result.traciApi}\n`);
  },
});

export const sumoCommand: CommandModule = {
  command: 'sumo <command>',
  describe: 'SUMO installation',
  builder: (y: Argv) => y.command(check).demandCommand(1),
  handler: () => undefined,
};
