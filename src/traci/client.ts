// The TraCI client: a link (TCP Connection or in-process libsumo, link.ts) plus the domains with Python traci's method names, typed
// subscriptions, and `execute` to send any number of commands in one round trip.
import * as C from './constants.js';
import { plainCommand } from './command.js';
import type { Command, DomainIds, ResultsOf, Variable } from './command.js';
import { edgeCommands, EDGE, edgeVariables } from './domains/edge.js';
import { laneCommands, LANE, laneVariables } from './domains/lane.js';
import { routeCommands, ROUTE, routeVariables } from './domains/route.js';
import { simulationCommands, SIMULATION, simulationVariables } from './domains/simulation.js';
import { vehicleCommands, VEHICLE, vehicleVariables } from './domains/vehicle.js';
import { vehicletypeCommands, VEHICLETYPE, vehicletypeVariables } from './domains/vehicletype.js';
import { TraciConnectionError, TraciVersionError } from './errors.js';
import type { TraciLink } from './link.js';
import { GenericSubscriptions, SubscriptionGroup, SubscriptionRegistry } from './subscriptions.js';
import type { VariableSpec } from './subscriptions.js';

/** TraCI API versions this client is written and tested for (SUMO 1.15 = API 20). */
export const SUPPORTED_API_VERSIONS: readonly number[] = [20];

type Builders = Readonly<Record<string, (...args: never[]) => Command<unknown>>>;
/** A domain's command builders turned into async methods that each make one round trip. */
export type Bound<B extends Builders> = {
  readonly [K in keyof B]: B[K] extends (...args: infer A) => Command<infer T> ? (...args: A) => Promise<T> : never;
};

/** Python traci's untyped subscription calls for one domain. */
export interface UntypedSubscriptions {
  /** Subscribe `objectId` to `varIds`; `parameters` maps a variable id to its double parameter. */
  subscribe(objectId: string, varIds: readonly number[], begin?: number, end?: number, parameters?: ReadonlyMap<number, number>): Promise<void>;
  unsubscribe(objectId: string): Promise<void>;
  /** Values of the last step by variable id, or undefined when SUMO sent none for the object. */
  getSubscriptionResults(objectId: string): ReadonlyMap<number, unknown> | undefined;
  getAllSubscriptionResults(): ReadonlyMap<string, ReadonlyMap<number, unknown>>;
}

export type DomainApi<B extends Builders> = Bound<B> & UntypedSubscriptions;

/** What SUMO answered to getVersion. */
export interface VersionInfo { readonly apiVersion: number; readonly sumoVersion: string }

/** The builders of every domain, for `client.execute([...])` batches. */
export const commands = {
  simulation: simulationCommands,
  vehicle: vehicleCommands,
  lane: laneCommands,
  edge: edgeCommands,
  route: routeCommands,
  vehicletype: vehicletypeCommands,
} as const;

function knownVariables(table: Readonly<Record<string, unknown>>): Map<number, Variable<unknown>> {
  const known = new Map<number, Variable<unknown>>();
  for (const entry of Object.values(table)) {
    // Parameterised variables are factories: their default instance gives the id and the reader.
    const value: unknown = typeof entry === 'function' ? (entry as () => unknown)() : entry;
    if (typeof value === 'object' && value !== null && 'id' in value && 'read' in value) {
      const v = value as Variable<unknown>;
      known.set(v.id, v);
    }
  }
  return known;
}

/** The process behind a client, when the client started it (see sumo/launch.ts). */
export interface ServerHandle {
  readonly pid: number | undefined;
  readonly port: number;
  /** Last lines SUMO wrote to stderr. */
  readonly stderr: string;
  /** Waits for the exit after a TraCI close (force-kills after a timeout). */
  stop(): Promise<unknown>;
  /** Kills at once. */
  kill(): Promise<unknown>;
}

export class TraciClient {
  readonly registry = new SubscriptionRegistry();
  readonly simulation: DomainApi<typeof simulationCommands>;
  readonly vehicle: DomainApi<typeof vehicleCommands>;
  readonly lane: DomainApi<typeof laneCommands>;
  readonly edge: DomainApi<typeof edgeCommands>;
  readonly route: DomainApi<typeof routeCommands>;
  readonly vehicletype: DomainApi<typeof vehicletypeCommands>;
  /** The SUMO process, when this client launched it. */
  readonly server: ServerHandle | undefined;

  constructor(readonly connection: TraciLink, options: { server?: ServerHandle } = {}) {
    this.server = options.server;
    this.simulation = this.bindDomain(SIMULATION, simulationCommands, simulationVariables);
    this.vehicle = this.bindDomain(VEHICLE, vehicleCommands, vehicleVariables);
    this.lane = this.bindDomain(LANE, laneCommands, laneVariables);
    this.edge = this.bindDomain(EDGE, edgeCommands, edgeVariables);
    this.route = this.bindDomain(ROUTE, routeCommands, routeVariables);
    this.vehicletype = this.bindDomain(VEHICLETYPE, vehicletypeCommands, vehicletypeVariables);
  }

  /** Sends all commands in ONE message (one round trip) and returns their results in order. */
  execute<const Cs extends readonly Command<unknown>[]>(cmds: Cs): Promise<ResultsOf<Cs>> {
    return this.connection.execute(cmds);
  }

  /** A typed subscription group of `domain` (e.g. VEHICLE) over the variables in `spec`. */
  subscription<S extends VariableSpec>(domain: DomainIds, spec: S): SubscriptionGroup<S> {
    return new SubscriptionGroup(domain, spec, this.registry);
  }

  /**
   * The simulationStep command (for batches): advances to `time` s (0 = one step) and decodes the
   * subscription results that come with the answer into their groups. Resolves with the number of
   * subscription responses.
   */
  stepCommand(time = 0): Command<number> {
    const registry = this.registry;
    return {
      id: C.CMD_SIMSTEP,
      describe: () => `simulationStep(${time})`,
      encode(w) {
        const mark = w.beginCommand(C.CMD_SIMSTEP);
        w.double(time);
        w.endCommand(mark);
      },
      decode(r) {
        registry.resetAll();
        const count = r.listCount('subscription response', 1);
        for (let i = 0; i < count; i++) registry.readResponse(r);
        return count;
      },
    };
  }

  /** One simulation step (or up to `time` s); subscription results are refreshed. */
  async simulationStep(time = 0): Promise<number> {
    const [count] = await this.execute([this.stepCommand(time)]);
    return count;
  }

  async getVersion(): Promise<VersionInfo> {
    const [info] = await this.execute([versionCommand()]);
    return info;
  }

  /** Fails with TraciVersionError unless SUMO speaks a supported API version. */
  async checkVersion(): Promise<VersionInfo> {
    return assertSupported(await this.getVersion());
  }

  /** Position of this client among several clients of one SUMO (SUMO's --num-clients). */
  async setOrder(order: number): Promise<void> {
    await this.execute([plainCommand(C.CMD_SETORDER, `setOrder(${order})`, (w) => w.int(order))]);
  }

  /** Restarts SUMO in place with new command-line arguments (e.g. a new seed), keeping the link. */
  async load(args: readonly string[]): Promise<void> {
    await this.execute([plainCommand(C.CMD_LOAD, 'load', (w) => w.typedStringList(args))]);
  }

  /** Ends the simulation cleanly (TraCI close) and waits for a launched SUMO to exit. Safe to call twice. */
  async close(): Promise<void> {
    const connection = this.connection;
    if (!connection.isClosed) {
      connection.expectClose();
      try {
        await connection.execute([plainCommand(C.CMD_CLOSE, 'close')]);
      } catch (error) {
        // A link that died already needs no close; anything else is worth reporting after cleanup.
        if (!(error instanceof TraciConnectionError)) throw error;
      } finally {
        connection.destroy();
      }
    }
    await this.server?.stop();
  }

  private bindDomain<B extends Builders>(domain: DomainIds, builders: B, variables: Readonly<Record<string, unknown>>): DomainApi<B> {
    const bound: Record<string, unknown> = {};
    for (const [name, build] of Object.entries(builders)) {
      bound[name] = async (...args: never[]) => (await this.connection.execute([build(...args)]))[0];
    }
    const generic = new GenericSubscriptions(domain, knownVariables(variables), this.registry);
    const untyped: UntypedSubscriptions = {
      subscribe: async (objectId, varIds, begin = C.INVALID_DOUBLE_VALUE, end = C.INVALID_DOUBLE_VALUE, parameters = new Map()) => {
        await this.execute([generic.subscribe(objectId, varIds, begin, end, parameters)]);
      },
      unsubscribe: async (objectId) => {
        await this.execute([generic.subscribe(objectId, [], C.INVALID_DOUBLE_VALUE, C.INVALID_DOUBLE_VALUE, new Map())]);
      },
      getSubscriptionResults: (objectId) => generic.results.get(objectId),
      getAllSubscriptionResults: () => generic.results,
    };
    // Each builder became a method with the same arguments and a Promise of its result type.
    return Object.assign(bound, untyped) as DomainApi<B>;
  }
}

/** Throws TraciVersionError for an API version this client does not speak. */
export function assertSupported(info: VersionInfo): VersionInfo {
  if (!SUPPORTED_API_VERSIONS.includes(info.apiVersion)) {
    throw new TraciVersionError(info.apiVersion, info.sumoVersion, SUPPORTED_API_VERSIONS);
  }
  return info;
}

/** getVersion as a command (the launcher's handshake). */
export function versionCommand(): Command<VersionInfo> {
  return {
    id: C.CMD_GETVERSION,
    describe: () => 'getVersion()',
    encode(w) {
      const mark = w.beginCommand(C.CMD_GETVERSION);
      w.endCommand(mark);
    },
    decode(r) {
      r.commandLength();
      const id = r.ubyte();
      if (id !== C.CMD_GETVERSION) r.fail(`getVersion answered by command 0x${id.toString(16)}`);
      return { apiVersion: r.int(), sumoVersion: r.string() };
    },
  };
}
