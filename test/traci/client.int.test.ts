import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { launch } from '../../src/sumo/launch.js';
import { SumoExitedError, SumoInputError, SumoStartError } from '../../src/sumo/errors.js';
import { commands } from '../../src/traci/client.js';
import type { TraciClient } from '../../src/traci/client.js';
import { VEHICLE, vehicleVariables as V } from '../../src/traci/domains/vehicle.js';
import { TraciCommandError } from '../../src/traci/errors.js';
import { RING, sumoChildrenAfter } from '../helpers/sumo.js';

let client: TraciClient | undefined;
afterEach(async () => {
  await client?.close();
  client = undefined;
  expect(await sumoChildrenAfter()).toEqual([]);
});

/** Counts the messages a client writes to its socket. */
function countWrites(c: TraciClient): () => number {
  const socket = (c.connection as unknown as { socket: { write: (b: Buffer) => boolean } }).socket;
  const original = socket.write.bind(socket);
  let n = 0;
  socket.write = (b: Buffer) => {
    n++;
    return original(b);
  };
  return () => n;
}

describe('TraCI client against SUMO 1.15', () => {
  it('handshakes and answers the getters of every domain', async () => {
    client = await launch({ configFile: RING });
    expect((await client.getVersion()).apiVersion).toBe(20);
    await client.simulationStep();
    expect(await client.simulation.getTime()).toBeCloseTo(0.1, 10);
    expect(await client.simulation.getDeltaT()).toBeCloseTo(0.1, 10);
    expect((await client.simulation.getDepartedIDList()).length).toBe(14); // all depart in the first step
    expect(await client.simulation.getMinExpectedNumber()).toBe(14);
    expect(await client.vehicle.getIDCount()).toBe(14);
    expect((await client.vehicle.getIDList()).sort()).toContain('veh13');
    expect(await client.vehicle.getRoadID('veh0')).toBe('en');
    expect(await client.vehicle.getLaneID('veh0')).toBe('en_0');
    expect(await client.vehicle.getLaneIndex('veh0')).toBe(0);
    expect(await client.vehicle.getTypeID('veh1')).toBe('cav');
    expect(await client.vehicle.getRouteID('veh0')).toBe('loop_en');
    expect((await client.vehicle.getRoute('veh0')).slice(0, 4)).toEqual(['en', 'nw', 'ws', 'se']);
    expect(await client.vehicle.getLeader('veh0', 50)).toEqual({ id: 'veh1', gap: expect.closeTo(11.6, 6) });
    expect((await client.vehicle.getFollower('veh0', 50)).id).toBe('veh13');
    expect(await client.vehicle.getPosition('veh0')).toEqual({ x: 81.6, y: 40.1 });
    expect(typeof (await client.vehicle.getAngle('veh0'))).toBe('number');
    expect(await client.vehicle.getSpeedMode('veh0')).toBe(31);
    expect(await client.lane.getLength('en_0')).toBeCloseTo(65.1, 6);
    expect(await client.edge.getLength('en')).toBeCloseTo(65.1, 6);
    expect(await client.lane.getMaxSpeed('en_0')).toBe(30);
    expect((await client.lane.getShape('en_0')).length).toBe(13);
    expect(await client.edge.getLaneNumber('en')).toBe(1);
    expect(await client.route.getEdges('loop_nw')).toEqual(expect.arrayContaining(['nw', 'ws', 'se', 'en']));
    expect(await client.vehicletype.getTau('human')).toBe(1);
    expect(await client.vehicletype.getAccel('human')).toBe(1);
  });

  it('applies setters and adds and removes vehicles', async () => {
    client = await launch({ configFile: RING });
    await client.simulationStep();
    await client.route.add('r_extra', ['en', 'nw']);
    await client.vehicle.add('extra', 'r_extra', { typeId: 'human', departPos: '30' });
    await client.vehicle.setSpeedMode('veh1', 25);
    await client.vehicle.setMaxSpeed('veh2', 5);
    await client.vehicle.setColor('veh2', { r: 0, g: 255, b: 0, a: 255 });
    await client.vehicletype.setTau('human', 1.5);
    await client.simulationStep();
    expect(await client.vehicle.getIDList()).toContain('extra');
    expect(await client.vehicle.getSpeedMode('veh1')).toBe(25);
    expect(await client.vehicle.getMaxSpeed('veh2')).toBe(5);
    expect(await client.vehicle.getColor('veh2')).toEqual({ r: 0, g: 255, b: 0, a: 255 });
    expect(await client.vehicletype.getTau('human')).toBe(1.5);
    const before = await client.vehicle.getSpeed('veh3');
    await client.vehicle.setSpeed('veh3', 0);
    await client.simulationStep();
    // Speed mode 31 keeps the braking limit: b = 1.5 m/s² over dt = 0.1 s.
    expect(await client.vehicle.getSpeed('veh3')).toBeCloseTo(Math.max(0, before - 0.15), 9);
    await client.vehicle.remove('extra');
    await client.simulationStep();
    expect(await client.vehicle.getIDList()).not.toContain('extra');
  });

  it('unknown vehicle → TraciCommandError with SUMO’s message, and the link stays usable', async () => {
    client = await launch({ configFile: RING });
    await client.simulationStep();
    const error = await client.vehicle.getSpeed('nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TraciCommandError);
    expect((error as TraciCommandError).sumoMessage).toBe("Vehicle 'nope' is not known.");
    expect((error as TraciCommandError).commandId).toBe(0xa4);
    expect(await client.vehicle.getSpeed('veh0')).toBeGreaterThanOrEqual(0);
    // Same inside a batch: the batch rejects, later requests still work.
    await expect(client.execute([commands.vehicle.getSpeed('veh0'), commands.vehicle.slowDown('nope', 1, 1)])).rejects.toThrow(/slowDown\("nope"\)/);
    expect(await client.simulationStep()).toBe(0);
  });

  it('a controlled step — all actions, the step and all reads — is one round trip', async () => {
    client = await launch({ configFile: RING });
    await client.simulationStep();
    const ids = await client.vehicle.getIDList();
    const group = client.subscription(VEHICLE, { speed: V.speed, lanePosition: V.lanePosition, road: V.roadId, leader: V.leader(50) });
    const initial = await client.execute(ids.map((id) => group.subscribe(id)));
    expect(initial[0]).toMatchObject({ road: expect.any(String), leader: { id: expect.any(String) } });
    const writes = countWrites(client);
    for (let i = 0; i < 20; i++) {
      const results = await client.execute([...['veh1', 'veh3', 'veh4'].map((id) => commands.vehicle.slowDown(id, 8, 0.1)), client.stepCommand()]);
      expect(results[3]).toBe(14); // subscription responses that came with the step
    }
    expect(writes()).toBe(20);
    expect(group.results.size).toBe(14);
    const veh3 = group.results.get('veh3');
    expect(veh3?.speed).toBeGreaterThan(0);
    expect(veh3?.speed).toBeLessThanOrEqual(8);
    expect(veh3?.leader.id).toBe('veh4');
    expect(veh3?.lanePosition).toBeCloseTo(await client.vehicle.getLanePosition('veh3'), 12);
    // Unsubscribing stops the updates of that vehicle.
    await client.execute([group.unsubscribe('veh3')]);
    await client.simulationStep();
    expect(group.results.has('veh3')).toBe(false);
    expect(group.results.size).toBe(13);
  });

  it('refuses commands after simulationStep in one message (SUMO would run them before the step)', async () => {
    client = await launch({ configFile: RING });
    await expect(client.execute([client.stepCommand(), commands.vehicle.getIDList()])).rejects.toThrow(/simulationStep must be the last command/);
    expect(await client.simulationStep()).toBe(0); // nothing was sent; the link is fine
    expect(await client.simulation.getTime()).toBeCloseTo(0.1, 9);
  });

  it('Python-style untyped subscriptions return values by variable id', async () => {
    client = await launch({ configFile: RING });
    await client.simulationStep();
    await client.vehicle.subscribe('veh0', [0x40, 0x50, 0x68], undefined, undefined, new Map([[0x68, 50]]));
    await client.simulationStep();
    const r = client.vehicle.getSubscriptionResults('veh0');
    expect(r?.get(0x50)).toBe('en');
    expect(r?.get(0x68)).toMatchObject({ id: 'veh1' });
    await client.vehicle.unsubscribe('veh0');
    await client.simulationStep();
    expect(client.vehicle.getSubscriptionResults('veh0')).toBeUndefined();
  });

  it('SUMO killed mid-run → SumoExitedError on the pending request, not a hang', async () => {
    client = await launch({ configFile: RING });
    await client.simulationStep();
    const pid = client.server?.pid;
    expect(pid).toBeGreaterThan(0);
    const started = Date.now();
    const pending = client.simulationStep(1000); // long enough to be in flight when SUMO dies
    process.kill(pid as number, 'SIGKILL');
    const error = await pending.then(() => undefined, (e: unknown) => e);
    // Either the step finished first (then the next call fails) or it was cut off: both must name the exit.
    const failure = error ?? (await client.simulationStep().catch((e: unknown) => e));
    expect(failure).toBeInstanceOf(SumoExitedError);
    expect((failure as SumoExitedError).message).toMatch(/SUMO was killed by SIGKILL/);
    expect(Date.now() - started).toBeLessThan(2_500);
    await expect(client.vehicle.getIDList()).rejects.toBeInstanceOf(SumoExitedError);
  });

  it('missing or malformed .sumocfg → one-line error naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cavlab-'));
    await expect(launch({ configFile: join(dir, 'missing.sumocfg') })).rejects.toThrow(SumoInputError);
    await expect(launch({ configFile: join(dir, 'missing.sumocfg') })).rejects.toThrow(`${join(dir, 'missing.sumocfg')}: file not found`);
    const bad = join(dir, 'bad.sumocfg');
    writeFileSync(bad, "<configuration><input><net-file value='x.net.xml'/></input");
    const error = await launch({ configFile: bad }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SumoStartError);
    expect((error as Error).message).toContain(bad);
    expect((error as Error).message).not.toContain('\n');
    const noNet = join(dir, 'nonet.sumocfg');
    writeFileSync(noNet, "<configuration><input><net-file value='absent.net.xml'/></input></configuration>");
    await expect(launch({ configFile: noNet })).rejects.toThrow(/absent\.net\.xml/);
  });

  it('a port already taken → another port is used', async () => {
    const server: Server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const address = server.address();
    const taken = typeof address === 'object' && address ? address.port : 0;
    try {
      client = await launch({ configFile: RING, port: taken });
      expect(client.server?.port).not.toBe(taken);
      await client.simulationStep();
      expect(await client.vehicle.getIDCount()).toBe(14);
    } finally {
      server.close();
    }
  });

  it('close is clean and idempotent; SUMO is gone afterwards', async () => {
    client = await launch({ configFile: RING });
    await client.simulationStep();
    const pid = client.server?.pid as number;
    await client.close();
    await client.close();
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
