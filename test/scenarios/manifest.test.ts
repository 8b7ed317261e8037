import { describe, expect, it } from 'vitest';
import { observationParamNames } from '../../src/env/observations/registry.js';
import { rewardParamNames } from '../../src/env/rewards/registry.js';
import { formatProblem, ScenarioInvalidError } from '../../src/scenarios/errors.js';
import { figure8 } from '../../src/scenarios/generators/figure8.js';
import { parseManifest } from '../../src/scenarios/parse-manifest.js';

const FILE = 'sumo-scenarios/x/scenario.json';
const known = { observations: observationParamNames(), rewards: rewardParamNames() };
const base = (): Record<string, unknown> => JSON.parse(JSON.stringify(figure8().manifest)) as Record<string, unknown>;
const lines = (value: unknown): string[] => parseManifest(value, FILE, known).problems.map(formatProblem);

describe('scenario manifest validation', () => {
  it('accepts every generated manifest and fills defaults for a minimal one', () => {
    expect(lines(base())).toEqual([]);
    const { manifest } = parseManifest({
      name: 'mini', sumo: { config: 'a.sumocfg' }, horizon: 10, learners: { kind: 'vehType', vehType: 'cav' },
      action: { kind: 'acceleration', low: -1, high: 1 }, observation: 'leader-follower', reward: 'mean-speed', speedLimit: 13.89,
    }, FILE, known);
    expect(manifest).toMatchObject({
      schemaVersion: 1, stepLength: 0.1, warmupSteps: 0, communicationRange: 100, learnerSpeedMode: 25, collision: 'endEpisode', path: null,
      observation: { id: 'leader-follower', params: {} }, sumo: { config: 'a.sumocfg', net: null, routes: [], additional: [] },
    });
  });

  it('reports an unknown key with the file, the field path and a suggestion', () => {
    expect(lines({ ...base(), horizn: 5 })).toEqual([
      `${FILE}: horizn: unknown key (did you mean horizon?); allowed: schemaVersion, name, description, source, sumo, stepLength, horizon, warmupSteps, learners, action, observation, reward, communicationRange, speedLimit, desiredSpeed, learnerSpeedMode, vehicleSpeedMode, collision, path`,
    ]);
  });

  it('returns all problems at once, one line each, naming field and value', () => {
    const m = base();
    m.horizon = 0;
    m.stepLength = '0.1';
    m.learners = { kind: 'entering', count: 0, fraction: 1.5, idPattern: '(' };
    m.action = { kind: 'jerk', low: 3, high: -3 };
    m.observation = { id: 'figure9' };
    m.reward = { id: 'intersection8', params: { lambda: 'high', gamma: 1 } };
    m.collision = 'ignore';
    delete m.speedLimit;
    const out = lines(m);
    expect(out).toEqual([
      `${FILE}: stepLength: must be a number in (0, 10], got "0.1"`,
      `${FILE}: horizon: must be an integer ≥ 1, got 0`,
      `${FILE}: learners.count: must be an integer ≥ 1, got 0`,
      `${FILE}: learners.fraction: must be a number in (0, 1], got 1.5`,
      expect.stringMatching(new RegExp(`^${FILE}: learners.idPattern: is not a valid regular expression: `)),
      `${FILE}: action.kind: must be one of acceleration, targetSpeed, got "jerk"`,
      `${FILE}: action: low (3) must be below high (-3)`,
      `${FILE}: observation.id: unknown id "figure9"; known: figure8, merge, merge-position-speed, intersection8, leader-follower`,
      `${FILE}: reward.params.gamma: unknown key; allowed: lambda, zeta, safeGap`,
      `${FILE}: reward.params.lambda: must be a number, got "high"`,
      `${FILE}: speedLimit: is required`,
      `${FILE}: collision: must be one of endEpisode, count, teleport, got "ignore"`,
    ]);
    for (const line of out) expect(line).not.toContain('\n');
  });

  it('checks each learner kind for its own keys', () => {
    expect(lines({ ...base(), learners: { kind: 'ids', ids: [] } })).toEqual([`${FILE}: learners.ids: must be a non-empty list of strings, got []`]);
    expect(lines({ ...base(), learners: { kind: 'vehType', vehType: 'cav', count: 3 } })).toEqual([
      `${FILE}: learners.count: unknown key; allowed: kind, vehType`,
    ]);
    expect(lines({ ...base(), learners: { kind: 'everyone' } })).toEqual([
      `${FILE}: learners.kind: must be one of ids, vehType, idPattern, entering, got "everyone"`,
    ]);
    expect(lines({ ...base(), learners: 'cav' })).toEqual([
      `${FILE}: learners: must be an object with "kind" (ids, vehType, idPattern, entering), got "cav"`,
    ]);
  });

  it('needs a config or a net', () => {
    expect(lines({ ...base(), sumo: { routes: ['a.rou.xml'] } })).toEqual([
      `${FILE}: sumo: needs "config" (a .sumocfg) or "net" (a .net.xml) with "routes"`,
    ]);
    expect(lines({ ...base(), sumo: { config: 5 } })).toEqual([`${FILE}: sumo.config: must be a non-empty string, got 5`]);
  });

  it('rejects what is not an object, and a wrong schema version', () => {
    expect(lines([])).toEqual([`${FILE}: must be an object, got []`]);
    expect(lines({ ...base(), schemaVersion: 2 })).toEqual([`${FILE}: schemaVersion: must be 1, got 2`]);
  });

  it('ScenarioInvalidError puts a single problem on one line', () => {
    const error = new ScenarioInvalidError([{ file: FILE, field: 'horizon', message: 'must be an integer ≥ 1, got 0' }]);
    expect(error.message).toBe(`${FILE}: horizon: must be an integer ≥ 1, got 0`);
    expect(error.exitCode).toBe(2);
    expect(error.name).toBe('ScenarioInvalidError');
  });
});
