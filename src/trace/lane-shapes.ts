// The drawing of a road network for the replay page: every lane's centre line (`shape`, net coordinates in m)
// and width from a SUMO .net.xml, internal (junction) lanes included. Attributes are read with the net reader's
// own parser (src/scenarios/net.ts); SUMO writes one element per line with plain double-quoted attributes.
import { attributes } from '../scenarios/net.js';

/** SUMO's default lane width (m) when a lane has no `width` attribute. */
export const DEFAULT_LANE_WIDTH = 3.2;

export interface LaneShape {
  /** x0, y0, x1, y1, … (m, net coordinates). */
  readonly points: readonly number[];
  /** m */
  readonly width: number;
  /** A junction's lane (edge function "internal"). */
  readonly internal: boolean;
}

const LANE = /<lane\s([^>]*?)\/?>/g;

/** Lane centre lines of the net text; lanes without a usable shape are skipped. */
export function laneShapes(netXml: string): LaneShape[] {
  const body = netXml.replace(/<!--[\s\S]*?-->/g, '');
  const out: LaneShape[] = [];
  for (const m of body.matchAll(LANE)) {
    const a = attributes(m[1] ?? '');
    const points = (a.get('shape') ?? '').trim().split(/\s+/).flatMap((pair) => pair.split(',').slice(0, 2).map(Number));
    if (points.length < 4 || points.some((v) => !Number.isFinite(v))) continue;
    const width = Number(a.get('width') ?? DEFAULT_LANE_WIDTH);
    out.push({ points, width: Number.isFinite(width) && width > 0 ? width : DEFAULT_LANE_WIDTH, internal: (a.get('id') ?? '').startsWith(':') });
  }
  return out;
}
