// The libsumo transport against the TCP one: the same scenario and seed give identical vehicle ids, positions,
// speeds, lanes, leaders and followers at every step, on the three paper maps and on a generated one; SUMO's
// errors arrive as the same typed errors; libsumo's one-simulation-per-process rule is a clear usage error.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knownFunctions } from '../../src/env/functions.js';
import { VehicleTracker } from '../../src/kernel/vehicle-tracker.js';
import { loadScenario } from '../../src/scenarios/sumo-options.js';
import type { SumoRunOptions } from '../../src/sumo/cmdline.js';
import { openSimulation, TransportError } from '../../src/sumo/transport.js';
import type { Transport } from '../../src/sumo/transport.js';
import { vehicleVariables as V } from '../../src/traci/domains/vehicle.js';
import { TraciCommandError } from '../../src/traci/errors.js';
import { libsumoSkipReason } from '../helpers/libsumo.js';
import { RING, sumoChildrenAfter } from '../helpers/sumo.js';
import { removeDir, runTool, tempDir } from '../scenarios/sumo-run.js';

const skip = libsumoSkipReason('test/traci/libsumo.int.test.ts');
const STEPS = 300;
const RANGE = 100; // m, the env's default leader/follower look-ahead
const SPEC = {
  position: V.position, speed: V.speed, laneId: V.laneId, lanePosition: V.lanePosition,
  leader: V.leader(RANGE), follower: V.follower(RANGE),
} as const;

/** Every vehicle's subscribed state after each of `steps` steps, in SUMO's order. */
async function trace(run: SumoRunOptions, transport: Transport, steps: number): Promise<unknown[]> {
  const client = await openSimulation({ ...run, transport });
  const lines: unknown[] = [];
  try {
    const tracker = new VehicleTracker(client, SPEC);
    for (let i = 0; i < steps; i++) {
      await tracker.step();
      lines.push({ time: tracker.lastEvents?.time, events: tracker.lastEvents, vehicles: [...tracker.state] });
    }
  } finally {
    await client.close();
  }
  return lines;
}

async function expectSameTraces(run: SumoRunOptions): Promise<void> {
  const tcp = await trace(run, 'traci', STEPS);
  const inProcess = await trace(run, 'libsumo', STEPS);
  expect(tcp).toHaveLength(STEPS);
  for (let i = 0; i < STEPS; i++) expect(inProcess[i], `step ${i + 1}`).toEqual(tcp[i]); // exact doubles
  const lines = tcp as { vehicles: [string, { leader: { id: string } }][] }[];
  expect(lines.at(-1)?.vehicles.length).toBeGreaterThan(0);
  // Leaders were compared, not just empty answers.
  expect(lines.some((l) => l.vehicles.some(([, v]) => v.leader.id !== ''))).toBe(true);
}

describe.skipIf(skip !== undefined)('libsumo transport vs TCP TraCI', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await tempDir('libsumo');
  });
  afterAll(() => removeDir(dir));

  for (const name of ['figure8', 'merge', 'intersection8']) {
    it(`gives identical traces on ${name} (seed 7, ${STEPS} steps)`, async () => {
      const scenario = await loadScenario(name, knownFunctions());
      await expectSameTraces({ ...scenario.sumo, seed: 7, collisionAction: 'warn', collisionCheckJunctions: true });
      expect(await sumoChildrenAfter()).toEqual([]);
    });
  }

  it('gives identical traces on a generated map (netgenerate + randomTrips.py)', async () => {
    const net = await runTool('netgenerate', ['--rand', '--rand.iterations', '60', '--seed', '3', '--default.speed', '13.89', '-o', 'rand.net.xml'], dir);
    expect(net.exitCode, net.stderr).toBe(0);
    const trips = await runTool('/usr/bin/python3', ['/usr/share/sumo/tools/randomTrips.py', '-n', 'rand.net.xml', '-r', 'rand.rou.xml', '-e', '30', '-p', '0.5', '--seed', '42', '--validate'], dir);
    expect(trips.exitCode, trips.stderr).toBe(0);
    await writeFile(join(dir, 'rand.sumocfg'), '<configuration>\n  <input>\n    <net-file value="rand.net.xml"/>\n    <route-files value="rand.rou.xml"/>\n  </input>\n</configuration>\n');
    await expectSameTraces({ configFile: join(dir, 'rand.sumocfg'), seed: 11, stepLength: 0.1 });
  });

  it('answers a failed command with the same TraciCommandError as TCP, and keeps going', async () => {
    const errors: string[] = [];
    for (const transport of ['traci', 'libsumo'] as const) {
      const client = await openSimulation({ configFile: RING, transport });
      try {
        await client.simulationStep();
        const error = await client.vehicle.getSpeed('no-such-vehicle').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TraciCommandError);
        errors.push((error as TraciCommandError).message);
        expect(await client.vehicle.getIDCount()).toBe(14); // the link survived
      } finally {
        await client.close();
      }
    }
    expect(errors[1]).toBe(errors[0]);
  });

  it('refuses a second simulation in the same process with one clear line', async () => {
    const first = await openSimulation({ configFile: RING, transport: 'libsumo' });
    try {
      await expect(openSimulation({ configFile: RING, transport: 'libsumo' })).rejects.toThrow(TransportError);
      await expect(openSimulation({ configFile: RING, transport: 'libsumo' })).rejects.toThrow(/one per process/);
      expect(await first.vehicle.getIDCount()).toBe(0); // the first one is untouched (vehicles depart at step 1)
    } finally {
      await first.close();
    }
    const again = await openSimulation({ configFile: RING, transport: 'libsumo' }); // and free again after close
    await again.close();
  });
});
