// How a run reaches SUMO: 'traci' starts the sumo binary and talks TraCI over TCP; 'libsumo' runs SUMO inside
// this process through the native/libsumo addon. Both give the same TraciClient (same commands, results and
// errors). libsumo holds ONE simulation per process: a second one in the same process is a usage error, and
// sweeps already run one process per run. A crash inside libsumo (a signal, not an exception) ends this
// process, and only it: see README "In-process SUMO".
import { CavlabUsageError } from '../errors.js';
import { TraciClient, assertSupported } from '../traci/client.js';
import { addonErrorCode, loadLibsumo } from '../traci/libsumo-addon.js';
import { LibsumoLink } from '../traci/libsumo-link.js';
import { buildSumoArgs } from './cmdline.js';
import { SumoStartError } from './errors.js';
import { launch } from './launch.js';
import { checkSumoInputs } from './process.js';
import type { LaunchOptions } from './launch.js';

export const TRANSPORTS = ['traci', 'libsumo'] as const;
export type Transport = (typeof TRANSPORTS)[number];
/** What a config or flag may say: a transport, or 'auto' (libsumo when the addon loads and there is no GUI). */
export type TransportChoice = Transport | 'auto';
export const TRANSPORT_CHOICES: readonly TransportChoice[] = ['auto', ...TRANSPORTS];

export class TransportError extends CavlabUsageError {}

export interface ResolvedTransport {
  readonly transport: Transport;
  /** Why this transport, for logs ("libsumo addon loaded", "--gui needs sumo-gui over TCP", …). */
  readonly reason: string;
}

/**
 * The transport a run uses. 'auto' picks libsumo when the addon loads and SUMO is neither shown (`gui`) nor
 * a named binary (`sumoBinary`); an explicit 'libsumo' that cannot be honoured is a TransportError (exit 2).
 */
export function resolveTransport(choice: TransportChoice, options: { readonly gui?: boolean; readonly sumoBinary?: string } = {}): ResolvedTransport {
  if (choice === 'traci') return { transport: 'traci', reason: 'asked for' };
  const blocker = options.gui ? 'sumo-gui runs only as a TCP server' : options.sumoBinary ? `a named SUMO binary (${options.sumoBinary}) runs only as a TCP server` : null;
  const load = loadLibsumo();
  if (choice === 'libsumo') {
    if (blocker) throw new TransportError(`--transport libsumo: ${blocker}; use --transport traci`);
    if (!load.ok) throw new TransportError(`--transport libsumo: the libsumo addon is not available (${load.reason}); use --transport traci`);
    return { transport: 'libsumo', reason: 'asked for' };
  }
  if (blocker) return { transport: 'traci', reason: blocker };
  return load.ok ? { transport: 'libsumo', reason: 'libsumo addon loaded' } : { transport: 'traci', reason: load.reason };
}

/** SUMO's options (cpu, port, binary and timeouts apply to the TCP transport only) and the transport. */
export type OpenOptions = LaunchOptions & { readonly transport: Transport };

/** Starts SUMO through `transport` and returns a client whose API version is checked. */
export async function openSimulation(options: OpenOptions): Promise<TraciClient> {
  const { transport, ...run } = options;
  if (transport === 'traci') return launch(run);
  const client = startLibsumo(run);
  try {
    assertSupported(await client.getVersion());
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
  return client;
}

function startLibsumo(run: LaunchOptions): TraciClient {
  const load = loadLibsumo();
  if (!load.ok) throw new TransportError(`libsumo transport: the addon is not available (${load.reason})`);
  checkSumoInputs(run); // the same one-line SumoInputError as the TCP launcher
  const args = buildSumoArgs(run, null);
  try {
    load.addon.start(args);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (addonErrorCode(error) === 'USAGE') throw new TransportError(`libsumo transport: ${message}`);
    throw new SumoStartError(`SUMO could not start in-process (libsumo): ${message}`, ['libsumo', ...args], '', { cause: error });
  }
  return new TraciClient(new LibsumoLink(load.addon));
}
