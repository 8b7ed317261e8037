// Keeps a typed subscription on every vehicle in the network: vehicles are subscribed as they
// depart (SUMO drops the subscription itself when they arrive), so each step's reads arrive with
// the step's answer. Vehicles that depart in a step cost one extra round trip in that step only.
// (Getters cannot follow the step in the same message: SUMO 1.15 runs them before the step.)
import type { Command } from '../traci/command.js';
import type { TraciClient } from '../traci/client.js';
import { SIMULATION, simulationVariables } from '../traci/domains/simulation.js';
import { VEHICLE } from '../traci/domains/vehicle.js';
import type { SubscriptionGroup, ValuesOf, VariableSpec } from '../traci/subscriptions.js';

const EVENTS = {
  departed: simulationVariables.departedIds,
  arrived: simulationVariables.arrivedIds,
  colliding: simulationVariables.collidingIds,
  time: simulationVariables.time,
} as const;

export type StepEvents = ValuesOf<typeof EVENTS>;

/** A subscribed variable SUMO could not read for one object in the last step. */
export interface SubscriptionFailure {
  readonly domain: 'vehicle' | 'simulation';
  readonly objectId: string;
  readonly message: string;
}

export class VehicleTracker<S extends VariableSpec> {
  private readonly vehicles: SubscriptionGroup<S>;
  private readonly events: SubscriptionGroup<typeof EVENTS>;
  private started = false;

  constructor(private readonly client: TraciClient, spec: S) {
    this.vehicles = client.subscription(VEHICLE, spec);
    this.events = client.subscription(SIMULATION, EVENTS);
  }

  /** Values of every vehicle in the network after the last step, by id (in SUMO's order). */
  get state(): ReadonlyMap<string, ValuesOf<S>> {
    return this.vehicles.results;
  }

  /** Departures, arrivals and collisions of the last step, and its time in s. */
  get lastEvents(): StepEvents | undefined {
    return this.events.results.get('');
  }

  /** Variables SUMO could not read in the last step, per object, with SUMO's message. */
  get errors(): SubscriptionFailure[] {
    const failures: SubscriptionFailure[] = [];
    for (const [objectId, message] of this.vehicles.errors) failures.push({ domain: 'vehicle', objectId, message });
    for (const [objectId, message] of this.events.errors) failures.push({ domain: 'simulation', objectId, message });
    return failures;
  }

  /**
   * Sends `commands` (e.g. this step's actions) and the simulation step in one message, then
   * subscribes the vehicles that departed in it.
   */
  async step(commands: readonly Command<unknown>[] = []): Promise<void> {
    const first: Command<unknown>[] = [];
    if (!this.started) {
      first.push(this.events.subscribe(''));
      // Vehicles already in the network (e.g. when attached mid-run) are subscribed now.
      for (const id of await this.client.vehicle.getIDList()) first.push(this.vehicles.subscribe(id));
      this.started = true;
    }
    await this.client.execute([...first, ...commands, this.client.stepCommand()]);
    const departed = this.lastEvents?.departed ?? [];
    if (departed.length > 0) {
      await this.client.execute(departed.map((id) => this.vehicles.subscribe(id)));
    }
  }
}
