// The exported policy format: weights round-trip, the deterministic action is scale·tanh(mean) + offset of the
// actor's forward pass, and a damaged file is one line naming the field.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PolicyFileError } from '../../src/policy/errors.js';
import { findPool } from '../../src/policy/export.js';
import { decodeFloats, encodeFloats, ExportedPolicy, loadPolicy, parsePolicyFile } from '../../src/policy/policy-file.js';
import type { PolicyFile } from '../../src/policy/policy-file.js';

/** obs 2 → hidden 2 (ReLU) → head 2 (mean, σ) for one action in [−3, 3]: W0 = I, b0 = 0, W1 = [[1, 0], [1, 0]], b1 = [0.5, 0]. */
const WEIGHTS = Float32Array.from([1, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0.5, 0]);

function file(policies: Float32Array[] = [WEIGHTS]): PolicyFile {
  return {
    format: 'cavlab-policy', version: 1,
    source: { run: '/r', checkpoint: 'best', episode: 3, algo: 'isac', seed: 1, scenario: 'toy' },
    observation: { id: 'toy', params: {}, size: 2, description: '' },
    action: { kind: 'acceleration', unit: 'm/s²', low: [-3], high: [3] },
    network: { sizes: [2, 2, 2] }, agents: { veh7: 0 }, policies: policies.map(encodeFloats),
  };
}

describe('exported policy', () => {
  it('round-trips float32 weights through base64', () => {
    expect([...decodeFloats(encodeFloats(WEIGHTS))]).toEqual([...WEIGHTS]);
  });

  it('acts deterministically: a = 3·tanh(relu(x)·W1 + b1)', () => {
    const policy = new ExportedPolicy(file());
    const a = policy.act(Float32Array.from([0.2, -0.4]), 'veh7'); // relu → [0.2, 0], mean = 0.2 + 0.5
    expect(a[0]).toBeCloseTo(3 * Math.tanh(0.7), 5);
    expect(policy.act(Float32Array.from([0.2, -0.4]), 0)[0]).toBe(a[0]);
    expect(() => policy.act(Float32Array.from([0.2, -0.4]), 'veh9')).toThrow(/not in this file/);
    expect(() => policy.act(Float32Array.from([0.2]))).toThrow(/takes 2/);
  });

  it('loads a file and names the bad field of a damaged one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cavlab-policy-'));
    writeFileSync(join(dir, 'ok.json'), JSON.stringify(file()));
    expect((await loadPolicy(join(dir, 'ok.json'))).count).toBe(1);
    const bad = { ...file(), action: { kind: 'acceleration', low: [-3] } };
    expect(() => parsePolicyFile(bad, 'p.json')).toThrow(new PolicyFileError('p.json', 'action: needs kind, and low and high of equal length'));
    writeFileSync(join(dir, 'short.json'), JSON.stringify(file([WEIGHTS.subarray(0, 5)])));
    await expect(loadPolicy(join(dir, 'short.json'))).rejects.toBeInstanceOf(PolicyFileError);
  });

  it('finds the learner pool in a checkpoint tree (any controller nesting it)', () => {
    const actor = Float32Array.from([1, 2]);
    const tree = { controller: 'ma-pmbrl', learners: { pool: { slotMap: { ids: [['veh1', 0]], slotCount: 1 }, slots: [{ core: { weights: { actor } } }] } } };
    expect(findPool(tree)).toEqual({ ids: [['veh1', 0]], actors: [actor], slots: [{ core: { weights: { actor } } }] });
    expect(findPool({ controller: 'idm' })).toBeNull();
  });

  it('finds a PPO pool\'s actors too (PpoPool keeps θ at slots[k].learner.actor)', () => {
    const actor = Float32Array.from([3, 4]);
    const tree = { controller: 'ippo', pool: { slotMap: { ids: [['veh3', 0]], slotCount: 1 }, slots: [{ learner: { actor, value: Float32Array.from([9]) } }] } };
    expect(findPool(tree)).toEqual({ ids: [['veh3', 0]], actors: [actor], slots: tree.pool.slots });
  });
});
