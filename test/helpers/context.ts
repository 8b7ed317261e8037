// A StepContext for controller tests: defaults for everything, comm records collected in `records`.
import type { CommRecord, StepContext } from '../../src/agents/controller.js';
import { StepNeighbours } from '../../src/comm/neighbours.js';

export function stepContext(overrides: Partial<StepContext> = {}, records: CommRecord[] = []): StepContext {
  const base = {
    episode: 0, epoch: 1, step: 0, phase: 'train' as const, positions: new Map(), communicationRange: 100, horizon: 1500,
    comm: { record: (entry: CommRecord) => void records.push(entry) },
    ...overrides,
  };
  // As the runner does: one neighbour graph per step, over the positions the test gave.
  return { ...base, neighbours: overrides.neighbours ?? new StepNeighbours(base.positions, base.communicationRange) };
}
