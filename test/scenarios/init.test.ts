// `scenario init` without SUMO: where --sumocfg is looked up, the step length it takes, what it says it chose.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioInvalidError } from '../../src/scenarios/errors.js';
import { LEADER_FOLLOWER_DEFAULTS, LEADER_FOLLOWER_SIZE } from '../../src/env/observations/leader-follower.js';
import { initScenario, resolveSumocfg, SUMO_DEFAULT_STEP_LENGTH } from '../../src/scenarios/init.js';

const OBSERVATION = { size: LEADER_FOLLOWER_SIZE, maxGap: LEADER_FOLLOWER_DEFAULTS.maxGap };

function config(step?: number): string {
  return `<configuration><input><net-file value="town.net.xml"/></input>${step === undefined ? '' : `<time><step-length value="${step}"/></time>`}</configuration>`;
}

function layout(): { root: string; folder: string } {
  const root = mkdtempSync(join(tmpdir(), 'cavlab-init-'));
  const folder = join(root, 'maps', 'town');
  mkdirSync(folder, { recursive: true });
  return { root, folder };
}

describe('scenario init', () => {
  it('looks for --sumocfg in the scenario folder first, then from the working directory', () => {
    const { root, folder } = layout();
    writeFileSync(join(root, 'town.sumocfg'), config());
    expect(resolveSumocfg(folder, 'town.sumocfg', root)?.path).toBe(join(root, 'town.sumocfg'));
    writeFileSync(join(folder, 'town.sumocfg'), config());
    const found = resolveSumocfg(folder, 'town.sumocfg', root);
    expect(found?.path).toBe(join(folder, 'town.sumocfg'));
    expect(found?.where).toMatch(/scenario folder/);
    expect(resolveSumocfg(folder, 'nope.sumocfg', root)).toBeNull();
  });

  it('takes the step length from the .sumocfg, SUMO\'s 1 s when it sets none, and explains every choice', async () => {
    const { root, folder } = layout();
    writeFileSync(join(folder, 'town.sumocfg'), config());
    const plain = await initScenario(folder, 'town.sumocfg', { observation: OBSERVATION, cwd: root });
    expect(plain.manifest.stepLength).toBe(SUMO_DEFAULT_STEP_LENGTH);
    expect(plain.manifest.sumo.config).toBe('town.sumocfg');
    expect(JSON.parse(readFileSync(plain.file, 'utf8'))).toMatchObject({ stepLength: 1, horizon: 1000 });
    const fields = plain.choices.map((c) => c.field);
    for (const f of ['stepLength', 'horizon', 'learners', 'action', 'observation', 'reward', 'learnerSpeedMode']) expect(fields).toContain(f);
    for (const c of plain.choices) expect(c.why.length).toBeGreaterThan(10);
    expect(plain.choices.find((c) => c.field === 'observation')?.value).toMatch(/obsDim 5: \[own speed, leader speed, leader gap, follower speed, follower gap\]/);
    expect(plain.choices.find((c) => c.field === 'stepLength')?.why).toMatch(/SUMO's own default/);

    writeFileSync(join(folder, 'town.sumocfg'), config(0.5));
    const set = await initScenario(folder, 'town.sumocfg', { observation: OBSERVATION, cwd: root, force: true });
    expect(set.manifest.stepLength).toBe(0.5);
    expect(set.choices.find((c) => c.field === 'horizon')?.value).toBe('1000 steps (500 s)');
  });

  it('names a missing .sumocfg and where it looked, and keeps an existing scenario.json', async () => {
    const { root, folder } = layout();
    await expect(initScenario(folder, 'nope.sumocfg', { observation: OBSERVATION, cwd: root })).rejects.toThrow(`nope.sumocfg: does not exist in ${folder} nor in ${root}`);
    writeFileSync(join(folder, 'town.sumocfg'), config());
    await initScenario(folder, 'town.sumocfg', { observation: OBSERVATION, cwd: root });
    await expect(initScenario(folder, 'town.sumocfg', { observation: OBSERVATION, cwd: root })).rejects.toBeInstanceOf(ScenarioInvalidError);
  });
});
