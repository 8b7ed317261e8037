// The stacked forward passes of MA-PETS's planner (particle-model.ts): all CAVs' ensemble networks in one pass per
// model step, in this thread (StackedMlp) or split over two learner worker threads (learnerWorkers 2): the first half
// of the nets in one, the rest in the other, inputs, parameters and outputs in shared memory. Every net is its own
// product, so the split changes no number; the particles' sampling stays in the planner's thread, in its order.
import { StackedMlp } from '../../../nn/stacked-mlp.js';
import { PoolError } from '../../errors.js';
import type { LearnerWorkers } from '../../learner-workers.js';

export interface StackedNets {
  readonly nets: number;
  setParams(k: number, flat: Float32Array): void;
  /** A buffer of `length` floats for the next forward's inputs (reused; shared memory when workers compute). */
  inputs(length: number): Float32Array;
  /** StackedMlp.forward: x [nets·rows·input] → [nets·rows·output], valid until the next call. */
  forward(x: Float32Array, rows: number): Float32Array;
  dispose(): void;
}

export type StackedNetsFactory = (sizes: readonly number[], nets: number) => StackedNets;

export class LocalNets implements StackedNets {
  private readonly mlp: StackedMlp;
  private buffer = new Float32Array(0);

  constructor(sizes: readonly number[], readonly nets: number) {
    this.mlp = new StackedMlp(sizes, nets);
  }

  setParams(k: number, flat: Float32Array): void {
    this.mlp.setParams(k, flat);
  }

  inputs(length: number): Float32Array {
    if (this.buffer.length < length) this.buffer = new Float32Array(length);
    return this.buffer.subarray(0, length);
  }

  forward(x: Float32Array, rows: number): Float32Array {
    return this.mlp.forward(x, rows);
  }

  dispose(): void {}
}

let nextId = 0;

export class WorkerNets implements StackedNets {
  private readonly id = nextId++;
  private readonly sizes: readonly number[];
  private readonly parameterCount: number;
  private readonly params: Float32Array;
  private x = shared(0);
  private out = shared(0);

  constructor(private readonly workers: LearnerWorkers, sizes: readonly number[], readonly nets: number) {
    this.sizes = [...sizes];
    // One net of the shape, never computed with: its parameter count, and the engine this thread would use (the
    // workers must compute the same way).
    const probe = new StackedMlp(sizes, 1);
    this.parameterCount = probe.parameterCount;
    this.params = shared(nets * this.parameterCount);
    const native = probe.engine === 'openblas';
    for (let w = 0; w < workers.count; w++) workers.stackedSetup(w, this.id, this.sizes, nets, native, this.params);
  }

  setParams(k: number, flat: Float32Array): void {
    if (flat.length !== this.parameterCount) throw new PoolError(`stacked nets: net ${k} has ${flat.length} parameters, expected ${this.parameterCount}`);
    this.params.set(flat, k * this.parameterCount);
  }

  inputs(length: number): Float32Array {
    if (this.x.length < length) this.x = shared(length);
    return this.x.subarray(0, length);
  }

  forward(x: Float32Array, rows: number): Float32Array {
    const input = x.buffer instanceof SharedArrayBuffer ? x : this.inputs(x.length);
    if (input !== x) input.set(x);
    const length = this.nets * rows * (this.sizes[this.sizes.length - 1] ?? 0);
    if (this.out.length < length) this.out = shared(length);
    const out = this.out.subarray(0, length);
    const split = Math.ceil(this.nets / 2);
    const ranges = split < this.nets ? [[0, 0, split], [1 % this.workers.count, split, this.nets]] as const : [[0, 0, this.nets]] as const;
    this.workers.stackedForward(this.id, input, out, rows, ranges);
    return out;
  }

  dispose(): void {
    this.workers.stackedDrop(this.id);
  }
}

function shared(length: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(length * Float32Array.BYTES_PER_ELEMENT));
}
