import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TraciReader, TraciWriter } from '../../src/traci/codec.js';
import type { Command } from '../../src/traci/command.js';
import { commands, TraciClient } from '../../src/traci/client.js';
import type { Connection } from '../../src/traci/connection.js';
import * as C from '../../src/traci/constants.js';
import { VEHICLE, vehicleVariables as V } from '../../src/traci/domains/vehicle.js';
import { TraciProtocolError } from '../../src/traci/errors.js';
import { frameMessage } from '../../src/traci/message.js';
import { SubscriptionRegistry } from '../../src/traci/subscriptions.js';
import type { TraciValue } from '../../src/traci/values.js';

/** Bytes SUMO's Python client sends for the same calls (test/fixtures/traci/make-requests.py). */
const PY: Record<string, string> = JSON.parse(readFileSync(new URL('../fixtures/traci/requests.json', import.meta.url), 'utf8'));

function encode(...cmds: Command<unknown>[]): string {
  return frameMessage(new TraciWriter(16), (w) => cmds.forEach((c) => c.encode(w))).toString('hex');
}

// A client without a socket, only to build its step command.
const offline = new TraciClient({} as Connection);

describe('requests are byte-identical to SUMO’s Python client', () => {
  const cases: Array<[string, Command<unknown>]> = [
    ['simulationStep', offline.stepCommand()],
    ['simulationStep(12.5)', offline.stepCommand(12.5)],
    ['vehicle.getSpeed(veh0)', commands.vehicle.getSpeed('veh0')],
    ['vehicle.getIDList', commands.vehicle.getIDList()],
    ['vehicle.getLeader(veh0,50)', commands.vehicle.getLeader('veh0', 50)],
    ['vehicle.slowDown(veh1,10,0.1)', commands.vehicle.slowDown('veh1', 10, 0.1)],
    ['vehicle.setSpeed(veh1,3.5)', commands.vehicle.setSpeed('veh1', 3.5)],
    ['vehicle.setSpeedMode(veh1,25)', commands.vehicle.setSpeedMode('veh1', 25)],
    ['vehicle.setColor(veh1,[255,0,0,255])', commands.vehicle.setColor('veh1', { r: 255, g: 0, b: 0, a: 255 })],
    ['vehicle.changeLane(veh1,1,2.0)', commands.vehicle.changeLane('veh1', 1, 2)],
    ['vehicle.moveTo(veh1,en_0,12.0)', commands.vehicle.moveTo('veh1', 'en_0', 12)],
    ['vehicle.remove(veh1)', commands.vehicle.remove('veh1')],
    ['vehicle.add(new,loop_en,human)', commands.vehicle.add('new', 'loop_en', { typeId: 'human' })],
    ['route.add(r1,[a,b,c])', commands.route.add('r1', ['a', 'b', 'c'])],
    ['lane.getShape(en_0)', commands.lane.getShape('en_0')],
    ['vehicletype.setTau(human,1.5)', commands.vehicletype.setTau('human', 1.5)],
    ['vehicle.getRoadID(long)', commands.vehicle.getRoadID('v'.repeat(300))],
    [
      'vehicle.subscribe(veh0,[speed,lanePosition,roadId,leader(50)])',
      offline.subscription(VEHICLE, { s: V.speed, p: V.lanePosition, r: V.roadId, l: V.leader(50) }).subscribe('veh0'),
    ],
  ];
  it.each(cases)('%s', (name, command) => {
    expect(PY[name]).toBeTypeOf('string');
    expect(encode(command)).toBe(PY[name]);
  });

  it('packs several commands into one message whose length counts them all', () => {
    const both = encode(commands.vehicle.slowDown('veh1', 10, 0.1), offline.stepCommand());
    const a = (PY['vehicle.slowDown(veh1,10,0.1)'] ?? '').slice(8);
    const b = (PY.simulationStep ?? '').slice(8);
    expect(both).toBe((4 + (a.length + b.length) / 2).toString(16).padStart(8, '0') + a + b);
  });
});

describe('typed values round-trip', () => {
  const values: TraciValue[] = [
    { type: 'ubyte', value: 255 },
    { type: 'byte', value: -128 },
    { type: 'int', value: -2147483648 },
    { type: 'double', value: -1073741824.0 },
    { type: 'double', value: 0.1 },
    { type: 'string', value: '' },
    { type: 'string', value: 'veh_0 äöü' },
    { type: 'stringList', value: ['a', '', 'c'] },
    { type: 'doubleList', value: [1.5, -2, 1e-300] },
    { type: 'color', value: { r: 1, g: 2, b: 3, a: 4 } },
    { type: 'position2D', value: { x: 1.25, y: -3.5 } },
    { type: 'position3D', value: { x: 1, y: 2, z: 3 } },
    { type: 'lonLat', value: { lon: 13.4, lat: 52.5 } },
    { type: 'lonLat', value: { lon: 13.4, lat: 52.5, alt: 34 } },
    { type: 'roadPosition', value: { edgeId: 'e1', pos: 12.5, laneIndex: 2 } },
    { type: 'polygon', value: [{ x: 0, y: 0 }, { x: 1, y: 1 }] },
    { type: 'polygon', value: Array.from({ length: 300 }, (_, i) => ({ x: i, y: -i })) },
    { type: 'compound', value: [{ type: 'string', value: 'x' }, { type: 'compound', value: [{ type: 'int', value: 7 }] }] },
  ];
  it.each(values.map((v) => [v.type, v] as const))('%s', (_type, value) => {
    const w = new TraciWriter(4);
    w.typedValue(value).ubyte(0x42);
    const r = new TraciReader(w.bytes());
    expect(r.typedValue()).toEqual(value);
    expect(r.ubyte()).toBe(0x42); // consumed exactly its own bytes
    expect(r.hasMore()).toBe(false);
  });

  it('writes the exact bytes of a typed double and string', () => {
    expect(new TraciWriter().typedDouble(1).bytes().toString('hex')).toBe('0b3ff0000000000000');
    expect(new TraciWriter().typedString('ab').bytes().toString('hex')).toBe('0c000000026162');
    expect(new TraciWriter().typedPolygon([{ x: 0, y: 0 }]).bytes().toString('hex')).toBe(`0601${'00'.repeat(16)}`);
  });

  it('uses the extended length form above 255 bytes and the short one below', () => {
    const w = new TraciWriter(8);
    const mark = w.beginCommand(0xa4);
    for (let i = 0; i < 300; i++) w.ubyte(i);
    w.endCommand(mark);
    const bytes = w.bytes();
    expect(bytes[0]).toBe(0);
    expect(bytes.readInt32BE(1)).toBe(bytes.length);
    expect(bytes[5]).toBe(0xa4);
    expect(bytes[6]).toBe(0);
    expect(bytes[bytes.length - 1]).toBe(299 & 0xff);
    const r = new TraciReader(bytes);
    expect(r.commandLength()).toBe(bytes.length);
  });
});

describe('reader errors', () => {
  it('names the expected and found type with the offset and a hex excerpt', () => {
    const r = new TraciReader(Buffer.from('0900000001', 'hex'));
    expect(() => r.typedDouble()).toThrow(TraciProtocolError);
    expect(() => new TraciReader(Buffer.from('0900000001', 'hex')).typedDouble()).toThrow(/expected type double, found int at offset 0 \[09 00 00 00 01\]/);
  });
  it('reports a truncated message', () => {
    expect(() => new TraciReader(Buffer.from('0b3ff0', 'hex')).typedDouble()).toThrow(/message ends while reading double/);
  });
  it('rejects an unknown type tag', () => {
    expect(() => new TraciReader(Buffer.from('55', 'hex')).typedValue()).toThrow(/unknown type tag 0x55/);
  });
});

describe('answers', () => {
  /** Builds an answer: status block, then the body written by `body`. */
  function answer(commandId: number, body?: (w: TraciWriter) => void, status = C.RTYPE_OK, message = ''): TraciReader {
    const w = new TraciWriter();
    const mark = w.beginCommand(commandId);
    w.ubyte(status).string(message);
    w.endCommand(mark);
    body?.(w);
    return new TraciReader(Buffer.from(w.bytes()));
  }

  it('decodes a getLeader response', async () => {
    const { readStatus } = await import('../../src/traci/command.js');
    const cmd = commands.vehicle.getLeader('veh0', 50);
    const r = answer(C.CMD_GET_VEHICLE_VARIABLE, (w) => {
      const m = w.beginCommand(C.RESPONSE_GET_VEHICLE_VARIABLE);
      w.ubyte(C.VAR_LEADER).string('veh0').compound(2).typedString('veh1').typedDouble(11.6);
      w.endCommand(m);
    });
    expect(readStatus(r, cmd)).toBeUndefined();
    expect(cmd.decode(r)).toEqual({ id: 'veh1', gap: 11.6 });
  });

  it('turns an error status into a TraciCommandError with SUMO’s message', async () => {
    const { readStatus } = await import('../../src/traci/command.js');
    const cmd = commands.vehicle.getSpeed('nope');
    const error = readStatus(answer(C.CMD_GET_VEHICLE_VARIABLE, undefined, C.RTYPE_ERR, "Vehicle 'nope' is not known."), cmd);
    expect(error?.commandId).toBe(0xa4);
    expect(error?.sumoMessage).toBe("Vehicle 'nope' is not known.");
    expect(error?.message).toBe(`vehicle.getSpeed("nope") failed (command 0xa4, error): Vehicle 'nope' is not known.`);
    const notImplemented = readStatus(answer(C.CMD_GET_VEHICLE_VARIABLE, undefined, C.RTYPE_NOTIMPLEMENTED, 'no'), cmd);
    expect(notImplemented?.status).toBe('not implemented');
  });

  it('decodes the subscription results of a step into typed objects', () => {
    const registry = new SubscriptionRegistry();
    const client = new TraciClient({} as Connection);
    const group = client.subscription(VEHICLE, { speed: V.speed, road: V.roadId, leader: V.leader(50) });
    group.subscribe('veh0');
    const w = new TraciWriter();
    w.int(2);
    for (const [id, speed] of [['veh0', 3.5], ['other', 1]] as const) {
      const m = w.beginCommand(C.RESPONSE_SUBSCRIBE_VEHICLE_VARIABLE);
      w.string(id).ubyte(3);
      w.ubyte(C.VAR_SPEED).ubyte(0).typedDouble(speed);
      w.ubyte(C.VAR_ROAD_ID).ubyte(0).typedString('en');
      w.ubyte(C.VAR_LEADER).ubyte(0xff).typedString('no leader here');
      w.endCommand(m);
    }
    const step = client.stepCommand();
    expect(step.decode(new TraciReader(Buffer.from(w.bytes())))).toBe(2);
    expect(group.results.get('veh0')).toEqual({ speed: 3.5, road: 'en' });
    expect(group.errors.get('veh0')).toBe('no leader here');
    expect(group.results.has('other')).toBe(false); // not ours: skipped by its length
    void registry;
  });
});

describe('version check', () => {
  it('accepts API 20 and names SUMO’s version and ours otherwise', async () => {
    const { assertSupported } = await import('../../src/traci/client.js');
    const { TraciVersionError } = await import('../../src/traci/errors.js');
    expect(assertSupported({ apiVersion: 20, sumoVersion: 'SUMO 1.15.0' }).apiVersion).toBe(20);
    expect(() => assertSupported({ apiVersion: 21, sumoVersion: 'SUMO 1.19.0' })).toThrow(TraciVersionError);
    expect(() => assertSupported({ apiVersion: 21, sumoVersion: 'SUMO 1.19.0' })).toThrow('SUMO "SUMO 1.19.0" speaks TraCI API 21; cavlab supports API 20 (SUMO 1.15)');
  });
});
