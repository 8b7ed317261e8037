// The simulation kernel (ARCHITECTURE.md "kernel"; Flow's kernel): it owns SUMO for one env. It starts SUMO
// at the first episode, reloads it in place for the next ones (relaunching it when it died or refused), keeps
// the per-vehicle subscriptions (kernel/vehicle-state.ts), and sends the queued commands with each step. The env
// above it speaks in vehicle snapshots and intents (kernel/command-queue.ts), never in TraCI.
import type { CollisionHandling } from '../scenarios/manifest.js';
import type { PathIndex } from '../scenarios/net.js';
import type { LoadedScenario } from '../scenarios/sumo-options.js';
import { buildSumoArgs } from '../sumo/cmdline.js';
import type { CollisionAction, SumoRunOptions } from '../sumo/cmdline.js';
import { openSimulation, resolveTransport } from '../sumo/transport.js';
import type { Transport, TransportChoice } from '../sumo/transport.js';
import type { TraciClient } from '../traci/client.js';
import { CommandQueue } from './command-queue.js';
import { KernelUsageError } from './errors.js';
import type { StepEvents, SubscriptionFailure } from './vehicle-tracker.js';
import { VehicleTracker } from './vehicle-tracker.js';
import type { VehicleSnapshot, VehicleStateSpec } from './vehicle-state.js';
import { toVehicleSnapshot, vehicleStateSpec } from './vehicle-state.js';

/** SUMO's --collision.action per manifest `collision`: keep the vehicles when the episode ends, else move them out. */
const COLLISION_ACTIONS: Readonly<Record<CollisionHandling, CollisionAction>> = { endEpisode: 'warn', count: 'remove', teleport: 'teleport' };

const DEFAULT_NEIGHBOUR_RANGE = 100;

export interface KernelOptions {
  /** Watch in sumo-gui. */
  readonly gui?: boolean;
  readonly sumoBinary?: string;
  /** TCP TraCI or in-process libsumo (src/sumo/transport.ts); default 'auto'. */
  readonly transport?: TransportChoice;
  /** How far (m) leaders and followers are looked for (default 100 m). */
  readonly neighbourRange?: number;
  /** Where a subscribed variable SUMO could not read is reported, once per message (default: process.emitWarning). */
  readonly warn?: (message: string) => void;
}

export type { StepEvents, Transport };

export class SimulationKernel {
  /** How this kernel reaches SUMO (resolved from `options.transport` when the kernel is made). */
  readonly transport: Transport;
  /** SUMO's version string, known after the first start. */
  sumoVersion: string | null = null;
  /** Commands sent with the next step. */
  readonly commands = new CommandQueue();
  private client: TraciClient | null = null;
  private tracker: VehicleTracker<VehicleStateSpec> | null = null;
  private readonly warned = new Set<string>();

  constructor(
    private readonly scenario: LoadedScenario,
    private readonly path: PathIndex | null,
    private readonly options: KernelOptions = {},
  ) {
    this.transport = resolveTransport(options.transport ?? 'auto', options).transport;
  }

  /** A fresh simulation seeded by `seed`: launches SUMO the first time, reloads it after, relaunches a dead one. */
  async start(seed: number): Promise<void> {
    const client = await this.startSumo(seed);
    this.tracker = new VehicleTracker(client, vehicleStateSpec(this.options.neighbourRange ?? DEFAULT_NEIGHBOUR_RANGE));
    this.commands.clear();
  }

  /**
   * One simulation step with the queued commands in the same message; then the manifest's vehicleSpeedMode is
   * queued for every vehicle that departed in it (sent with the next step). Returns the step's events.
   */
  async step(): Promise<StepEvents> {
    const tracker = this.tracker;
    if (!tracker) throw new KernelUsageError('step() before start(): the simulation is not running');
    await tracker.step(this.commands.take());
    this.reportSubscriptionErrors(tracker.errors);
    const events = tracker.lastEvents ?? { departed: [], arrived: [], colliding: [], time: 0 };
    const mode = this.scenario.manifest.vehicleSpeedMode;
    if (mode !== undefined && mode !== null) for (const id of events.departed) this.commands.setSpeedMode(id, mode);
    return events;
  }

  /** Every vehicle in the network after the last step, by id (in SUMO's order). */
  vehicles(): Map<string, VehicleSnapshot> {
    const vehicles = new Map<string, VehicleSnapshot>();
    for (const [id, state] of this.tracker?.state ?? []) vehicles.set(id, toVehicleSnapshot(id, state, this.path));
    return vehicles;
  }

  /** The ids SUMO reported colliding in the last step (none before the first). */
  get colliding(): readonly string[] {
    return this.tracker?.lastEvents?.colliding ?? [];
  }

  /** Simulation time (s) after the last step; 0 before the first. */
  get time(): number {
    return this.tracker?.lastEvents?.time ?? 0;
  }

  /** Stops SUMO (TraCI close, then SIGKILL after a timeout). Safe to call twice. */
  async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.tracker = null;
    await client?.close();
  }

  /** A variable SUMO could not read is missing from the snapshot: say so (once per message) instead of hiding it. */
  private reportSubscriptionErrors(failures: readonly SubscriptionFailure[]): void {
    const warn = this.options.warn ?? ((message: string) => process.emitWarning(message, 'CavlabSubscriptionWarning'));
    for (const { domain, objectId, message } of failures) {
      const key = `${domain} ${message}`;
      if (this.warned.has(key)) continue;
      this.warned.add(key);
      warn(`SUMO could not read a subscribed ${domain} variable: ${message} (first for "${objectId}" at t = ${this.time} s; the value is missing from the snapshot)`);
    }
  }

  private async startSumo(seed: number): Promise<TraciClient> {
    const run: SumoRunOptions = {
      ...this.scenario.sumo,
      seed,
      // Collisions are what ends episodes: keep the vehicles ('warn') when that is the rule, otherwise take them out.
      collisionAction: COLLISION_ACTIONS[this.scenario.manifest.collision],
      collisionCheckJunctions: true,
      ...(this.options.gui ? { gui: true } : {}),
    };
    if (this.client && !this.client.connection.isClosed) {
      try {
        await this.client.load(buildSumoArgs(run, null));
        return this.client;
      } catch {
        // A SUMO that died or refused the reload is replaced by a fresh one.
        await this.client.close().catch(() => undefined);
      }
    }
    const client = await openSimulation({ ...run, transport: this.transport, ...(this.options.sumoBinary ? { sumoBinary: this.options.sumoBinary } : {}) });
    this.client = client;
    this.sumoVersion = (await client.getVersion()).sumoVersion;
    return client;
  }
}
