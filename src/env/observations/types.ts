import type { Snapshot } from '../snapshot.js';

/** A pure observation: the same snapshot and agent always give the same vector. */
export type ObservationFn = (snapshot: Snapshot, agentId: string) => Float32Array;

/** A registered observation: its size, its parameters with defaults, and a factory. */
export interface ObservationSpec {
  readonly id: string;
  readonly description: string;
  /** Length of every vector it returns. */
  readonly size: number;
  readonly defaults: Readonly<Record<string, number>>;
  readonly create: (params: Readonly<Record<string, number>>) => ObservationFn;
}
