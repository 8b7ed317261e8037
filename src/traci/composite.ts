// Declarative layouts of TraCI's composite values, compiled by binary-parser.
// Measured on this machine: a binary-parser call costs ~0.6 µs against ~15 ns for an inline read, so the
// per-step scalars (double, int, string) are read by the cursor in codec.ts and these layouts serve the
// structured values (shapes, colors, road positions), which are read rarely.
import { Parser } from 'binary-parser';
import type { Color, Polygon, Position2D, RoadPosition } from './values.js';

const point = new Parser().endianness('big').doublebe('x').doublebe('y');

const polygonLayout = new Parser()
  .endianness('big')
  .uint8('shortCount')
  // A count of 0 announces a 4-byte count (shapes with more than 255 points).
  .choice('longCount', { tag: 'shortCount', choices: { 0: new Parser().int32be('n') }, defaultChoice: new Parser() })
  .array('points', {
    type: point,
    length: function (this: { shortCount: number; longCount: { n?: number } }) {
      return this.shortCount === 0 ? (this.longCount.n ?? 0) : this.shortCount;
    },
  })
  .saveOffset('end');

const colorLayout = new Parser().uint8('r').uint8('g').uint8('b').uint8('a').saveOffset('end');

const roadPositionLayout = new Parser()
  .endianness('big')
  .int32be('idLength')
  // Bytes decoded as latin1, as everywhere in the codec (TextDecoder's "latin1" is windows-1252).
  .buffer('edgeId', { length: 'idLength', formatter: (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.length).toString('latin1') })
  .doublebe('pos')
  .uint8('laneIndex')
  .saveOffset('end');

/** Result of a layout: the value and how many bytes it took. */
export interface Decoded<T> { readonly value: T; readonly length: number }

interface RawPolygon { points: Position2D[]; end: number }
interface RawColor extends Color { end: number }
interface RawRoadPosition { edgeId: string; pos: number; laneIndex: number; end: number }

// binary-parser types its result as `any`; each layout above fixes the fields, so the raw shapes are exact.
export function decodePolygon(bytes: Uint8Array): Decoded<Polygon> {
  const raw = polygonLayout.parse(bytes) as RawPolygon;
  return { value: raw.points.map((p) => ({ x: p.x, y: p.y })), length: raw.end };
}

export function decodeColor(bytes: Uint8Array): Decoded<Color> {
  const raw = colorLayout.parse(bytes) as RawColor;
  return { value: { r: raw.r, g: raw.g, b: raw.b, a: raw.a }, length: raw.end };
}

export function decodeRoadPosition(bytes: Uint8Array): Decoded<RoadPosition> {
  const raw = roadPositionLayout.parse(bytes) as RawRoadPosition;
  return { value: { edgeId: raw.edgeId, pos: raw.pos, laneIndex: raw.laneIndex }, length: raw.end };
}

