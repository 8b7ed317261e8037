/** Plain value shapes of TraCI's typed values (SUMO's libsumo/TraCIDefs.h names in comments). */

/** x, y in m (TraCIPosition, 2D). */
export interface Position2D { readonly x: number; readonly y: number }
/** x, y, z in m (TraCIPosition, 3D). */
export interface Position3D { readonly x: number; readonly y: number; readonly z: number }
/** Geographic position in degrees (and altitude in m when 3D). */
export interface LonLat { readonly lon: number; readonly lat: number; readonly alt?: number }
/** Position on the road network: edge, offset in m, lane index (TraCIRoadPosition). */
export interface RoadPosition { readonly edgeId: string; readonly pos: number; readonly laneIndex: number }
/** 0–255 per channel (TraCIColor). */
export interface Color { readonly r: number; readonly g: number; readonly b: number; readonly a: number }
/** Lower-left and upper-right corners in m. */
export interface BoundingBox { readonly xMin: number; readonly yMin: number; readonly xMax: number; readonly yMax: number }
/** A closed or open shape, points in m. */
export type Polygon = readonly Position2D[];

/** A typed value as it appears on the wire, tag kept so that ubyte/int/double stay distinct. */
export type TraciValue =
  | { readonly type: 'ubyte'; readonly value: number }
  | { readonly type: 'byte'; readonly value: number }
  | { readonly type: 'int'; readonly value: number }
  | { readonly type: 'double'; readonly value: number }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'stringList'; readonly value: readonly string[] }
  | { readonly type: 'doubleList'; readonly value: readonly number[] }
  | { readonly type: 'compound'; readonly value: readonly TraciValue[] }
  | { readonly type: 'color'; readonly value: Color }
  | { readonly type: 'position2D'; readonly value: Position2D }
  | { readonly type: 'position3D'; readonly value: Position3D }
  | { readonly type: 'lonLat'; readonly value: LonLat }
  | { readonly type: 'roadPosition'; readonly value: RoadPosition }
  | { readonly type: 'polygon'; readonly value: Polygon };

/** The nearest vehicle ahead (or behind) and the gap in m; `id` is "" when there is none. */
export interface Neighbour { readonly id: string; readonly gap: number }
