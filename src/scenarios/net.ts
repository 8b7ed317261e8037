// A reader for the parts of a SUMO .net.xml that scenarios need (lane lengths, links, junction types), so
// the reference path and the loop length come from the net SUMO loads, internal lanes included.
// SUMO writes nets one element per line with plain double-quoted attributes; that is all this parses.

export interface NetLane {
  readonly id: string;
  readonly length: number; // m
  readonly speed: number; // m/s
}

export interface NetEdge {
  readonly id: string;
  /** "internal" for a junction's lanes, "" for a normal edge. */
  readonly function: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly priority: number | null;
  readonly lanes: readonly NetLane[];
}

export interface NetConnection {
  readonly from: string;
  readonly to: string;
  readonly fromLane: number;
  readonly toLane: number;
  /** The internal lane the link drives through, if any. */
  readonly via: string | null;
  /** SUMO link state: M major, m minor (yields), = equal, s stop, O off, G/g/r/y… traffic light. */
  readonly state: string;
}

export interface NetJunction {
  readonly id: string;
  readonly type: string;
}

export interface SumoNet {
  readonly edges: ReadonlyMap<string, NetEdge>;
  readonly lanes: ReadonlyMap<string, NetLane & { readonly edge: string }>;
  readonly connections: readonly NetConnection[];
  readonly junctions: ReadonlyMap<string, NetJunction>;
  /** Ids of traffic-light programs (`<tlLogic>`). */
  readonly trafficLights: readonly string[];
}

const TAG = /<(edge|lane|connection|junction|tlLogic)\s([^>]*?)\/?>/g;
const ATTR = /([\w:.-]+)="([^"]*)"/g;

/** The double-quoted attributes of one tag's text (also src/trace/lane-shapes.ts). */
export function attributes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(ATTR)) out.set(m[1] ?? '', m[2] ?? '');
  return out;
}

function num(value: string | undefined): number {
  return value === undefined ? Number.NaN : Number(value);
}

/** Parses the text of a .net.xml. Lanes belong to the `<edge>` opened before them. */
export function parseNet(xml: string): SumoNet {
  const edges = new Map<string, NetEdge>();
  const lanes = new Map<string, NetLane & { edge: string }>();
  const connections: NetConnection[] = [];
  const junctions = new Map<string, NetJunction>();
  const trafficLights: string[] = [];
  let current: { readonly id: string; readonly lanes: NetLane[] } | undefined;
  // Skip the header comment: it repeats the netconvert configuration (e.g. `<edge-files value=…>`).
  const body = xml.replace(/<!--[\s\S]*?-->/g, '');
  for (const m of body.matchAll(TAG)) {
    const tag = m[1];
    const a = attributes(m[2] ?? '');
    const id = a.get('id') ?? '';
    if (tag === 'edge') {
      const prio = a.get('priority');
      current = { id, lanes: [] };
      edges.set(id, {
        id, function: a.get('function') ?? '', from: a.get('from') ?? null, to: a.get('to') ?? null,
        priority: prio === undefined ? null : Number(prio), lanes: current.lanes,
      });
    } else if (tag === 'lane' && current) {
      const lane = { id, length: num(a.get('length')), speed: num(a.get('speed')) };
      current.lanes.push(lane);
      lanes.set(id, { ...lane, edge: current.id });
    } else if (tag === 'connection') {
      connections.push({
        from: a.get('from') ?? '', to: a.get('to') ?? '', fromLane: num(a.get('fromLane')), toLane: num(a.get('toLane')),
        via: a.get('via') ?? null, state: a.get('state') ?? '',
      });
    } else if (tag === 'junction') {
      junctions.set(id, { id, type: a.get('type') ?? '' });
    } else if (tag === 'tlLogic') {
      trafficLights.push(id);
    }
  }
  return { edges, lanes, connections, junctions, trafficLights };
}

/** A stretch of the reference path: a lane (normal or internal) and where it starts along the path (m). */
export interface PathPiece {
  readonly edge: string;
  readonly lane: string;
  readonly start: number;
  readonly length: number;
}

export interface PathIndex {
  readonly pieces: readonly PathPiece[];
  /** Total length (m), internal lanes included; for a loop, back to the start of the first edge. */
  readonly length: number;
  readonly loop: boolean;
}

/**
 * The path through `edges` on lane 0, with the internal lanes between consecutive edges (following `via`
 * chains). Throws if two consecutive edges are not connected.
 */
export function pathIndex(net: SumoNet, edges: readonly string[], loop: boolean): PathIndex {
  const pieces: PathPiece[] = [];
  let start = 0;
  const add = (edge: string, lane: string): void => {
    const l = net.lanes.get(lane);
    if (!l) throw new Error(`lane ${lane} is not in the net`);
    pieces.push({ edge, lane, start, length: l.length });
    start += l.length;
  };
  const hops = loop ? edges.length : edges.length - 1;
  edges.forEach((edge, i) => {
    add(edge, `${edge}_0`);
    if (i >= hops) return;
    const next = edges[(i + 1) % edges.length] ?? '';
    let link = net.connections.find((c) => c.from === edge && c.to === next && c.fromLane === 0);
    if (!link) throw new Error(`no connection from ${edge} to ${next}`);
    // Internal lanes may be split in two at a junction (a "via" chain); walk it to `next`.
    for (let guard = 0; link.via !== null && guard < 8; guard++) {
      const via = net.lanes.get(link.via);
      if (!via) throw new Error(`internal lane ${link.via} is not in the net`);
      add(via.edge, link.via);
      const onward = net.connections.find((c) => c.from === via.edge && c.to === next);
      if (!onward) break;
      link = onward;
    }
  });
  return { pieces, length: start, loop };
}

/** Distance (m) along the path of a vehicle on `laneOrRoad` at `lanePosition`; undefined off the path. */
export function positionOnPath(index: PathIndex, laneOrRoad: string, lanePosition: number): number | undefined {
  const piece = index.pieces.find((p) => p.lane === laneOrRoad || p.edge === laneOrRoad);
  return piece ? piece.start + lanePosition : undefined;
}
