import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DIGITAL_EPISODE_COLUMNS, DIGITAL_POLICY_COLUMNS } from '../../src/tabular/columns.js';
import { DIGITAL_DEFAULTS } from '../../src/tabular/config.js';
import type { DigitalConfig } from '../../src/tabular/config.js';
import { DIGITAL_EPISODES_FILE, DIGITAL_POLICY_FILE, openDigitalCsvSink } from '../../src/tabular/csv-sink.js';
import { runDigital } from '../../src/tabular/run-digital.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('runDigital to CSV', () => {
  const config: DigitalConfig = {
    ...DIGITAL_DEFAULTS,
    env: { ...DIGITAL_DEFAULTS.env, states: 6, agents: 3 },
    learning: { ...DIGITAL_DEFAULTS.learning, episodes: 3, horizon: 5 },
    kappaSweep: [1],
    metrics: { ...DIGITAL_DEFAULTS.metrics, policySnapshotEpisodes: [0, 2] },
  };

  it('writes one row per (seed, run, episode) and the policy snapshots, and a second pass adds nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cavlab-digital-'));
    dirs.push(dir);
    for (let pass = 0; pass < 2; pass++) {
      const sink = await openDigitalCsvSink(dir);
      try {
        await runDigital(config, sink, [5, 6]);
      } finally {
        await sink.close();
      }
    }
    const episodes = (await readFile(join(dir, DIGITAL_EPISODES_FILE), 'utf8')).trimEnd().split('\n');
    expect(episodes[0]).toBe(DIGITAL_EPISODE_COLUMNS.join(','));
    expect(episodes.length - 1).toBe(2 * 3 * 3); // seeds × (IQL, PR κ = 0.5, PR κ = 1) × episodes
    expect(episodes[1]).toMatch(/^0,iql,,0\.5,0,5,0,/);
    expect(episodes.at(-1)).toMatch(/^17,iql-pr,1,0\.3,0\.3,6,2,/);
    const policy = (await readFile(join(dir, DIGITAL_POLICY_FILE), 'utf8')).trimEnd().split('\n');
    expect(policy[0]).toBe(DIGITAL_POLICY_COLUMNS.join(','));
    expect(policy.length - 1).toBe(2 * 3 * 2 * (3 + 1) * 6 * 2); // seeds × runs × snapshots × (agents + mean) × states × actions
  });
});
