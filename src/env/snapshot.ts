// What observation and reward functions see of one simulation step: per-vehicle state read from the
// kernel's subscriptions, plus the scenario context needed to normalise it. Plain data, no SUMO handle.

/** A neighbour on the same lane sequence, as SUMO's vehicle.getLeader / getFollower report it. */
export interface NeighbourRef {
  readonly id: string;
  /** Gap (m): from this vehicle's front (minus its minGap) to the leader's back, as SUMO reports it; ≥ 0 normally. */
  readonly gap: number;
}

export interface VehicleSnapshot {
  readonly id: string;
  readonly type: string;
  /** m/s */
  readonly speed: number;
  /** Position of the front bumper (m, net coordinates). */
  readonly x: number;
  readonly y: number;
  /** Edge id (":junction_n" on an internal edge). */
  readonly roadId: string;
  readonly laneId: string;
  /** m from the start of the lane. */
  readonly lanePosition: number;
  /**
   * m along the scenario's reference path (manifest `path`), internal lanes included; null off the path
   * (e.g. on the merge's ramp). See src/scenarios/net.ts positionOnPath.
   */
  readonly pathPosition: number | null;
  /** Odometer (m) since departure. */
  readonly distance: number;
  readonly leader: NeighbourRef | null;
  readonly follower: NeighbourRef | null;
}

export interface SnapshotContext {
  /** m/s; speeds are normalised by it. */
  readonly speedLimit: number;
  /** m/s, the reward's normaliser; null means the speed limit. */
  readonly desiredSpeed: number | null;
  /** Length (m) of the reference path (a loop's length), null when the scenario has none. */
  readonly pathLength: number | null;
  /** True when the path is a closed loop: positions wrap at pathLength. */
  readonly loop: boolean;
}

export interface Snapshot {
  /** Simulation time (s). */
  readonly time: number;
  /** Collisions SUMO reported in this step (absent: none known); RSM-MASAC's rewards are 0 on such a step. */
  readonly collisions?: number;
  readonly vehicles: ReadonlyMap<string, VehicleSnapshot>;
  readonly context: SnapshotContext;
}

/** The agent's own state; a function asked about an agent that is not in the snapshot is a programming error. */
export function ownState(snapshot: Snapshot, agentId: string): VehicleSnapshot {
  const own = snapshot.vehicles.get(agentId);
  if (!own) throw new RangeError(`agent ${agentId} is not in the snapshot at t = ${snapshot.time} s`);
  return own;
}

/** The neighbour's state, or undefined when there is none or it is not in the snapshot. */
export function neighbourState(snapshot: Snapshot, ref: NeighbourRef | null): VehicleSnapshot | undefined {
  return ref ? snapshot.vehicles.get(ref.id) : undefined;
}
