// The same SUMO config through cavlab and through SUMO's own Python client must give identical
// vehicle ids, positions, speeds and colliding ids at every step.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { recordTrace } from '../../src/trace/record.js';
import type { TraceLine } from '../../src/trace/record.js';
import { RING, sumoChildrenAfter } from '../helpers/sumo.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('../fixtures/traci/python-trace.py', import.meta.url));
const STEPS = 300;

function pythonTraciReason(): string | undefined {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  try {
    execFileSync(PYTHON, ['-c', 'import sys; sys.path.append("/usr/share/sumo/tools"); import traci'], { stdio: 'pipe' });
    return undefined;
  } catch {
    return 'Python traci does not import';
  }
}

const skipReason = pythonTraciReason();
if (skipReason) console.log(`differential test skipped: ${skipReason}`);

function readTrace(file: string): TraceLine[] {
  return readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TraceLine);
}

describe.skipIf(skipReason !== undefined)('cavlab vs Python traci', () => {
  it(`gives identical ids, positions and speeds for ${STEPS} steps`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cavlab-diff-'));
    const ours = join(dir, 'cavlab.jsonl');
    const theirs = join(dir, 'python.jsonl');
    await recordTrace({ steps: STEPS, out: ours, sumo: { configFile: RING }, transport: 'traci' });
    execFileSync(PYTHON, [SCRIPT, RING, String(STEPS), theirs], { env: { ...process.env, SUMO_HOME: '/usr/share/sumo' }, stdio: 'pipe' });
    const a = readTrace(ours);
    const b = readTrace(theirs);
    expect(a.length).toBe(STEPS);
    expect(b.length).toBe(STEPS);
    for (let i = 0; i < STEPS; i++) {
      // toEqual compares numbers exactly: both clients read the same doubles from SUMO.
      expect(a[i], `step ${i + 1}`).toEqual(b[i]);
    }
    expect(a.at(-1)?.vehicles.length).toBe(14);
    expect(a.at(-1)?.vehicles.some((v) => v.speed > 1)).toBe(true); // the traffic moved
    expect(await sumoChildrenAfter()).toEqual([]);
  });
});
