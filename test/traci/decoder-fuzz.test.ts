// Seeded fuzz of the answer decoder: real SUMO 1.15 answers (test/fixtures/traci/replies.json, recorded by
// record-replies.ts) truncated, bit-flipped and with counts overwritten. Every malformed answer must end in a
// TraciError (typed, one line), never a RangeError or any other untyped error, and never a hang.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { vehicleStateSpec } from '../../src/kernel/vehicle-state.js';
import { commands, TraciClient, versionCommand } from '../../src/traci/client.js';
import type { Command } from '../../src/traci/command.js';
import { plainCommand } from '../../src/traci/command.js';
import { decodeAnswer } from '../../src/traci/link.js';
import type { Connection } from '../../src/traci/connection.js';
import { CMD_CLOSE } from '../../src/traci/constants.js';
import { VEHICLE } from '../../src/traci/domains/vehicle.js';
import { TraciError } from '../../src/traci/errors.js';
import { Rng } from '../../src/util/rng.js';

interface Reply { readonly label: string; readonly hex: string }
const FIXTURE: { replies: Reply[] } = JSON.parse(readFileSync(new URL('../fixtures/traci/replies.json', import.meta.url), 'utf8'));
const REPLIES = FIXTURE.replies.map((r) => ({ label: r.label, bytes: Buffer.from(r.hex, 'hex') }));
const RANGE = 100; // record-replies.ts SUBSCRIPTION_RANGE
const ANSWERS = 100_000;

/** The commands a recorded answer answers, rebuilt from its label (a fresh offline client each time). */
function commandsFor(label: string): Command<unknown>[] {
  const [what = '', arg = ''] = label.split(':');
  const client = new TraciClient({} as Connection);
  const group = client.subscription(VEHICLE, vehicleStateSpec(RANGE));
  const ids = arg === '' ? [] : arg.split(',');
  switch (what) {
    case 'version': return [versionCommand()];
    case 'close': return [plainCommand(CMD_CLOSE, 'close')];
    case 'getIDList': return [commands.vehicle.getIDList()];
    case 'subscribe': return ids.map((id) => group.subscribe(id));
    case 'step':
      for (const id of ids) group.subscribe(id);
      return [client.stepCommand()];
    case 'getSpeed': return [commands.vehicle.getSpeed(arg)];
    case 'getPosition': return [commands.vehicle.getPosition(arg)];
    case 'getLeader': return [commands.vehicle.getLeader(arg, RANGE)];
    case 'getColor': return [commands.vehicle.getColor(arg)];
    case 'getRoute': return [commands.vehicle.getRoute(arg)];
    case 'getRoadID': return [commands.vehicle.getRoadID(arg)];
    case 'getLaneID': return [commands.vehicle.getLaneID(arg)];
    case 'getShape': return [commands.lane.getShape(arg)];
    default: throw new Error(`replies.json: unknown label ${label}`);
  }
}

/** One malformed copy of `bytes`: truncated, bits flipped, an int overwritten, or a mix. */
function mutate(bytes: Buffer, rng: Rng): Buffer {
  const copy = Buffer.from(bytes);
  const kind = rng.nextUint32() % 4;
  if (kind === 0) return copy.subarray(0, rng.nextUint32() % copy.length);
  if (kind === 1 || kind === 3) {
    const flips = 1 + (rng.nextUint32() % 8);
    for (let i = 0; i < flips; i++) {
      const at = rng.nextUint32() % copy.length;
      copy[at] = (copy[at] as number) ^ (1 << (rng.nextUint32() % 8));
    }
  }
  if ((kind === 2 || kind === 3) && copy.length >= 4) {
    // Counts and lengths are int32: a negative, a huge or a random one at a random place.
    const values = [-1, -(rng.nextUint32() % 1000) - 1, 0x7fffffff, rng.nextUint32() % 70_000, rng.nextUint32() | 0];
    copy.writeInt32BE(values[rng.nextUint32() % values.length] as number, rng.nextUint32() % (copy.length - 3));
  }
  return copy;
}

describe('answer decoder', () => {
  it('decodes every recorded SUMO answer', () => {
    expect(REPLIES.length).toBeGreaterThan(20);
    for (const reply of REPLIES) {
      const answer = decodeAnswer(reply.bytes, commandsFor(reply.label));
      if (reply.label !== 'getSpeed:missing') expect(answer.error, reply.label).toBeUndefined();
      else expect(answer.error?.message).toMatch(/missing/);
    }
  });

  it('gives a typed TraCI error on a negative list or compound count', () => {
    const list = Buffer.from(REPLIES.find((r) => r.label === 'getIDList')?.bytes ?? []);
    // status block (7 bytes + empty description), then length, response id, var, object "", type tag, count.
    const countAt = list.indexOf(Buffer.from([0x0e])) + 1;
    list.writeInt32BE(-3, countAt);
    expect(() => decodeAnswer(list, commandsFor('getIDList'))).toThrow(/negative string list count -3/);
    const leader = Buffer.from(REPLIES.find((r) => r.label === 'getLeader:veh0')?.bytes ?? []);
    leader.writeInt32BE(-2, leader.indexOf(Buffer.from([0x0f])) + 1);
    expect(() => decodeAnswer(leader, commandsFor('getLeader:veh0'))).toThrow(TraciError);
  });

  const cached = new Map<string, Command<unknown>[]>();
  const commandsOf = (label: string): Command<unknown>[] => {
    let found = cached.get(label);
    if (!found) cached.set(label, (found = commandsFor(label)));
    return found;
  };

  it(`ends ${ANSWERS.toLocaleString('en')} malformed answers in typed errors only (seed 14)`, () => {
    const rng = new Rng(14);
    const untyped: string[] = [];
    let decoded = 0;
    let typed = 0;
    for (let i = 0; i < ANSWERS; i++) {
      const reply = REPLIES[rng.nextUint32() % REPLIES.length] as (typeof REPLIES)[number];
      const bytes = mutate(reply.bytes, rng);
      try {
        decodeAnswer(bytes, commandsOf(reply.label));
        decoded++;
      } catch (error) {
        if (error instanceof TraciError) typed++;
        else if (untyped.length < 5) untyped.push(`${reply.label}: ${String(error)}`);
        else untyped.push('');
      }
    }
    expect(untyped).toEqual([]);
    expect(decoded + typed).toBe(ANSWERS);
    // Most mutations break the answer; some (a flipped bit inside a double) leave it decodable.
    expect(typed).toBeGreaterThan(ANSWERS / 2);
  });
});
