// TraCI's storage format: big-endian numbers, strings as int32 length + bytes, typed values as a
// one-byte type tag + payload (SUMO docs, "TraCI/Protocol"). Strings are latin1 as in SUMO's Python
// client, so any byte sequence round-trips unchanged.
import {
  POSITION_2D,
  POSITION_3D,
  POSITION_LON_LAT,
  POSITION_LON_LAT_ALT,
  POSITION_ROADMAP,
  TYPE_BYTE,
  TYPE_COLOR,
  TYPE_COMPOUND,
  TYPE_DOUBLE,
  TYPE_DOUBLELIST,
  TYPE_INTEGER,
  TYPE_POLYGON,
  TYPE_STRING,
  TYPE_STRINGLIST,
  TYPE_UBYTE,
} from './constants.js';
import { decodeColor, decodePolygon, decodeRoadPosition } from './composite.js';
import type { Decoded } from './composite.js';
import { TraciProtocolError } from './errors.js';
import type { Color, Neighbour, Polygon, Position2D, Position3D, TraciValue } from './values.js';

const TYPE_NAMES: Readonly<Record<number, string>> = {
  [TYPE_UBYTE]: 'ubyte', [TYPE_BYTE]: 'byte', [TYPE_INTEGER]: 'int', [TYPE_DOUBLE]: 'double',
  [TYPE_STRING]: 'string', [TYPE_STRINGLIST]: 'stringList', [TYPE_DOUBLELIST]: 'doubleList',
  [TYPE_COMPOUND]: 'compound', [TYPE_COLOR]: 'color', [POSITION_2D]: 'position2D', [POSITION_3D]: 'position3D',
  [POSITION_LON_LAT]: 'lonLat', [POSITION_LON_LAT_ALT]: 'lonLatAlt', [POSITION_ROADMAP]: 'roadPosition',
  [TYPE_POLYGON]: 'polygon',
};

export function typeName(tag: number): string {
  return TYPE_NAMES[tag] ?? `0x${tag.toString(16).padStart(2, '0')}`;
}

/** Hex dump of a few bytes, for error messages (like Storage.getDebugString). */
export function hexExcerpt(bytes: Uint8Array, from: number, count = 24): string {
  const end = Math.min(bytes.length, from + count);
  const parts: string[] = [];
  for (let i = Math.max(0, from); i < end; i++) parts.push((bytes[i] ?? 0).toString(16).padStart(2, '0'));
  return parts.join(' ') + (end < bytes.length ? ' …' : '');
}

/** Up to this length a latin1 string is built in JS (measured: ~50 ns vs ~75 ns for Buffer#toString). */
const SHORT_STRING = 16;

/** A read cursor over one received message (SUMO's Storage). */
export class TraciReader {
  private pos: number;
  private readonly end: number;

  constructor(private readonly buf: Buffer, start = 0, end = buf.length) {
    this.pos = start;
    this.end = end;
  }

  get offset(): number { return this.pos; }
  get remaining(): number { return this.end - this.pos; }
  hasMore(): boolean { return this.pos < this.end; }

  private need(n: number, what: string): number {
    const at = this.pos;
    if (n < 0 || at + n > this.end) {
      throw new TraciProtocolError(`message ends while reading ${what} (${n} bytes, ${this.end - at} left)`, at, hexExcerpt(this.buf, at));
    }
    this.pos = at + n;
    return at;
  }

  fail(message: string, at = this.pos): never {
    throw new TraciProtocolError(message, at, hexExcerpt(this.buf, at));
  }

  skip(n: number): void { this.need(n, 'skipped bytes'); }

  ubyte(): number { return this.buf[this.need(1, 'ubyte')] as number; }
  byte(): number { return this.buf.readInt8(this.need(1, 'byte')); }
  int(): number { return this.buf.readInt32BE(this.need(4, 'int')); }
  double(): number { return this.buf.readDoubleBE(this.need(8, 'double')); }

  string(): string {
    const n = this.int();
    if (n < 0) this.fail(`negative string length ${n}`, this.pos - 4);
    if (n === 0) return ''; // every status block carries one, almost always empty
    const at = this.need(n, 'string');
    // Short ids (vehicles, roads, lanes) decode faster in JS than through Buffer's native call.
    if (n <= SHORT_STRING) {
      let s = '';
      for (let i = at; i < at + n; i++) s += String.fromCharCode(this.buf[i] as number);
      return s;
    }
    return this.buf.toString('latin1', at, at + n);
  }

  /** A list's item count: never negative, and never more items than the bytes left could hold. */
  listCount(what: string, minItemBytes: number): number {
    const at = this.pos;
    const n = this.int();
    if (n < 0) this.fail(`negative ${what} count ${n}`, at);
    if (n * minItemBytes > this.end - this.pos) this.fail(`${what} of ${n} items does not fit in the ${this.end - this.pos} bytes left`, at);
    return n;
  }

  stringList(): string[] {
    const n = this.listCount('string list', 4);
    const out = new Array<string>(n);
    for (let i = 0; i < n; i++) out[i] = this.string();
    return out;
  }

  doubleList(): number[] {
    const n = this.listCount('double list', 8);
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = this.double();
    return out;
  }

  /** A command's length field: one byte, or 0 followed by an int for commands longer than 255 bytes. */
  commandLength(): number {
    const short = this.ubyte();
    return short !== 0 ? short : this.int();
  }

  /** Reads a type tag and checks it. */
  tag(expected: number): void {
    const at = this.pos;
    const got = this.ubyte();
    if (got !== expected) this.fail(`expected type ${typeName(expected)}, found ${typeName(got)}`, at);
  }

  typedUbyte(): number { this.tag(TYPE_UBYTE); return this.ubyte(); }
  typedByte(): number { this.tag(TYPE_BYTE); return this.byte(); }
  typedInt(): number { this.tag(TYPE_INTEGER); return this.int(); }
  typedDouble(): number { this.tag(TYPE_DOUBLE); return this.double(); }
  typedString(): string { this.tag(TYPE_STRING); return this.string(); }
  typedStringList(): string[] { this.tag(TYPE_STRINGLIST); return this.stringList(); }
  typedDoubleList(): number[] { this.tag(TYPE_DOUBLELIST); return this.doubleList(); }
  typedPosition2D(): Position2D { this.tag(POSITION_2D); return { x: this.double(), y: this.double() }; }
  typedPosition3D(): Position3D { this.tag(POSITION_3D); return { x: this.double(), y: this.double(), z: this.double() }; }
  typedColor(): Color { this.tag(TYPE_COLOR); return this.composite(decodeColor, 'color'); }
  typedPolygon(): Polygon { this.tag(TYPE_POLYGON); return this.composite(decodePolygon, 'polygon'); }

  /** The item count of a compound; checks it when `expected` is given. */
  compound(expected?: number): number {
    this.tag(TYPE_COMPOUND);
    const at = this.pos;
    const n = this.listCount('compound', 1);
    if (expected !== undefined && n !== expected) this.fail(`expected a compound of ${expected} items, found ${n}`, at);
    return n;
  }

  /** Leader/follower answer: compound(string id, double gap); id "" when there is none. */
  typedNeighbour(): Neighbour {
    this.compound(2);
    return { id: this.typedString(), gap: this.typedDouble() };
  }

  private composite<T>(decode: (bytes: Uint8Array) => Decoded<T>, what: string): T {
    const at = this.pos;
    let decoded: Decoded<T>;
    try {
      decoded = decode(this.buf.subarray(at, this.end));
    } catch (cause) {
      const why = cause instanceof Error ? cause.message : String(cause);
      throw new TraciProtocolError(`malformed ${what}: ${why}`, at, hexExcerpt(this.buf, at));
    }
    this.need(decoded.length, what);
    return decoded.value;
  }

  /** Any typed value, decoded by its tag. */
  typedValue(): TraciValue {
    const at = this.pos;
    const tag = this.ubyte();
    switch (tag) {
      case TYPE_UBYTE: return { type: 'ubyte', value: this.ubyte() };
      case TYPE_BYTE: return { type: 'byte', value: this.byte() };
      case TYPE_INTEGER: return { type: 'int', value: this.int() };
      case TYPE_DOUBLE: return { type: 'double', value: this.double() };
      case TYPE_STRING: return { type: 'string', value: this.string() };
      case TYPE_STRINGLIST: return { type: 'stringList', value: this.stringList() };
      case TYPE_DOUBLELIST: return { type: 'doubleList', value: this.doubleList() };
      case TYPE_COMPOUND: {
        const n = this.listCount('compound', 1);
        const items: TraciValue[] = [];
        for (let i = 0; i < n; i++) items.push(this.typedValue());
        return { type: 'compound', value: items };
      }
      case TYPE_COLOR: return { type: 'color', value: this.composite(decodeColor, 'color') };
      case POSITION_2D: return { type: 'position2D', value: { x: this.double(), y: this.double() } };
      case POSITION_3D: return { type: 'position3D', value: { x: this.double(), y: this.double(), z: this.double() } };
      case POSITION_LON_LAT: return { type: 'lonLat', value: { lon: this.double(), lat: this.double() } };
      case POSITION_LON_LAT_ALT:
        return { type: 'lonLat', value: { lon: this.double(), lat: this.double(), alt: this.double() } };
      case POSITION_ROADMAP: return { type: 'roadPosition', value: this.composite(decodeRoadPosition, 'road position') };
      case TYPE_POLYGON: return { type: 'polygon', value: this.composite(decodePolygon, 'polygon') };
      default: return this.fail(`unknown type tag ${typeName(tag)}`, at);
    }
  }
}

const INITIAL_CAPACITY = 1024;

/** An append-only big-endian writer into one growing buffer; `reset()` reuses it for the next message. */
export class TraciWriter {
  private buf: Buffer;
  private pos = 0;

  constructor(capacity = INITIAL_CAPACITY) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  get length(): number { return this.pos; }
  reset(): void { this.pos = 0; }
  /** The bytes written so far (a view: copy it if the writer is reused). */
  bytes(): Buffer { return this.buf.subarray(0, this.pos); }

  private reserve(n: number): number {
    const at = this.pos;
    if (at + n > this.buf.length) {
      let size = this.buf.length * 2;
      while (size < at + n) size *= 2;
      const grown = Buffer.allocUnsafe(size);
      this.buf.copy(grown, 0, 0, at);
      this.buf = grown;
    }
    this.pos = at + n;
    return at;
  }

  // reserve() may replace this.buf, so it is always called before this.buf is read.
  ubyte(v: number): this { const at = this.reserve(1); this.buf[at] = v & 0xff; return this; }
  byte(v: number): this { const at = this.reserve(1); this.buf.writeInt8(v, at); return this; }
  int(v: number): this { const at = this.reserve(4); this.buf.writeInt32BE(v, at); return this; }
  double(v: number): this { const at = this.reserve(8); this.buf.writeDoubleBE(v, at); return this; }

  string(s: string): this {
    const n = Buffer.byteLength(s, 'latin1');
    this.int(n);
    const at = this.reserve(n);
    this.buf.write(s, at, n, 'latin1');
    return this;
  }

  stringList(list: readonly string[]): this {
    this.int(list.length);
    for (const s of list) this.string(s);
    return this;
  }

  doubleList(list: readonly number[]): this {
    this.int(list.length);
    for (const x of list) this.double(x);
    return this;
  }

  typedUbyte(v: number): this { return this.ubyte(TYPE_UBYTE).ubyte(v); }
  typedByte(v: number): this { return this.ubyte(TYPE_BYTE).byte(v); }
  typedInt(v: number): this { return this.ubyte(TYPE_INTEGER).int(v); }
  typedDouble(v: number): this { return this.ubyte(TYPE_DOUBLE).double(v); }
  typedString(s: string): this { return this.ubyte(TYPE_STRING).string(s); }
  typedStringList(list: readonly string[]): this { return this.ubyte(TYPE_STRINGLIST).stringList(list); }
  typedDoubleList(list: readonly number[]): this { return this.ubyte(TYPE_DOUBLELIST).doubleList(list); }
  /** Compound header; the caller writes `count` typed values after it. */
  compound(count: number): this { return this.ubyte(TYPE_COMPOUND).int(count); }
  typedColor(c: Color): this { return this.ubyte(TYPE_COLOR).ubyte(c.r).ubyte(c.g).ubyte(c.b).ubyte(c.a); }
  typedPosition2D(p: Position2D): this { return this.ubyte(POSITION_2D).double(p.x).double(p.y); }
  typedPosition3D(p: Position3D): this { return this.ubyte(POSITION_3D).double(p.x).double(p.y).double(p.z); }

  typedPolygon(shape: Polygon): this {
    this.ubyte(TYPE_POLYGON);
    if (shape.length <= 255) this.ubyte(shape.length);
    else this.ubyte(0).int(shape.length);
    for (const p of shape) this.double(p.x).double(p.y);
    return this;
  }

  /** Writes any tagged value (used for generic set commands and tests). */
  typedValue(v: TraciValue): this {
    switch (v.type) {
      case 'ubyte': return this.typedUbyte(v.value);
      case 'byte': return this.typedByte(v.value);
      case 'int': return this.typedInt(v.value);
      case 'double': return this.typedDouble(v.value);
      case 'string': return this.typedString(v.value);
      case 'stringList': return this.typedStringList(v.value);
      case 'doubleList': return this.typedDoubleList(v.value);
      case 'compound':
        this.compound(v.value.length);
        for (const item of v.value) this.typedValue(item);
        return this;
      case 'color': return this.typedColor(v.value);
      case 'position2D': return this.typedPosition2D(v.value);
      case 'position3D': return this.typedPosition3D(v.value);
      case 'lonLat':
        return v.value.alt === undefined
          ? this.ubyte(POSITION_LON_LAT).double(v.value.lon).double(v.value.lat)
          : this.ubyte(POSITION_LON_LAT_ALT).double(v.value.lon).double(v.value.lat).double(v.value.alt);
      case 'roadPosition':
        return this.ubyte(POSITION_ROADMAP).string(v.value.edgeId).double(v.value.pos).ubyte(v.value.laneIndex);
      case 'polygon': return this.typedPolygon(v.value);
    }
  }

  /** Overwrites an int already written (message length placeholder). */
  patchInt(at: number, v: number): void { this.buf.writeInt32BE(v, at); }

  /**
   * Starts a command: reserves the short (1 byte) length form and returns a mark for `endCommand`,
   * which patches the length, or moves the body for the extended form (0 + int) above 255 bytes.
   */
  beginCommand(commandId: number): number {
    const mark = this.reserve(1);
    this.ubyte(commandId);
    return mark;
  }

  endCommand(mark: number): void {
    const length = this.pos - mark;
    if (length <= 255) {
      this.buf[mark] = length;
      return;
    }
    this.reserve(4);
    this.buf.copy(this.buf, mark + 5, mark + 1, this.pos - 4);
    this.buf[mark] = 0;
    this.buf.writeInt32BE(length + 4, mark + 1);
  }
}
