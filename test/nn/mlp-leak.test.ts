// Creating and disposing networks and SAC cores leaves no tensor behind (the initial values of variables included).
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { SacCore } from '../../src/agents/sac/sac.js';
import { Mlp } from '../../src/nn/mlp.js';
import { mulberry32 } from '../../src/nn/random.js';

describe('no leaked tensors', () => {
  it('Mlp.create + dispose and SacCore + dispose return to the same tensor count', () => {
    const before = tf.memory().numTensors;
    Mlp.create([3, 4, 1], mulberry32(1)).dispose();
    new SacCore({ obsDim: 3, actionBounds: { low: [-1], high: [1] } }, { actorHidden: [8], criticHidden: [8] }, mulberry32(2)).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
