// RSM-MAPPO through the built CLI against real SUMO: two short figure8 episodes with small networks and short
// rollouts write PPO diagnostics, segment rounds (comm.csv), ρ/ψ columns and Fig. 8's per-pair counts (comm-matrix.csv).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { floatBytes } from '../../src/comm/channel.js';
import { COMM_COLUMNS, EPISODE_COLUMNS } from '../../src/metrics/schemas.js';
import { readCsv } from '../helpers/csv.js';

const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'cavlab-rsm-mappo-run-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Small networks, rollouts of 50 steps and a round after every PPO update: 6 updates and rounds per 300-step episode. */
const ALGO_CONFIG = { actorHidden: [32, 32], valueHidden: [32, 32], rolloutLength: 50, epochs: 2, updatesPerRound: 1 };
/** 6 → 32 → 32 → 2. */
const POLICY_PARAMETERS = 7 * 32 + 33 * 32 + 33 * 2;

describe('cavlab run rsm-mappo', () => {
  it('2 short figure8 episodes with real SUMO: PPO losses, segment rounds with RSM-MASAC\'s byte accounting', { timeout: 240_000 }, async () => {
    const file = join(out, 'rsm-mappo.json');
    const experiment = { name: 'ppo', kind: 'run', algo: 'rsm-mappo', scenario: 'figure8', seeds: [3], episodes: 2, horizon: 300, evalEvery: 0, algoConfig: ALGO_CONFIG };
    writeFileSync(file, JSON.stringify(experiment));
    const r = await execa('node', [CLI, 'run', file, '--out', out], { reject: false, stdin: 'ignore', env: { CI: 'true' } });
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.exitCode).toBe(0);
    const dir = join(out, 'ppo', 'rsm-mappo__figure8__seed3');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ status: 'finished', policyParameters: POLICY_PARAMETERS, config: { algo: 'rsm-mappo', algoConfig: { ...ALGO_CONFIG, segments: 4, replicas: 3, clipRange: 0.2 } } });

    const episodes = readCsv(join(dir, 'episodes.csv'));
    expect(Object.keys(episodes[0] ?? {})).toEqual([...EPISODE_COLUMNS, 'rho_total', 'rho_ef', 'rho_r', 'psi_gb']);
    expect(episodes.map((e) => e.phase)).toEqual(['train', 'train']);
    for (const e of episodes) {
      // 9 learners × 6 PPO updates × 2 epochs × 1 minibatch of 50 (≤ 64).
      expect(e.updates).toBe(String(9 * 6 * 2));
      expect(Number.isFinite(Number(e.actor_loss)) && e.actor_loss !== '').toBe(true);
      expect(Number(e.critic_loss)).toBeGreaterThan(0);
      expect(e.alpha).toBe('');
      expect(Number(e.rho_total)).toBeGreaterThan(0);
    }

    const comm = readCsv(join(dir, 'comm.csv'));
    expect(Object.keys(comm[0] ?? {})).toEqual([...COMM_COLUMNS]);
    for (const row of comm) {
      expect(row.kind).toBe('segments');
      expect(Number(row.received) + Number(row.lost)).toBe(Number(row.requested));
      // P_i = min(4, |Ω_i|) segments per replica, κ_i = min(3, |Ω_i|) replicas: each replica one whole vector's bytes.
      const omega = Number(row.neighbours);
      expect(Number(row.requested)).toBe(Math.min(4, omega) * Math.min(3, omega));
      expect(Number(row.bytes)).toBe(Math.min(3, omega) * floatBytes(POLICY_PARAMETERS));
    }
    const perEpisode = (k: string) => comm.filter((row) => row.episode === k).reduce((n, row) => n + Number(row.replicas), 0);
    expect(episodes.map((e) => Number(e.rho_total))).toEqual([perEpisode('0'), perEpisode('1')]);

    // Fig. 8's matrices: per episode and ordered pair, the segments that arrived and those of mixed replicas.
    const matrix = readCsv(join(dir, 'comm-matrix.csv'));
    expect(Object.keys(matrix[0] ?? {})).toEqual(['episode', 'phase', 'from', 'to', 'received', 'mixed']);
    for (const k of ['0', '1']) {
      const cells = matrix.filter((row) => row.episode === k);
      expect(cells.reduce((n, row) => n + Number(row.received), 0)).toBe(comm.filter((row) => row.episode === k).reduce((n, row) => n + Number(row.received), 0));
      for (const row of cells) {
        expect(row.from).not.toBe(row.to);
        expect(Number(row.mixed)).toBeLessThanOrEqual(Number(row.received));
      }
    }
    expect(matrix.some((row) => Number(row.mixed) > 0)).toBe(true);
  });
});
