// Checkpoint files: a tree of plain data (objects, arrays, numbers, strings, booleans, null) with Float32Arrays
// anywhere inside is written as index.json (the tree, each array replaced by {"$f32": k}) plus data.bin (the arrays'
// bytes, little-endian float32, back to back). The directory is written under a temporary name and renamed into
// place, so a crash leaves either the previous checkpoint or the new one, never half of one.
import { endianness } from 'node:os';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CheckpointError } from './errors.js';
import { isRecord } from '../util/records.js';

const FORMAT = 'cavlab-checkpoint';
const VERSION = 1;
const INDEX_FILE = 'index.json';
const DATA_FILE = 'data.bin';

interface ArrayRef {
  readonly offset: number;
  readonly length: number;
}

/** Writes `value` to `dir` atomically (replacing a previous checkpoint there). */
export async function writeCheckpoint(dir: string, value: unknown): Promise<void> {
  checkEndianness(dir);
  const arrays: Float32Array[] = [];
  const tree = encode(value, arrays, dir, '$');
  const refs: ArrayRef[] = [];
  let offset = 0;
  for (const a of arrays) {
    refs.push({ offset, length: a.length });
    offset += a.byteLength;
  }
  const tmp = `${dir}.tmp`;
  const old = `${dir}.old`;
  await recover(dir);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  await writeSynced(join(tmp, DATA_FILE), arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
  const index = { format: FORMAT, version: VERSION, bytes: offset, arrays: refs, data: tree };
  await writeSynced(join(tmp, INDEX_FILE), [Buffer.from(`${JSON.stringify(index)}\n`)]);
  await syncDir(tmp);
  if (existsSync(dir)) await rename(dir, old);
  await rename(tmp, dir);
  await rm(old, { recursive: true, force: true });
  await syncDir(dirname(dir));
}

/** Reads what `writeCheckpoint` wrote: the tree with its Float32Arrays, to be narrowed by the caller. */
export async function readCheckpoint(dir: string): Promise<unknown> {
  checkEndianness(dir);
  await recover(dir);
  let indexText: string;
  let data: Buffer;
  try {
    indexText = await readFile(join(dir, INDEX_FILE), 'utf8');
    data = await readFile(join(dir, DATA_FILE));
  } catch (error) {
    throw new CheckpointError(dir, error instanceof Error ? error.message : String(error), { cause: error });
  }
  let index: unknown;
  try {
    index = JSON.parse(indexText);
  } catch (error) {
    throw new CheckpointError(dir, `${INDEX_FILE} is not JSON`, { cause: error });
  }
  if (!isRecord(index) || index.format !== FORMAT || index.version !== VERSION) throw new CheckpointError(dir, `${INDEX_FILE} is not a ${FORMAT} v${VERSION} index`);
  if (index.bytes !== data.length) throw new CheckpointError(dir, `${DATA_FILE} has ${data.length} bytes, the index says ${String(index.bytes)}`);
  const refs = index.arrays;
  if (!Array.isArray(refs)) throw new CheckpointError(dir, `${INDEX_FILE} has no array list`);
  const arrays = refs.map((ref: unknown, k) => {
    if (!isRecord(ref) || !isCount(ref.offset) || !isCount(ref.length) || ref.offset + 4 * ref.length > data.length) {
      throw new CheckpointError(dir, `array ${k} lies outside ${DATA_FILE}`);
    }
    // A copy: the Buffer's offset need not be 4-byte aligned.
    const bytes = data.subarray(ref.offset, ref.offset + 4 * ref.length);
    const out = new Float32Array(ref.length);
    new Uint8Array(out.buffer).set(bytes);
    return out;
  });
  return decode(index.data, arrays, dir);
}

/** A crash between the two renames of a write leaves only `<dir>.old`: put it back. */
async function recover(dir: string): Promise<void> {
  const old = `${dir}.old`;
  if (!existsSync(old)) return;
  if (existsSync(dir)) await rm(old, { recursive: true, force: true });
  else await rename(old, dir);
}

/** Non-finite numbers and typed arrays have no JSON form: they become tagged objects. */
function encode(value: unknown, arrays: Float32Array[], dir: string, path: string): unknown {
  if (value instanceof Float32Array) {
    arrays.push(value);
    return { $f32: arrays.length - 1 };
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : { $num: String(value) };
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((v: unknown, i) => encode(v, arrays, dir, `${path}[${i}]`));
  if (isRecord(value) && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k.startsWith('$')) throw new CheckpointError(dir, `key ${path}.${k} may not start with '$'`);
      out[k] = encode(v, arrays, dir, `${path}.${k}`);
    }
    return out;
  }
  throw new CheckpointError(dir, `cannot store ${path} (${typeof value === 'object' ? value.constructor.name : typeof value})`);
}

function decode(value: unknown, arrays: readonly Float32Array[], dir: string): unknown {
  if (Array.isArray(value)) return value.map((v: unknown) => decode(v, arrays, dir));
  if (!isRecord(value)) return value;
  if ('$f32' in value) {
    const array = typeof value.$f32 === 'number' ? arrays[value.$f32] : undefined;
    if (array === undefined) throw new CheckpointError(dir, `reference to array ${String(value.$f32)}, which does not exist`);
    return array;
  }
  if ('$num' in value) return Number(value.$num);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = decode(v, arrays, dir);
  return out;
}

async function writeSynced(path: string, chunks: readonly Uint8Array[]): Promise<void> {
  const file = await open(path, 'w');
  try {
    for (const chunk of chunks) await file.write(chunk);
    await file.sync();
  } finally {
    await file.close();
  }
}

async function syncDir(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function checkEndianness(dir: string): void {
  // Float32Array bytes are written as the machine holds them; every platform Node supports is little-endian.
  if (endianness() !== 'LE') throw new CheckpointError(dir, 'checkpoints are little-endian; this machine is big-endian');
}


function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
