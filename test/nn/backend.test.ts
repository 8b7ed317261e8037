import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { isBackendChoice, selectBackend, wasmDirectory } from '../../src/nn/backend.js';
import { BackendUnavailableError } from '../../src/nn/errors.js';
import { existsSync } from 'node:fs';

describe('nn backend selection', () => {
  afterAll(async () => {
    await selectBackend('wasm');
  });

  it('finds the .wasm files inside node_modules', () => {
    const dir = wasmDirectory();
    expect(dir.endsWith('/')).toBe(true);
    expect(existsSync(`${dir}tfjs-backend-wasm-simd.wasm`)).toBe(true);
  });

  it('selects wasm and cpu when asked', async () => {
    expect((await selectBackend('wasm')).name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect((await selectBackend('cpu')).name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });

  it('auto skips the node backends here, says why once (when verbose), and lands on wasm', async () => {
    const lines: string[] = [];
    const selection = await selectBackend('auto', { log: (line) => lines.push(line), verbose: true });
    expect(selection.name).toBe('wasm');
    expect(selection.skipped.map((s) => s.backend)).toEqual(['tfjs-node-gpu', 'tfjs-node']);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('tfjs-node');
    // Once per process.
    await selectBackend('auto', { log: (line) => lines.push(line), verbose: true });
    expect(lines).toHaveLength(1);
  });

  it('a named backend that cannot load is an error, not a silent fallback', async () => {
    await expect(selectBackend('tfjs-node')).rejects.toBeInstanceOf(BackendUnavailableError);
  });

  it('recognises valid --backend values', () => {
    expect(isBackendChoice('wasm')).toBe(true);
    expect(isBackendChoice('webgl')).toBe(false);
  });
});
