// The trace of one env episode (`cavlab eval --trace`): after every step, every vehicle's state from the env, which
// of them are learners and which collided, in the format of `cavlab trace record` (src/trace/record.ts), so
// `cavlab trace view` and `trace plot` read both. Lines are kept until the episode ends, then written at once
// (temp file + rename): a trace file is either whole or absent.
import type { VehicleSnapshot } from '../env/snapshot.js';
import type { TraceLine, TraceVehicle } from './record.js';
import { byId } from './record.js';
import { writeTextAtomic } from './write-text.js';

export interface EnvView {
  readonly vehicles: ReadonlyMap<string, VehicleSnapshot>;
  readonly colliding: readonly string[];
}

export class EpisodeTrace {
  private readonly lines: string[] = [];

  /** Records the state after step `step` (simulation time `time`, s); `learners`: the agents now. */
  add(step: number, time: number, view: EnvView, learners: Iterable<string>): void {
    const vehicles: TraceVehicle[] = [];
    for (const v of view.vehicles.values()) vehicles.push({ id: v.id, x: v.x, y: v.y, speed: v.speed, lanePosition: v.lanePosition, road: v.roadId, lane: v.laneId });
    vehicles.sort(byId);
    const line: TraceLine = { step, time, vehicles, learners: [...learners].sort(), colliding: [...view.colliding] };
    this.lines.push(JSON.stringify(line));
  }

  get steps(): number {
    return this.lines.length;
  }

  /** Writes the lines to `file` (JSON lines), replacing it whole. */
  async write(file: string): Promise<void> {
    await writeTextAtomic(file, this.lines.map((l) => `${l}\n`).join(''));
  }
}
