import { describe, expect, it } from 'vitest';
import { CONTROLLERS, controllerSpec, createController } from '../../src/agents/controllers/registry.js';
import { PoolController } from '../../src/agents/pool-controller.js';
import { ControllerConfigError, UnknownControllerError } from '../../src/agents/errors.js';
import { SAC_DEFAULTS } from '../../src/agents/sac/config.js';
import { stepContext } from '../helpers/context.js';
import { CavlabUsageError } from '../../src/errors.js';

const FIGURE8 = { obsDim: 6, actionBounds: { low: [-3], high: [3] } };

function parseError(algorithm: string, raw: unknown): string {
  try {
    controllerSpec(algorithm).parseConfig(raw, algorithm);
  } catch (error) {
    expect(error).toBeInstanceOf(CavlabUsageError);
    expect((error as CavlabUsageError).exitCode).toBe(2);
    return (error as Error).message;
  }
  throw new Error('expected a config error');
}

describe('controller registry and configs', () => {
  it('knows idm, isac, policy-reciprocity, ma-pmbrl, mbpo, avg-masac and rsm-masac; an unknown algorithm is a usage error listing the known ids', () => {
    expect([...CONTROLLERS.keys()]).toEqual(expect.arrayContaining(['idm', 'isac', 'policy-reciprocity', 'ma-pmbrl', 'mbpo', 'avg-masac', 'rsm-masac']));
    expect(() => controllerSpec('ppo')).toThrow(UnknownControllerError);
    expect(() => controllerSpec('ppo')).toThrow(new RegExp(`^unknown algorithm 'ppo' \\(known: ${[...CONTROLLERS.keys()].join(', ')}\\)$`));
    for (const spec of CONTROLLERS.values()) expect(spec.description.length).toBeGreaterThan(10);
  });

  it('ma-pmbrl and mbpo defaults are MA-PMBRL Table 2 (and the design decisions of algorithms.md)', () => {
    // Table 2 with α_temp = 0.001 as eq. (8)'s fixed temperature; Alg. 1: one update per env step.
    const table2 = {
      replayCapacity: 20_000, modelCapacity: 7_000, actorLr: 1e-4, criticLr: 1e-3, alpha: 1e-3,
      gamma: 0.98, tau: 0.01, batchSize: 512, modelBatchSize: 1000, modelHidden: [256, 256, 256], envStepsPerUpdate: 1, updatesPerStep: 1,
    };
    expect(controllerSpec('ma-pmbrl').parseConfig(undefined, 'ma-pmbrl')).toMatchObject({ ...table2, rolloutLength: 8, realRatio: 0.7, pgdLr: 1e-3, pgdSteps: 10, klRadius: 0.1, iterate: 'best', range: null, prr: 1 });
    // MBPO's published defaults for the model-based part (mbpo/README.md).
    expect(controllerSpec('mbpo').parseConfig({}, 'mbpo')).toMatchObject({ ...table2, ensembleSize: 7, elites: 5, modelRefitEvery: 250, realRatio: 0.05, rolloutStart: 'buffer', rolloutSchedule: { fromEpoch: 20, toEpoch: 100, fromLength: 1, toLength: 15, epochSteps: 1000 } });
    expect(parseError('ma-pmbrl', { range: -1 })).toBe("ma-pmbrl.range: must be a range ≥ 0 m or null (= the scenario's), got -1");
    expect(parseError('mbpo', { pgdSteps: 3 })).toMatch(/^mbpo\.pgdSteps: is not a hyper-parameter of mbpo/);
  });

  it('isac defaults are the SAC core defaults (Table IV) with the public RSM-MASAC code\'s training values; undefined and {} give them', () => {
    const spec = controllerSpec('isac');
    const expected = { ...SAC_DEFAULTS, learningStarts: 0, updateAfter: 512, gradClipNorm: 0.5, sharedInit: true };
    expect(spec.defaults).toEqual(expected);
    expect(spec.parseConfig(undefined, 'isac')).toEqual(expected);
    expect(spec.parseConfig({}, 'isac')).toEqual(expected);
    expect(spec.parseConfig({ batchSize: 64, alpha: 0.2, targetEntropy: null, actorHidden: [32] }, 'isac')).toMatchObject({ batchSize: 64, alpha: 0.2, actorHidden: [32], criticLr: 3e-4 });
  });

  it('bad hyper-parameters give one line naming the field and the value', () => {
    expect(parseError('isac', { batchSize: 'big' })).toBe('isac.batchSize: must be a positive integer, got "big"');
    expect(parseError('isac', { batchSize: 2.5 })).toBe('isac.batchSize: must be a positive integer, got 2.5');
    expect(parseError('isac', { gamma: 1.5 })).toBe('isac.gamma: must be a number in [0, 1], got 1.5');
    expect(parseError('isac', { tau: 0 })).toBe('isac.tau: must be a number in (0, 1], got 0');
    expect(parseError('isac', { alpha: 'manual' })).toBe("isac.alpha: must be 'auto' or a non-negative number, got \"manual\"");
    expect(parseError('isac', { actorHidden: [256, -1] })).toBe('isac.actorHidden[1]: must be a positive integer, got -1');
    expect(parseError('isac', { matMulMode: 'gpu' })).toBe("isac.matMulMode: must be one of 'auto', 'autodiff', 'custom-matmul', 'fused', got \"gpu\"");
    expect(parseError('isac', { learningRate: 1 })).toMatch(/^isac\.learningRate: is not a hyper-parameter of isac \(known: actorHidden, .*\), got 1$/);
    expect(parseError('isac', [1, 2])).toBe('isac: must be an object of hyper-parameters, got [1,2]');
    expect(parseError('idm', { speed: 3 })).toMatch(/^idm\.speed: is not a hyper-parameter of idm/);
    for (const message of [parseError('isac', { batchSize: 'big' }), parseError('isac', { gamma: Number.NaN })]) expect(message).not.toContain('\n');
  });

  it('creates controllers: idm does not drive; isac reports the figure-eight actor size (68,098)', () => {
    const idm = createController('idm', FIGURE8, undefined, 1);
    expect(idm.drives).toBe(false);
    expect(idm.policyParameters).toBeNull();
    expect(() => idm.act(['a'], new Float32Array(6), 'eval')).toThrow(/does not choose actions/);
    expect(idm.update(stepContext())).toBe(0);
    const isac = createController('isac', FIGURE8, undefined, 1);
    expect(isac).toBeInstanceOf(PoolController);
    expect(isac.id).toBe('isac');
    expect(isac.drives).toBe(true);
    expect(isac.policyParameters).toBe(68_098);
    isac.dispose();
    expect(() => createController('isac', FIGURE8, { batchSize: 0 }, 1, 'experiments/x.json: config')).toThrow(ControllerConfigError);
    expect(() => createController('isac', FIGURE8, { batchSize: 0 }, 1, 'config')).toThrow('config.batchSize: must be a positive integer, got 0');
  });
});
