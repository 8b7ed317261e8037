// `cavlab trace record`: every vehicle's state at every step, one JSON line per step. Used to check
// scenarios and for differential tests against SUMO's Python client.
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { VehicleTracker } from '../kernel/vehicle-tracker.js';
import type { LaunchOptions } from '../sumo/launch.js';
import { openSimulation, resolveTransport } from '../sumo/transport.js';
import type { Transport, TransportChoice } from '../sumo/transport.js';
import { vehicleVariables as V } from '../traci/domains/vehicle.js';

/** What each line holds per vehicle (units: m, m/s). */
export interface TraceVehicle {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly speed: number;
  readonly lanePosition: number;
  readonly road: string;
  readonly lane: string;
}

export interface TraceLine {
  readonly step: number;
  /** Simulation time after the step, s. */
  readonly time: number;
  /** Sorted by id. */
  readonly vehicles: readonly TraceVehicle[];
  /** Ids of the learners among them (traces of `cavlab eval --trace`; absent: all are SUMO-driven). */
  readonly learners?: readonly string[];
  /** Ids SUMO reported colliding in this step (absent in older traces). */
  readonly colliding?: readonly string[];
}

/** Vehicles sorted by id, as a trace line holds them. */
export function byId(a: { readonly id: string }, b: { readonly id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const TRACE_SPEC = {
  position: V.position,
  speed: V.speed,
  lanePosition: V.lanePosition,
  road: V.roadId,
  lane: V.laneId,
} as const;

export interface RecordOptions {
  readonly steps: number;
  /** Output file (JSON lines). */
  readonly out: string;
  readonly sumo: LaunchOptions;
  /** TCP TraCI or in-process libsumo (src/sumo/transport.ts); default 'auto'. */
  readonly transport?: TransportChoice;
}

export interface RecordResult {
  readonly lines: number;
  readonly transport: Transport;
}

/** Runs SUMO for `steps` steps and writes one TraceLine per step; returns the number of lines and the transport. */
export async function recordTrace(options: RecordOptions): Promise<RecordResult> {
  const { transport } = resolveTransport(options.transport ?? 'auto', options.sumo);
  await mkdir(dirname(options.out), { recursive: true });
  const client = await openSimulation({ ...options.sumo, transport });
  const out = createWriteStream(options.out, { encoding: 'utf8' });
  try {
    const tracker = new VehicleTracker(client, TRACE_SPEC);
    for (let step = 1; step <= options.steps; step++) {
      await tracker.step();
      const vehicles: TraceVehicle[] = [];
      for (const [id, v] of tracker.state) {
        vehicles.push({ id, x: v.position.x, y: v.position.y, speed: v.speed, lanePosition: v.lanePosition, road: v.road, lane: v.lane });
      }
      vehicles.sort(byId);
      const line: TraceLine = { step, time: tracker.lastEvents?.time ?? Number.NaN, vehicles, colliding: [...(tracker.lastEvents?.colliding ?? [])] };
      if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, 'drain');
    }
    return { lines: options.steps, transport };
  } finally {
    out.end();
    await once(out, 'close');
    await client.close();
  }
}
