// The multi-agent env on real SUMO: learners, actions, rewards, join/leave, collisions, seeding, misuse.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knownFunctions } from '../../src/env/functions.js';
import { MultiAgentEnv } from '../../src/env/multi-agent-env.js';
import type { StepResult } from '../../src/env/multi-agent-env.js';
import { EnvUsageError } from '../../src/env/errors.js';
import { SCENARIO_ROOT } from '../../src/scenarios/registry.js';
import { loadScenario } from '../../src/scenarios/sumo-options.js';
import { sumoChildrenAfter } from '../helpers/sumo.js';

const FIGURE8_LEARNERS = ['veh1', 'veh3', 'veh4', 'veh5', 'veh6', 'veh8', 'veh9', 'veh10', 'veh12'];

function constant(env: MultiAgentEnv, value: number): Map<string, Float32Array> {
  return new Map(env.agents.map((id) => [id, Float32Array.of(value)]));
}

describe('MultiAgentEnv on figure8', () => {
  let env: MultiAgentEnv;
  afterAll(async () => {
    await env?.close();
    expect(await sumoChildrenAfter()).toEqual([]);
  });

  it('starts with the 9 documented learners and observations in [0, 1]', async () => {
    env = await MultiAgentEnv.create(await loadScenario('figure8', knownFunctions()), { horizon: 200 });
    expect(env.spaces).toEqual({ obsDim: 6, actionBounds: { low: [-3], high: [3] } });
    const { obs, infos } = await env.reset(7);
    expect([...obs.keys()].sort()).toEqual([...FIGURE8_LEARNERS].sort());
    expect(infos.vehicles).toBe(14);
    for (const o of obs.values()) {
      expect(o).toHaveLength(6);
      for (const x of o) expect(x >= 0 && x <= 1).toBe(true);
    }
  });

  it('applies accelerations, rewards mean speed / 30 m/s (the code\'s max speed), and truncates at the horizon', async () => {
    const before = new Map([...(await env.reset(7)).infos.agents].map(([id, a]) => [id, a.speed]));
    // 1 m/s² stays below what the cav type's IDM allows (speed mode 1 caps a commanded speed by the type's own
    // car-following speed, accel 1.5 m/s², as in Flow): +0.1 m/s in a 0.1 s step.
    const r = await env.step(constant(env, 1));
    for (const [id, a] of r.infos.agents) expect(a.speed).toBeCloseTo((before.get(id) ?? 0) + 0.1, 2);
    for (const reward of r.rewards.values()) expect(reward).toBeCloseTo(r.infos.meanSpeed / 30, 6);
    let last: StepResult = r;
    let steps = 1;
    while (!last.done) {
      last = await env.step(constant(env, 0.5));
      steps++;
    }
    expect(steps).toBe(200);
    expect([...last.truncated.values()].every(Boolean)).toBe(true);
    expect([...last.terminated.values()].some(Boolean)).toBe(false);
    await expect(env.step(new Map())).rejects.toThrow(EnvUsageError);
  });

  it('is reproducible for a seed (reset reloads SUMO in place)', async () => {
    const trace = async (seed: number): Promise<number[]> => {
      await env.reset(seed);
      const speeds: number[] = [];
      for (let t = 0; t < 50; t++) speeds.push((await env.step(constant(env, 1))).infos.meanSpeed);
      return speeds;
    };
    const a = await trace(3);
    expect(await trace(3)).toEqual(a);
  });

  it('rejects an action for a vehicle that is not an agent', async () => {
    await env.reset(1);
    await expect(env.step(new Map([['veh0', Float32Array.of(1)]]))).rejects.toThrow(/veh0, which is not an agent/);
  });
});

describe('collisions: end the episode (the paper) or zero the reward and go on (the code)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cavlab-crash-'));
    await cp(join(SCENARIO_ROOT, 'figure8'), dir, { recursive: true });
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /**
   * Drives every learner at +3 m/s² in speed mode 0 (commanded speeds are obeyed even into the leader) under the
   * given collision rule until done or `horizon`; calls `each` on every step.
   */
  async function crash(collision: string, horizon: number, each: (r: StepResult) => void): Promise<StepResult | undefined> {
    const file = join(dir, 'scenario.json');
    const manifest = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...manifest, learnerSpeedMode: 0, collision }));
    const env = await MultiAgentEnv.create(await loadScenario(dir, knownFunctions()), { horizon });
    try {
      await env.reset(1);
      let last: StepResult | undefined;
      for (let t = 0; t < horizon && !last?.done; t++) {
        last = await env.step(constant(env, 3));
        each(last);
      }
      return last;
    } finally {
      await env.close();
    }
  }

  it('terminates every agent when learners without safety checks crash', async () => {
    let collisions = 0;
    const last = await crash('endEpisode', 3000, (r) => void (collisions += r.infos.collisions));
    expect(collisions).toBeGreaterThan(0);
    expect(last?.done).toBe(true);
    expect(last?.infos.step).toBeLessThan(3000);
    expect([...(last?.terminated.values() ?? [])]).toEqual(FIGURE8_LEARNERS.map(() => true));
    expect([...(last?.truncated.values() ?? [])].some(Boolean)).toBe(false);
  });

  it("under 'teleport' (figure8's default) a crash step rewards 0 and the episode runs to the horizon", async () => {
    let crashSteps = 0;
    const last = await crash('teleport', 1500, (r) => {
      if (r.infos.collisions === 0) return;
      crashSteps += 1;
      for (const reward of r.rewards.values()) expect(reward).toBe(0);
    });
    expect(crashSteps).toBeGreaterThan(0);
    expect(last?.infos.step).toBe(1500);
    expect([...(last?.terminated.values() ?? [])].some(Boolean)).toBe(false);
  });
});

describe('MultiAgentEnv on merge', () => {
  it('picks learners as they enter after the warm-up, and lets them leave with a last transition', async () => {
    const env = await MultiAgentEnv.create(await loadScenario('merge', knownFunctions()));
    try {
      const { obs, infos } = await env.reset(5);
      expect(obs.size).toBe(0);
      expect(infos.time).toBeCloseTo(30, 6);
      const joined = new Set<string>();
      const left: string[] = [];
      let last: StepResult | undefined;
      while (!last?.done) {
        last = await env.step(new Map());
        for (const id of last.infos.joined) {
          expect(id).toMatch(/^main\./);
          expect(last.obs.get(id)).toHaveLength(6);
          joined.add(id);
        }
        for (const id of last.infos.left) {
          left.push(id);
          expect(last.truncated.get(id)).toBe(true);
          expect(last.rewards.get(id)).toBeGreaterThan(0);
          expect(env.agents).not.toContain(id);
        }
      }
      expect(last.infos.step).toBe(750);
      expect(joined.size).toBeGreaterThan(3);
      expect(joined.size).toBeLessThanOrEqual(13);
      expect(left.length).toBeGreaterThan(0);
      expect(left.every((id) => joined.has(id))).toBe(true);
    } finally {
      await env.close();
    }
  });
});
