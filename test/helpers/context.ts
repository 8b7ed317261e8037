// A StepContext for controller tests: defaults for everything, comm records collected in `records`.
import type { CommRecord, StepContext } from '../../src/agents/controller.js';

export function stepContext(overrides: Partial<StepContext> = {}, records: CommRecord[] = []): StepContext {
  return {
    episode: 0, epoch: 1, step: 0, phase: 'train', positions: new Map(), communicationRange: 100, horizon: 1500,
    comm: { record: (entry) => void records.push(entry) },
    ...overrides,
  };
}
