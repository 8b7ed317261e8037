// The two grid environments of PR Fig. 4 besides Digital (Sec. V-A): Landmarks, "where each agent needs to reach
// landmarks [22]", and Blocker, "which requires agents to reach the bottom row by coordinating with its teammates to
// deceive blockers [39], [40]". The paper gives only their agent counts (Landmarks |N| = 2 and 10, Blocker |N| = 3)
// and that each agent observes one dimension less than the global state; every other number below is a named
// Decision (policy-reciprocity/README.md, "Tabular environments"). Each agent's table state is its observation.
import { TabularInputError } from './errors.js';
import type { Rng } from '../util/rng.js';

/** A synchronous multi-agent grid world as the tabular runner drives it. */
export interface TabularGridEnv {
  readonly agents: number;
  /** |S| of every agent's table (the observation space, enumerated). */
  readonly states: number;
  readonly actions: number;
  /** The observation vector of each table state: the ℓ0 distance of Definitions 1–2 compares these. */
  readonly observations: readonly (readonly number[])[];
  /** s_i of every agent (table state indices). */
  readonly state: Int32Array;
  /** r_i^t of the last step. */
  readonly reward: Float64Array;
  reset(rng: Rng): Int32Array;
  step(actions: Int32Array, rng: Rng): void;
}

/** Moves: stay, up (y − 1), down (y + 1), left (x − 1), right (x + 1); a move off the grid stays put. */
export const GRID_ACTIONS = 5;
const DX = [0, 0, 0, -1, 1] as const;
const DY = [0, -1, 1, 0, 0] as const;

function move(x: number, y: number, action: number, width: number, height: number): [number, number] {
  if (!(Number.isInteger(action) && action >= 0 && action < GRID_ACTIONS)) throw new TabularInputError(`grid action ${action} is outside [0, ${GRID_ACTIONS})`);
  const nx = x + (DX[action] ?? 0);
  const ny = y + (DY[action] ?? 0);
  return nx < 0 || ny < 0 || nx >= width || ny >= height ? [x, y] : [nx, ny];
}

function checkActions(actions: Int32Array, agents: number): void {
  if (actions.length !== agents) throw new TabularInputError(`step needs ${agents} actions, got ${actions.length}`);
}

export interface LandmarkParams {
  /** |N| (Fig. 4: 2 and 10). */
  readonly agents: number;
  /** Grid side G. Decision: 5 (25 cells hold the 10 agents of Fig. 4-right with room to move). */
  readonly size: number;
}

/**
 * Landmarks: |N| agents and |N| landmarks on a G × G grid; an agent observes its own cell (x, y) (the global state
 * adds the others' cells). Decision (MPE's cooperative navigation in tabular form): r_i = −(Manhattan distance from
 * agent i to the nearest landmark) / (2(G − 1)) − 1 if another agent shares its cell; landmarks are drawn once per
 * seed at distinct cells; agents start at uniform random cells.
 */
export class LandmarkEnv implements TabularGridEnv {
  readonly agents: number;
  readonly states: number;
  readonly actions = GRID_ACTIONS;
  readonly observations: readonly (readonly number[])[];
  readonly state: Int32Array;
  readonly reward: Float64Array;
  readonly landmarks: readonly number[];
  private readonly size: number;

  constructor(params: LandmarkParams, layoutRng: Rng) {
    const { agents, size } = params;
    if (!(Number.isInteger(size) && size >= 2)) throw new TabularInputError(`landmark grid size must be an integer ≥ 2, got ${size}`);
    if (!(Number.isInteger(agents) && agents >= 1 && agents <= size * size)) throw new TabularInputError(`landmark agents must be in [1, ${size * size}], got ${agents}`);
    this.agents = agents;
    this.size = size;
    this.states = size * size;
    this.observations = Array.from({ length: this.states }, (_, s) => [s % size, Math.floor(s / size)]);
    this.state = new Int32Array(agents);
    this.reward = new Float64Array(agents);
    const cells = Array.from({ length: this.states }, (_, s) => s);
    for (let k = cells.length - 1; k > 0; k--) {
      const j = layoutRng.int(k + 1);
      [cells[k], cells[j]] = [cells[j] as number, cells[k] as number];
    }
    this.landmarks = cells.slice(0, agents).sort((a, b) => a - b);
  }

  reset(rng: Rng): Int32Array {
    for (let i = 0; i < this.agents; i++) this.state[i] = rng.int(this.states);
    return this.state;
  }

  step(actions: Int32Array): void {
    checkActions(actions, this.agents);
    const g = this.size;
    for (let i = 0; i < this.agents; i++) {
      const s = this.state[i] as number;
      const [x, y] = move(s % g, Math.floor(s / g), actions[i] as number, g, g);
      this.state[i] = y * g + x;
    }
    const scale = 2 * (g - 1);
    for (let i = 0; i < this.agents; i++) {
      const s = this.state[i] as number;
      let nearest = Infinity;
      for (const l of this.landmarks) nearest = Math.min(nearest, Math.abs((l % g) - (s % g)) + Math.abs(Math.floor(l / g) - Math.floor(s / g)));
      let shared = false;
      for (let j = 0; j < this.agents && !shared; j++) shared = j !== i && this.state[j] === s;
      this.reward[i] = -nearest / scale - (shared ? 1 : 0);
    }
  }
}

export interface BlockerParams {
  /** |N| (Fig. 4-middle: 3). */
  readonly agents: number;
}

/** The blocker task's field (Sallans & Hinton; Heess et al. [40]): 4 columns × 7 rows, two blockers. */
export const BLOCKER_WIDTH = 4;
export const BLOCKER_HEIGHT = 7;
/** The blockers' row: just above the end zone (the bottom row). */
const BLOCKER_ROW = BLOCKER_HEIGHT - 2;

/**
 * Blocker: agents start in the top row and must reach the bottom row; two blockers in the row above it each guard
 * two columns (blocker k: columns 2k, 2k + 1) and step to the column of the guarded agent nearest to them (by row),
 * and an agent cannot enter a blocker's cell. Reward (Heess et al. [40]): +1 to every agent on a step where any agent
 * reaches the bottom row, −1 to every agent otherwise; then all agents restart in the top row (Decision: the task
 * continues within the episode, so the tabular update needs no terminal state). An agent observes (x, y, c_1, c_2)
 * with c_k ∈ {0, 1} blocker k's column within its pair: 4 · 7 · 2 · 2 = 112 table states.
 */
export class BlockerEnv implements TabularGridEnv {
  readonly agents: number;
  readonly states = BLOCKER_WIDTH * BLOCKER_HEIGHT * 4;
  readonly actions = GRID_ACTIONS;
  readonly observations: readonly (readonly number[])[];
  readonly state: Int32Array;
  readonly reward: Float64Array;
  /** Agents' cells (x, y) and the blockers' offsets within their column pairs. */
  private readonly x: Int32Array;
  private readonly y: Int32Array;
  private readonly blockers = new Int32Array(2);

  constructor(params: BlockerParams) {
    if (!(Number.isInteger(params.agents) && params.agents >= 1)) throw new TabularInputError(`blocker agents must be an integer ≥ 1, got ${params.agents}`);
    this.agents = params.agents;
    this.state = new Int32Array(this.agents);
    this.reward = new Float64Array(this.agents);
    this.x = new Int32Array(this.agents);
    this.y = new Int32Array(this.agents);
    this.observations = Array.from({ length: this.states }, (_, s) => blockerObservation(s));
  }

  reset(rng: Rng): Int32Array {
    this.blockers[0] = rng.int(2);
    this.blockers[1] = rng.int(2);
    this.restart(rng);
    return this.state;
  }

  step(actions: Int32Array, rng: Rng): void {
    checkActions(actions, this.agents);
    let scored = false;
    for (let i = 0; i < this.agents; i++) {
      const [nx, ny] = move(this.x[i] as number, this.y[i] as number, actions[i] as number, BLOCKER_WIDTH, BLOCKER_HEIGHT);
      if (ny === BLOCKER_ROW && this.blockerAt(nx)) continue; // blocked: stays
      this.x[i] = nx;
      this.y[i] = ny;
      if (ny === BLOCKER_HEIGHT - 1) scored = true;
    }
    this.reward.fill(scored ? 1 : -1);
    if (scored) this.restart(rng);
    else this.moveBlockers();
    this.observe();
  }

  private blockerAt(x: number): boolean {
    const k = x < 2 ? 0 : 1;
    return 2 * k + (this.blockers[k] as number) === x;
  }

  /** Each blocker follows the lowest (closest) agent in its two columns; with none there it stays. */
  private moveBlockers(): void {
    for (let k = 0; k < 2; k++) {
      let best = -1;
      for (let i = 0; i < this.agents; i++) {
        const col = this.x[i] as number;
        if (col >> 1 !== k || (this.y[i] as number) >= BLOCKER_ROW) continue;
        if (best < 0 || (this.y[i] as number) > (this.y[best] as number)) best = i;
      }
      if (best >= 0) this.blockers[k] = (this.x[best] as number) - 2 * k;
    }
  }

  private restart(rng: Rng): void {
    for (let i = 0; i < this.agents; i++) {
      this.x[i] = rng.int(BLOCKER_WIDTH);
      this.y[i] = 0;
    }
    this.observe();
  }

  private observe(): void {
    for (let i = 0; i < this.agents; i++) {
      this.state[i] = blockerState(this.x[i] as number, this.y[i] as number, this.blockers[0] as number, this.blockers[1] as number);
    }
  }
}

/** Table index of the observation (x, y, c_1, c_2). */
export function blockerState(x: number, y: number, c1: number, c2: number): number {
  return ((y * BLOCKER_WIDTH + x) * 2 + c1) * 2 + c2;
}

function blockerObservation(s: number): number[] {
  const c2 = s % 2;
  const c1 = Math.floor(s / 2) % 2;
  const cell = Math.floor(s / 4);
  return [cell % BLOCKER_WIDTH, Math.floor(cell / BLOCKER_WIDTH), c1, c2];
}
