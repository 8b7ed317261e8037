// The layers of ARCHITECTURE.md, checked on the code: every import of src/ (type-only ones too) goes to the same
// layer or a lower one, and no files import each other in a loop. Pure and fast: it reads the sources as text.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

/**
 * Low to high: a module may import from its own layer and the ones before it. Data flows
 * config → runner → env → kernel → (scenarios, sumo, traci) → SUMO; agents use env's types (AgentSpaces).
 * A new top-level folder or file of src/ must be placed here.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['errors.ts', 'paths.ts', 'util', 'comm'],
  ['metrics', 'nn', 'tabular'],
  ['traci'],
  ['sumo'],
  ['scenarios'],
  ['kernel'],
  ['env', 'trace'],
  ['agents'],
  ['runner', 'plot', 'bench'],
  ['experiments', 'policy'],
  ['cli', 'index.ts'],
];

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?\sfrom\s+['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Relative imports of `file`, as paths under src/ ('./x.js' → 'dir/x.ts'). */
function importsOf(file: string, text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const spec = match[1] ?? match[2];
    if (spec === undefined) continue;
    out.push(relative(SRC, resolve(dirname(file), spec)).replace(/\.js$/, '.ts'));
  }
  return out;
}

/** The top-level entry of src/ that holds `path` ('env/observations/merge.ts' → 'env'). */
function entryOf(path: string): string {
  return path.split('/')[0] ?? path;
}

function layerOf(path: string): number {
  return LAYERS.findIndex((layer) => layer.includes(entryOf(path)));
}

/** Import edges that go up a layer: "from → to (layer a < layer b)". */
function upwardImports(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const out: string[] = [];
  for (const [from, targets] of graph) {
    for (const to of targets) {
      if (layerOf(to) > layerOf(from)) out.push(`${from} → ${to} (layer ${layerOf(from)} imports layer ${layerOf(to)})`);
    }
  }
  return out;
}

/** Every loop of imports, each as its files (Tarjan's strongly connected components of size > 1, or a self-import). */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    for (;;) {
      const top = stack.pop();
      if (top === undefined) break;
      onStack.delete(top);
      component.push(top);
      if (top === node) break;
    }
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) graph.set(relative(SRC, file), importsOf(file, readFileSync(file, 'utf8')));
  return graph;
}

describe('layering of src/', () => {
  const graph = importGraph();

  it('places every top-level folder and file of src/ in a layer', () => {
    const unplaced = [...new Set([...graph.keys()].map(entryOf))].filter((entry) => layerOf(entry) < 0);
    expect(unplaced, 'add these to LAYERS in test/layering.test.ts').toEqual([]);
  });

  it('has no import from a lower layer up to a higher one', () => {
    expect(upwardImports(graph)).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it('catches an upward import and a cycle when there is one (the checks can fail)', () => {
    const bad = new Map<string, string[]>([
      ['scenarios/registry.ts', ['env/functions.ts']],
      ['env/functions.ts', ['scenarios/registry.ts']],
      ['kernel/simulation.ts', ['traci/client.ts']],
    ]);
    expect(upwardImports(bad)).toEqual(['scenarios/registry.ts → env/functions.ts (layer 4 imports layer 6)']);
    expect(importCycles(bad)).toEqual([['env/functions.ts', 'scenarios/registry.ts']]);
  });

  it('reads static, type-only, re-export and dynamic imports', () => {
    const text = "import type { A } from '../kernel/a.js';\nexport { B } from './b.js';\nconst c = await import('../traci/c.js');\nimport x from 'node:fs';";
    expect(importsOf(join(SRC, 'env', 'e.ts'), text)).toEqual(['kernel/a.ts', 'env/b.ts', 'traci/c.ts']);
  });
});
