// Another program racing cavlab for SUMO's single TraCI client slot (issue 14). SUMO listens on every interface
// until its one client connects (README: TraCI exposure window). An intruder connects every millisecond from
// before SUMO starts; in the "slow cavlab" trials this process's event loop is blocked for 1.5 s after SUMO is
// spawned, so the intruder surely wins. Each trial must end in one of two clean ways: cavlab holds the slot (the
// intruder is refused), or the start fails with one line naming the intruder and SUMO is gone. Never a hang,
// never an untyped error, never a SUMO left behind.
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { SumoProcess, freePort } from '../../src/sumo/process.js';
import { SumoStartError } from '../../src/sumo/errors.js';
import { RING, sumoChildren, sumoChildrenAfter } from '../helpers/sumo.js';
import type { FaultRow } from './helpers.js';
import { faultTable } from './helpers.js';

const INTRUDER = `
import socket, sys, time
port = int(sys.argv[1])
print("ready", flush=True)
deadline = time.time() + 20
while time.time() < deadline:
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=1)
        print("connected", s.getsockname()[1], flush=True)
        time.sleep(8)
        sys.exit(0)
    except OSError:
        time.sleep(0.001)
print("refused", flush=True)
`;

const table: FaultRow[] = [];
afterAll(() => process.stderr.write(`\n${faultTable('fault table: TraCI client slot', table)}`));

describe('SUMO\'s TraCI client slot', () => {
  it('an intruder that takes the slot first fails the start with one line and SUMO killed; otherwise cavlab holds it', async () => {
    const row: FaultRow = { fault: 'intruder racing for the TraCI client slot', trials: 0, lost: 0, duplicated: 0, orphans: 0, message: '' };
    table.push(row);
    let taken = 0;
    for (let trial = 0; trial < 3; trial++) {
      const slow = trial < 2;
      const port = await freePort();
      const intruder = execa('python3', ['-c', INTRUDER, String(port)], { reject: false, stdin: 'ignore', buffer: false });
      let said = '';
      intruder.stdout?.on('data', (chunk: Buffer) => void (said += chunk.toString()));
      while (!said.includes('ready')) await new Promise((r) => setTimeout(r, 5));
      let sumo: SumoProcess | null = null;
      try {
        const starting = SumoProcess.start({ configFile: RING, port, startTimeoutMs: 20_000 });
        if (slow) {
          // Once SUMO runs, this process stops answering for a while: SUMO listens and the intruder gets in.
          while (sumoChildren().length === 0) await new Promise((r) => setTimeout(r, 2));
          const until = Date.now() + 1_500;
          while (Date.now() < until) { /* cavlab is slow: the intruder connects first */ }
        }
        sumo = await starting;
      } catch (error) {
        expect(error).toBeInstanceOf(SumoStartError);
        const message = (error as Error).message;
        expect(message.split('\n')).toHaveLength(1);
        expect(message).toMatch(new RegExp(`^another program \\(127\\.0\\.0\\.1:\\d+\\) took SUMO's single TraCI client slot on port ${port} before cavlab; SUMO was stopped`));
        row.message = `cavlab: ${message}`;
        taken++;
      }
      row.trials++;
      if (sumo) await sumo.stop();
      intruder.kill('SIGKILL');
      await intruder;
      if (slow) expect(sumo, 'a blocked cavlab cannot have won the slot').toBeNull();
      const left = await sumoChildrenAfter();
      row.orphans += left.length;
      expect(left).toEqual([]);
    }
    process.stderr.write(`traci-slot: the intruder took the slot in ${taken} of 3 trials\n`);
    expect(taken).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
