// SVMIX's replay of JOINT steps (centralised training needs every agent's transition of a step together, with the
// step's graph): a ring of fixed-size rows padded to N agents, allocated once, the oldest row overwritten when full
// (as src/agents/replay.ts does for single-agent transitions).
import { uniformInt } from '../../../nn/random.js';
import type { UniformSource } from '../../../nn/random.js';
import { ReplayError } from '../../replay.js';

export interface JointShape {
  /** Joint steps kept. */
  readonly capacity: number;
  /** N, agent rows per step (absent agents are zero rows with mask 0). */
  readonly agents: number;
  readonly obsDim: number;
}

/** The per-agent rows of joint steps: agent i's row is obs[i·d … (i+1)·d), its level actions[i]; adjacency [N·N] at s and s'. */
interface AgentRows {
  readonly obs: Float32Array;
  readonly nextObs: Float32Array;
  readonly actions: Float32Array;
  readonly mask: Float32Array;
  readonly adjacency: Float32Array;
  readonly nextAdjacency: Float32Array;
}

/** One joint step. */
export interface JointStep extends AgentRows {
  /** The team reward r_tot of the step. */
  readonly reward: number;
  /** A terminal state (a collision ended the episode): no bootstrapping. */
  readonly terminated: boolean;
}

/** `size` joint steps, field by field, row-major (obs [size·N·d], mask [size·N], adjacency [size·N·N], …). */
export interface JointBatch extends AgentRows {
  readonly size: number;
  readonly rewards: Float32Array;
  /** 1 for a terminal step. */
  readonly terminated: Float32Array;
}

/** What a checkpoint keeps: the shape, the ring position and the filled rows. */
export interface JointReplayState extends JointShape, JointBatch {
  readonly position: number;
}

type Column = Exclude<keyof JointBatch, 'size'>;

export class JointReplay {
  readonly shape: JointShape;
  private readonly columns: Record<Column, Float32Array>;
  private readonly widths: Record<Column, number>;
  private position = 0;
  private count = 0;

  constructor(shape: JointShape) {
    for (const key of ['capacity', 'agents', 'obsDim'] as const) {
      if (!Number.isInteger(shape[key]) || shape[key] < 1) throw new RangeError(`joint replay ${key} must be a positive integer, got ${shape[key]}`);
    }
    this.shape = { capacity: shape.capacity, agents: shape.agents, obsDim: shape.obsDim };
    const { agents: n, obsDim: d } = shape;
    this.widths = { obs: n * d, nextObs: n * d, actions: n, mask: n, adjacency: n * n, nextAdjacency: n * n, rewards: 1, terminated: 1 };
    const columns: Partial<Record<Column, Float32Array>> = {};
    for (const key of COLUMNS) columns[key] = new Float32Array(shape.capacity * this.widths[key]);
    this.columns = columns as Record<Column, Float32Array>;
  }

  get size(): number {
    return this.count;
  }

  add(step: JointStep): void {
    const row: Record<Column, ArrayLike<number>> = { ...step, rewards: [step.reward], terminated: [step.terminated ? 1 : 0] };
    for (const key of COLUMNS) {
      const width = this.widths[key];
      const values = row[key];
      if (values.length !== width) throw new ReplayError(`joint replay add: ${key} has ${values.length} values, expected ${width}`);
      this.columns[key].set(values, this.position * width);
    }
    this.position = (this.position + 1) % this.shape.capacity;
    this.count = Math.min(this.count + 1, this.shape.capacity);
  }

  /** `batchSize` joint steps drawn uniformly with replacement, from `rng` only. */
  sample(batchSize: number, rng: UniformSource): JointBatch {
    if (this.count === 0) throw new ReplayError('joint replay sample: the buffer is empty');
    const rows = Array.from({ length: batchSize }, () => uniformInt(rng, this.count));
    const out: Partial<Record<Column, Float32Array>> = {};
    for (const key of COLUMNS) {
      const width = this.widths[key];
      const source = this.columns[key];
      const target = new Float32Array(batchSize * width);
      rows.forEach((i, k) => target.set(source.subarray(i * width, (i + 1) * width), k * width));
      out[key] = target;
    }
    return { size: batchSize, ...(out as Record<Column, Float32Array>) };
  }

  state(): JointReplayState {
    const out: Partial<Record<Column, Float32Array>> = {};
    for (const key of COLUMNS) out[key] = this.columns[key].slice(0, this.count * this.widths[key]);
    return { ...this.shape, position: this.position, size: this.count, ...(out as Record<Column, Float32Array>) };
  }

  static fromState(state: JointReplayState): JointReplay {
    const replay = new JointReplay(state);
    if (state.size > state.capacity || state.position >= state.capacity) throw new ReplayError(`joint replay state is inconsistent (size ${state.size}, position ${state.position}, capacity ${state.capacity})`);
    for (const key of COLUMNS) {
      const values = state[key];
      if (values.length !== state.size * replay.widths[key]) throw new ReplayError(`joint replay state: ${key} has ${values.length} values, expected ${state.size * replay.widths[key]}`);
      replay.columns[key].set(values);
    }
    replay.position = state.position;
    replay.count = state.size;
    return replay;
  }
}

const COLUMNS: readonly Column[] = ['obs', 'nextObs', 'actions', 'mask', 'adjacency', 'nextAdjacency', 'rewards', 'terminated'];
