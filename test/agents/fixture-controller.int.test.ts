// Adding a controller is one folder and one registry line (README "Adding a controller"): the fixture folder
// test/fixtures/controllers/constant/ is registered the way a registry line would (registerController) and runs end to
// end through the real runner on figure8 for a few steps, with SUMO.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTROLLERS, registerController } from '../../src/agents/controllers/registry.js';
import { RUN_DEFAULTS } from '../../src/runner/config.js';
import { executeRun } from '../../src/runner/run.js';
import { ConstantController } from '../fixtures/controllers/constant/controller.js';
import { CONSTANT_SPEC } from '../fixtures/controllers/constant/spec.js';

const out = mkdtempSync(join(tmpdir(), 'cavlab-fixture-controller-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('a controller added as one folder + one registry line', () => {
  it('the constant fixture controller runs 20 steps on figure8 through executeRun; unregistering removes it', async () => {
    const unregister = registerController(CONSTANT_SPEC);
    try {
      expect(CONTROLLERS.get('constant')).toBe(CONSTANT_SPEC);
      expect(() => registerController(CONSTANT_SPEC)).toThrow(/already registered/);
      const outcome = await executeRun({
        ...RUN_DEFAULTS, experiment: 'fixture', algo: 'constant', scenario: 'figure8', seed: 1, episodes: 1, horizon: 20, evalEvery: 0,
        algoConfig: { position: 0.75 }, backend: 'wasm', transport: 'traci', out,
      });
      expect(outcome.status).toBe('finished');
      expect(ConstantController.rowsActed).toBeGreaterThan(0);
      const [header, row] = readFileSync(join(outcome.dir, 'episodes.csv'), 'utf8').trimEnd().split('\n');
      const cells = Object.fromEntries((header ?? '').split(',').map((c, i) => [c, (row ?? '').split(',')[i]]));
      expect(cells.steps).toBe('20');
      expect(cells.updates).toBe('0');
      expect(cells.critic_loss).toBe('');
    } finally {
      unregister();
    }
    expect(CONTROLLERS.has('constant')).toBe(false);
  }, 120_000);
});
