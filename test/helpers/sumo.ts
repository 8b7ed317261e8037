// Shared by the integration tests: the ring fixture and a check that no SUMO child is left behind.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const RING = fileURLToPath(new URL('../fixtures/sumo/ring/ring.sumocfg', import.meta.url));

/** PIDs of SUMO processes whose parent is this process. */
export function sumoChildren(): number[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when there are no children
  }
  return out.split('\n').map((l) => l.trim().split(/\s+/)).filter(([, comm]) => comm === 'sumo' || comm === 'sumo-gui' || comm === 'setpriv').map(([pid]) => Number(pid));
}

/** Waits up to `ms` for every SUMO child to be gone; returns those still there. */
export async function sumoChildrenAfter(ms = 2_000): Promise<number[]> {
  const deadline = Date.now() + ms;
  let left = sumoChildren();
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    left = sumoChildren();
  }
  return left;
}
