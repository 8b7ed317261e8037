// Real transitions as a regression problem for a dynamics model (MA-PMBRL Sec. 4.1): inputs (s, a), targets
// e = (s' − s, r). Predicting the change of state Δs rather than s' is the usual choice (PETS, MBPO).
import type { ReplayState } from '../replay.js';
import type { UniformSource } from '../../nn/random.js';
import { uniformInt } from '../../nn/random.js';

/** n rows of inputs [s, a] (width obsDim + |A|) and targets [Δs, r] (width obsDim + 1), row-major. */
export interface TransitionData {
  readonly size: number;
  readonly obsDim: number;
  readonly actionDim: number;
  readonly inputs: Float32Array;
  readonly targets: Float32Array;
}

export function inputWidth(obsDim: number, actionDim: number): number {
  return obsDim + actionDim;
}

export function targetWidth(obsDim: number): number {
  return obsDim + 1;
}

/** The filled part of a replay buffer as regression data. */
export function transitionData(replay: ReplayState): TransitionData {
  const { obsDim, actionDim, size } = replay;
  const inW = inputWidth(obsDim, actionDim);
  const outW = targetWidth(obsDim);
  const inputs = new Float32Array(size * inW);
  const targets = new Float32Array(size * outW);
  for (let i = 0; i < size; i++) {
    inputs.set(replay.obs.subarray(i * obsDim, (i + 1) * obsDim), i * inW);
    inputs.set(replay.actions.subarray(i * actionDim, (i + 1) * actionDim), i * inW + obsDim);
    for (let d = 0; d < obsDim; d++) targets[i * outW + d] = (replay.nextObs[i * obsDim + d] ?? 0) - (replay.obs[i * obsDim + d] ?? 0);
    targets[i * outW + obsDim] = replay.rewards[i] ?? 0;
  }
  return { size, obsDim, actionDim, inputs, targets };
}

/** The rows `rows` of `data`, in that order. */
export function selectRows(data: TransitionData, rows: readonly number[]): TransitionData {
  const inW = inputWidth(data.obsDim, data.actionDim);
  const outW = targetWidth(data.obsDim);
  const inputs = new Float32Array(rows.length * inW);
  const targets = new Float32Array(rows.length * outW);
  rows.forEach((r, k) => {
    inputs.set(data.inputs.subarray(r * inW, (r + 1) * inW), k * inW);
    targets.set(data.targets.subarray(r * outW, (r + 1) * outW), k * outW);
  });
  return { size: rows.length, obsDim: data.obsDim, actionDim: data.actionDim, inputs, targets };
}

/** A random split: ⌊fraction·n⌋ held-out rows (at least one when n ≥ 2 and fraction > 0), the rest for training. */
export function splitHeldOut(data: TransitionData, fraction: number, rng: UniformSource): { train: TransitionData; heldOut: TransitionData } {
  const order = Array.from({ length: data.size }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = uniformInt(rng, i + 1);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const held = fraction > 0 && data.size >= 2 ? Math.max(1, Math.floor(fraction * data.size)) : 0;
  return { heldOut: selectRows(data, order.slice(0, held)), train: selectRows(data, order.slice(held)) };
}
