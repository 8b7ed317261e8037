import { describe, expect, it } from 'vitest';
import { laneShapes } from '../../src/trace/lane-shapes.js';
import type { TraceLine } from '../../src/trace/record.js';
import { encodeReplay } from '../../src/trace/replay-data.js';
import type { ReplayData } from '../../src/trace/replay-data.js';

const vehicle = (id: string, x: number, y: number, speed: number) => ({ id, x, y, speed, lanePosition: 0, road: 'e', lane: 'e_0' });

/** The page's decoding (replay-client.ts), in Node: per track, absolute positions and speeds. */
function decode(data: ReplayData): { id: string; start: number; xs: number[]; ys: number[]; vs: number[] }[] {
  const bytes = Buffer.from(data.data, 'base64');
  const values = new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const out = [];
  let at = 0;
  for (let t = 0; t < data.tracks.length; t += 5) {
    const [vehicleIndex, start, n, x0, y0] = data.tracks.slice(t, t + 5) as [number, number, number, number, number];
    let qx = x0;
    let qy = y0;
    const xs: number[] = [];
    const ys: number[] = [];
    const vs: number[] = [];
    for (let k = 0; k < n; k++, at += 3) {
      qx += values[at] ?? 0;
      qy += values[at + 1] ?? 0;
      xs.push(Math.round(qx * data.positionUnit * 10) / 10);
      ys.push(Math.round(qy * data.positionUnit * 10) / 10);
      vs.push(Math.round((values[at + 2] ?? 0) * data.speedUnit * 10) / 10);
    }
    out.push({ id: data.ids[vehicleIndex] ?? '?', start, xs, ys, vs });
  }
  return out;
}

describe('replay encoding', () => {
  it('keeps positions to 0.1 m and speeds to 0.1 m/s, cuts a track where a vehicle is absent, keeps learners and collisions', () => {
    const lines: TraceLine[] = [
      { step: 1, time: 0.1, vehicles: [vehicle('a', 1000.04, -20, 3.04)], learners: ['a'] },
      { step: 2, time: 0.2, vehicles: [vehicle('a', 1001.26, -19.5, 12.55), vehicle('b', 5, 5, 0)], colliding: ['b'] },
      { step: 3, time: 0.3, vehicles: [vehicle('b', 6, 5, 1)] },
      { step: 4, time: 0.4, vehicles: [vehicle('a', 1500, 0, 7), vehicle('b', 7, 5, 1)] },
    ];
    const data = encodeReplay(lines, []);
    expect(data.times).toEqual([0.1, 0.2, 0.3, 0.4]);
    expect(data.ids).toEqual(['a', 'b']);
    expect(data.learner).toEqual([1, 0]);
    expect(data.collisions).toEqual([1, 1]);
    expect(decode(data)).toEqual([
      { id: 'a', start: 0, xs: [1000, 1001.3], ys: [-20, -19.5], vs: [3, 12.6] },
      { id: 'b', start: 1, xs: [5, 6, 7], ys: [5, 5, 5], vs: [0, 1, 1] },
      { id: 'a', start: 3, xs: [1500], ys: [0], vs: [7] },
    ]);
    expect(data.bounds).toEqual([5, -20, 1500, 5]);
  });

  it('stays small: 1500 steps of 14 vehicles take 6 bytes per vehicle and step', () => {
    const lines: TraceLine[] = Array.from({ length: 1500 }, (_, s) => ({
      step: s + 1, time: (s + 1) / 10, vehicles: Array.from({ length: 14 }, (_, v) => vehicle(`v${v}`, 100 * Math.cos(s / 100 + v), 100 * Math.sin(s / 100 + v), 10)),
    }));
    const data = encodeReplay(lines, []);
    expect(Buffer.from(data.data, 'base64').length).toBe(1500 * 14 * 6);
  });

  it('reads lane centre lines and widths from a net, internal lanes marked', () => {
    const net = [
      '<!-- <lane id="in-comment" shape="0,0 1,1"/> -->',
      '<edge id=":J_0" function="internal"><lane id=":J_0_0" index="0" speed="30" length="2" shape="0.00,0.00 1.00,1.50"/></edge>',
      '<edge id="a" from="J" to="K"><lane id="a_0" index="0" speed="30" length="10" width="3.5" shape="1.00,1.50 11.00,1.50 12,3"/>',
      '<lane id="a_1" index="1" speed="30" length="10" shape=""/></edge>',
    ].join('\n');
    expect(laneShapes(net)).toEqual([
      { points: [0, 0, 1, 1.5], width: 3.2, internal: true },
      { points: [1, 1.5, 11, 1.5, 12, 3], width: 3.5, internal: false },
    ]);
  });
});
