// Minimum clique cover number of the range graph (MA-PMBRL, Fig. 6): the fewest groups of mutually
// connected CAVs that cover all CAVs. Exact by dynamic programming over subsets; fine for the ≤ 12–16
// agents of the papers' scenarios.
import type { RangeGraph } from './range-graph.js';

/** Largest graph we solve exactly (3^n work). */
export const MAX_EXACT_CLIQUE_COVER = 16;

export function minimumCliqueCover(graph: RangeGraph): number {
  const ids = [...graph.keys()];
  const n = ids.length;
  if (n === 0) return 0;
  if (n > MAX_EXACT_CLIQUE_COVER) throw new RangeError(`clique cover is exact up to ${MAX_EXACT_CLIQUE_COVER} agents, got ${n}`);
  const index = new Map(ids.map((id, i) => [id, i]));
  const adjacency = ids.map((id) => {
    let mask = 0;
    for (const other of graph.get(id) ?? []) mask |= 1 << (index.get(other) as number);
    return mask;
  });
  const full = (1 << n) - 1;
  // isClique[m]: every pair in m is linked. Built from m without its lowest member.
  const isClique = new Uint8Array(full + 1);
  isClique[0] = 1;
  for (let m = 1; m <= full; m++) {
    const low = m & -m;
    const i = 31 - Math.clz32(low);
    const rest = m ^ low;
    isClique[m] = isClique[rest] === 1 && (rest & ~(adjacency[i] as number)) === 0 ? 1 : 0;
  }
  // cover[m]: fewest cliques covering m; the clique holding m's lowest member is tried in every way.
  const cover = new Uint8Array(full + 1);
  for (let m = 1; m <= full; m++) {
    const low = m & -m;
    const rest = m ^ low;
    let best = 255;
    // Enumerate subsets s of rest; the clique is s ∪ {low}.
    for (let s = rest; ; s = (s - 1) & rest) {
      if (isClique[s | low] === 1) {
        const c = 1 + (cover[rest ^ s] as number);
        if (c < best) best = c;
      }
      if (s === 0) break;
    }
    cover[m] = best;
  }
  return cover[full] as number;
}
