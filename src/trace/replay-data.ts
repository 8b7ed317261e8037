// The compact form of a trace that the replay page carries (issue 23: a 1500-step, 14-vehicle replay under 2 MB,
// a 300-step, 500-vehicle one still light). Each vehicle's presence is cut into tracks (runs of consecutive
// frames); a track stores its first position and then, per frame, the step to the next position and the speed,
// quantised to 0.1 m and 0.1 m/s, as little-endian int16 in one base64 string. Frame times, ids, learner flags,
// collisions and the lane shapes travel as plain JSON beside it. Pure: the trace comes in as lines.
import type { LaneShape } from './lane-shapes.js';
import type { TraceLine } from './record.js';

/** Metres per position unit. */
export const POSITION_UNIT = 0.1;
/** m/s per speed unit. */
export const SPEED_UNIT = 0.1;
/** int16 range: a larger step (a teleport) starts a new track. */
const INT16_MAX = 32_767;

export interface ReplayData {
  readonly format: 'cavlab-replay';
  readonly version: 1;
  readonly positionUnit: number;
  readonly speedUnit: number;
  /** Simulation time of each frame (s). */
  readonly times: readonly number[];
  readonly ids: readonly string[];
  /** 1 when the vehicle was a learner in any frame. */
  readonly learner: readonly (0 | 1)[];
  /** Per track, 5 numbers: vehicle index, first frame, frames, x0 and y0 (position units). */
  readonly tracks: readonly number[];
  /** Per collision, 2 numbers: frame and vehicle index. */
  readonly collisions: readonly number[];
  /** base64 of int16 triples (dx, dy, speed) per track frame, tracks in order; dx = dy = 0 in a track's first frame. */
  readonly data: string;
  /** Drawing bounds (m): minX, minY, maxX, maxY over lanes and vehicles. */
  readonly bounds: readonly [number, number, number, number];
  readonly lanes: readonly { readonly points: readonly number[]; readonly width: number; readonly internal: boolean }[];
}

interface OpenTrack {
  readonly vehicle: number;
  readonly start: number;
  readonly x0: number;
  readonly y0: number;
  last: number;
  lastX: number;
  lastY: number;
  readonly values: number[];
}

const round2 = (v: number): number => Math.round(v * 100) / 100;

/** Encodes the trace's lines (in order) and the net's lanes. */
export function encodeReplay(lines: Iterable<TraceLine>, lanes: readonly LaneShape[]): ReplayData {
  const times: number[] = [];
  const index = new Map<string, number>();
  const ids: string[] = [];
  const learner: (0 | 1)[] = [];
  const open = new Map<number, OpenTrack>();
  const closed: OpenTrack[] = [];
  const collisions: number[] = [];
  const bounds = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  const grow = (x: number, y: number): void => {
    bounds.minX = Math.min(bounds.minX, x); bounds.maxX = Math.max(bounds.maxX, x);
    bounds.minY = Math.min(bounds.minY, y); bounds.maxY = Math.max(bounds.maxY, y);
  };
  const vehicleIndex = (id: string): number => {
    let k = index.get(id);
    if (k === undefined) {
      k = ids.length;
      index.set(id, k);
      ids.push(id);
      learner.push(0);
    }
    return k;
  };
  for (const line of lines) {
    const frame = times.length;
    times.push(Math.round(line.time * 1000) / 1000);
    for (const id of line.learners ?? []) learner[vehicleIndex(id)] = 1;
    for (const v of line.vehicles) {
      const k = vehicleIndex(v.id);
      const qx = Math.round(v.x / POSITION_UNIT);
      const qy = Math.round(v.y / POSITION_UNIT);
      const qs = Math.max(-INT16_MAX, Math.min(INT16_MAX, Math.round(v.speed / SPEED_UNIT)));
      grow(v.x, v.y);
      const track = open.get(k);
      const dx = track ? qx - track.lastX : 0;
      const dy = track ? qy - track.lastY : 0;
      if (track && track.last === frame - 1 && Math.abs(dx) <= INT16_MAX && Math.abs(dy) <= INT16_MAX) {
        track.values.push(dx, dy, qs);
        track.last = frame;
        track.lastX = qx;
        track.lastY = qy;
      } else {
        if (track) closed.push(track);
        open.set(k, { vehicle: k, start: frame, x0: qx, y0: qy, last: frame, lastX: qx, lastY: qy, values: [0, 0, qs] });
      }
    }
    for (const id of line.colliding ?? []) {
      const k = index.get(id);
      if (k !== undefined) collisions.push(frame, k);
    }
  }
  const tracks = [...closed, ...open.values()].sort((a, b) => a.start - b.start || a.vehicle - b.vehicle);
  const values = new Int16Array(tracks.reduce((n, t) => n + t.values.length, 0));
  let at = 0;
  for (const t of tracks) {
    values.set(t.values, at);
    at += t.values.length;
  }
  for (const lane of lanes) for (let i = 0; i + 1 < lane.points.length; i += 2) grow(lane.points[i] ?? 0, lane.points[i + 1] ?? 0);
  if (!Number.isFinite(bounds.minX)) Object.assign(bounds, { minX: 0, minY: 0, maxX: 1, maxY: 1 });
  return {
    format: 'cavlab-replay', version: 1, positionUnit: POSITION_UNIT, speedUnit: SPEED_UNIT, times, ids, learner,
    tracks: tracks.flatMap((t) => [t.vehicle, t.start, t.values.length / 3, t.x0, t.y0]),
    collisions,
    data: Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64'),
    bounds: [round2(bounds.minX), round2(bounds.minY), round2(bounds.maxX), round2(bounds.maxY)],
    lanes: lanes.map((l) => ({ points: l.points.map(round2), width: l.width, internal: l.internal })),
  };
}
