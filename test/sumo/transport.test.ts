// Which transport a run gets (src/sumo/transport.ts) and how experiment/sweep files and flags name it.
import { describe, expect, it } from 'vitest';
import { parseSweepFile } from '../../src/experiments/load.js';
import { parseRunExperiment, parseRunFields } from '../../src/runner/config.js';
import { resolveTransport, TransportError } from '../../src/sumo/transport.js';
import { loadLibsumo } from '../../src/traci/libsumo-addon.js';

const addon = loadLibsumo();

describe('resolveTransport', () => {
  it('keeps traci when asked, and falls back to traci for a GUI or a named binary', () => {
    expect(resolveTransport('traci').transport).toBe('traci');
    expect(resolveTransport('auto', { gui: true })).toEqual({ transport: 'traci', reason: 'sumo-gui runs only as a TCP server' });
    expect(resolveTransport('auto', { sumoBinary: '/opt/sumo/bin/sumo' }).transport).toBe('traci');
  });

  it('refuses libsumo with a GUI in one line naming the flag', () => {
    expect(() => resolveTransport('libsumo', { gui: true })).toThrow(TransportError);
    expect(() => resolveTransport('libsumo', { gui: true })).toThrow(/^--transport libsumo: sumo-gui runs only as a TCP server; use --transport traci$/);
    expect(new TransportError('x').exitCode).toBe(2);
  });

  it('auto picks libsumo exactly when the addon loads', () => {
    const auto = resolveTransport('auto');
    expect(auto.transport).toBe(addon.ok ? 'libsumo' : 'traci');
    if (!addon.ok) {
      expect(auto.reason).toBe(addon.reason);
      expect(() => resolveTransport('libsumo')).toThrow(/the libsumo addon is not available/);
    }
  });
});

describe('transport in run and sweep files', () => {
  it('defaults to auto and accepts the three choices', () => {
    expect(parseRunFields({ algo: 'idm', scenario: 'figure8' }, 'cli').transport).toBe('auto');
    expect(parseRunExperiment({ name: 'q', kind: 'run', algo: 'idm', scenario: 'merge', transport: 'traci' }, 'q.json').config.transport).toBe('traci');
    expect(parseSweepFile({ name: 's', kind: 'sweep', algo: 'idm', scenario: 'merge', transport: 'libsumo' }, 's.json').transport).toBe('libsumo');
  });

  it('names file, field and value of a bad transport', () => {
    expect(() => parseRunFields({ algo: 'idm', scenario: 'figure8', transport: 'udp' }, 'x.json')).toThrow(/^x\.json: transport: must be one of auto, traci, libsumo, got "udp"$/);
    expect(() => parseSweepFile({ name: 's', kind: 'sweep', algo: 'idm', scenario: 'merge', transport: 'tcp' }, 's.json')).toThrow(/s\.json.*transport/);
  });
});
