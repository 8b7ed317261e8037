// The package's entry points: start SUMO and get a client, or connect to a SUMO started elsewhere.
import { Connection } from '../traci/connection.js';
import { TraciClient, assertSupported } from '../traci/client.js';
import { SumoProcess } from './process.js';
import type { SumoProcessOptions } from './process.js';

export type LaunchOptions = SumoProcessOptions;

/**
 * Starts SUMO with `options`, connects and checks the TraCI version. `client.close()` ends the
 * simulation and waits for SUMO to exit (SIGKILL after a timeout); SUMO never outlives this process.
 */
export async function launch(options: LaunchOptions): Promise<TraciClient> {
  const sumo = await SumoProcess.start(options);
  try {
    assertSupported(sumo.version);
  } catch (error) {
    await sumo.kill();
    throw error;
  }
  return new TraciClient(sumo.connection, { server: sumo });
}

export interface ConnectOptions {
  readonly port: number;
  readonly host?: string;
  readonly requestTimeoutMs?: number;
}

/** Connects to a SUMO already serving TraCI (e.g. `sumo-gui --remote-port 8813`). */
export async function connect(options: ConnectOptions): Promise<TraciClient> {
  const connection = await Connection.connect(options);
  const client = new TraciClient(connection);
  try {
    await client.checkVersion();
  } catch (error) {
    connection.destroy();
    throw error;
  }
  return client;
}
