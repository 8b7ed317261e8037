import { describe, expect, it } from 'vitest';
import { parseSumoVersion, sumoHomeFor } from '../../src/sumo/binary.js';
import { buildSumoArgs } from '../../src/sumo/cmdline.js';
import { sumoErrors } from '../../src/sumo/errors.js';

describe('buildSumoArgs', () => {
  it('builds argv from options, never a shell string', () => {
    expect(buildSumoArgs({ configFile: 'a b.sumocfg', seed: 7, stepLength: 0.1 }, 9000)).toEqual([
      '-c', 'a b.sumocfg', '--remote-port', '9000', '--seed', '7', '--step-length', '0.1', '--no-step-log', 'true',
    ]);
  });

  it('covers net/route inputs, collisions, teleports, GUI and extra args in a fixed order', () => {
    expect(
      buildSumoArgs(
        {
          netFile: 'n.net.xml', routeFiles: ['a.rou.xml', 'b.rou.xml'], additionalFiles: ['x.add.xml'], begin: 0, end: 150,
          timeToTeleport: -1, collisionAction: 'warn', collisionCheckJunctions: true, noStepLog: false, noWarnings: true,
          gui: true, extraArgs: ['--lateral-resolution', '0.8'],
        },
        1,
      ),
    ).toEqual([
      '--net-file', 'n.net.xml', '--route-files', 'a.rou.xml,b.rou.xml', '--additional-files', 'x.add.xml',
      '--remote-port', '1', '--begin', '0', '--end', '150', '--time-to-teleport', '-1', '--collision.action', 'warn',
      '--collision.check-junctions', 'true', '--no-warnings', 'true', '--start', '--quit-on-end', '--lateral-resolution', '0.8',
    ]);
  });

  it('leaves the TraCI port out for a reload of a running SUMO (port null)', () => {
    expect(buildSumoArgs({ configFile: 'c.sumocfg', seed: 3 }, null)).toEqual(['-c', 'c.sumocfg', '--seed', '3', '--no-step-log', 'true']);
  });
});

describe('SUMO facts', () => {
  it('parses the version line', () => {
    expect(parseSumoVersion('Eclipse SUMO sumo Version 1.15.0\n Build features: ...')).toEqual({ version: '1.15.0', major: 1, minor: 15 });
    expect(parseSumoVersion('Eclipse SUMO sumo Version v1_19_0+0123')).toBeUndefined();
    expect(parseSumoVersion('nothing')).toBeUndefined();
  });

  it('prefers $SUMO_HOME and otherwise leaves it unset when share/sumo does not exist', () => {
    expect(sumoHomeFor('/x/bin/sumo', { SUMO_HOME: '/opt/sumo' })).toBe('/opt/sumo');
    expect(sumoHomeFor('/nonexistent/bin/sumo', {})).toBeUndefined();
  });

  it('keeps SUMO’s error lines on one line', () => {
    const stderr = "Warning: x\nError: unterminated end tag 'input'\nError:  (At line/column 3/1).\nError: Could not load configuration 'bad.sumocfg'.\nQuitting (on error).\n";
    expect(sumoErrors(stderr)).toBe("unterminated end tag 'input'; (At line/column 3/1).; Could not load configuration 'bad.sumocfg'.");
    expect(sumoErrors('just text\n')).toBe('just text');
  });
});
