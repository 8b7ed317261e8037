// Message framing: every message is a 4-byte big-endian length (counting itself) followed by commands.
import { TraciProtocolError } from './errors.js';
import type { TraciWriter } from './codec.js';

/** Largest message we accept from SUMO; anything bigger means the stream is out of sync. */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

/** Writes the 4-byte header, lets `body` append commands, then patches the length. */
export function frameMessage(w: TraciWriter, body: (w: TraciWriter) => void): Buffer {
  w.reset();
  w.int(0);
  body(w);
  w.patchInt(0, w.length);
  return w.bytes();
}

/** Collects socket chunks and hands out complete message bodies (without the length header). */
export class MessageAssembler {
  private chunks: Buffer[] = [];
  private buffered = 0;

  /** Appends a chunk and returns the messages it completed, in order. */
  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const messages: Buffer[] = [];
    for (;;) {
      if (this.buffered < 4) break;
      if ((this.chunks[0] as Buffer).length < 4) this.flatten();
      const head = this.chunks[0] as Buffer;
      const length = head.readInt32BE(0);
      if (length < 4 || length > MAX_MESSAGE_BYTES) {
        throw new TraciProtocolError(`invalid message length ${length}`);
      }
      if (this.buffered < length) break;
      const all = this.chunks.length === 1 ? head : this.flatten();
      messages.push(all.subarray(4, length));
      const rest = all.subarray(length);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
    }
    return messages;
  }

  private flatten(): Buffer {
    const all = Buffer.concat(this.chunks, this.buffered);
    this.chunks = [all];
    return all;
  }
}
