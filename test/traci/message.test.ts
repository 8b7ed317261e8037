import { describe, expect, it } from 'vitest';
import { TraciProtocolError } from '../../src/traci/errors.js';
import { MessageAssembler } from '../../src/traci/message.js';

function message(body: string): Buffer {
  const b = Buffer.from(body, 'hex');
  const head = Buffer.alloc(4);
  head.writeInt32BE(b.length + 4);
  return Buffer.concat([head, b]);
}

describe('MessageAssembler', () => {
  it('returns a message split over several chunks, even inside the length header', () => {
    const m = message('0102030405');
    const a = new MessageAssembler();
    expect(a.push(m.subarray(0, 2))).toEqual([]);
    expect(a.push(m.subarray(2, 6))).toEqual([]);
    expect(a.push(m.subarray(6)).map((x) => x.toString('hex'))).toEqual(['0102030405']);
  });

  it('returns several messages from one chunk and keeps the rest', () => {
    const a = new MessageAssembler();
    const both = Buffer.concat([message('aa'), message('bbcc'), message('dd').subarray(0, 3)]);
    expect(a.push(both).map((x) => x.toString('hex'))).toEqual(['aa', 'bbcc']);
    expect(a.push(message('dd').subarray(3)).map((x) => x.toString('hex'))).toEqual(['dd']);
  });

  it('accepts an empty message body', () => {
    expect(new MessageAssembler().push(message('')).map((x) => x.length)).toEqual([0]);
  });

  it('rejects an impossible length as a protocol error', () => {
    expect(() => new MessageAssembler().push(Buffer.from('00000002', 'hex'))).toThrow(TraciProtocolError);
  });
});
