// The part of a controller whose agents are its learners that only hands calls to them (act, observe, the policy
// size, diagnostics): written once here for PoolController, PpoController and the Policy Reciprocity controller.
import type { ActPhase, Transition } from './controller.js';
import type { TrainingDiagnostics } from './diagnostics.js';
import type { LearnerPool, Learners } from './learners.js';

export abstract class LearnersController<P extends LearnerPool, L extends Learners<P> = Learners<P>> {
  readonly drives = true;

  constructor(protected readonly learners: L) {}

  /** The learners now (read-only use: tests, metrics, benchmarks; a load replaces them). */
  get pool(): P {
    return this.learners.pool;
  }

  get policyParameters(): number {
    return this.learners.pool.actorParameterCount;
  }

  act(agentIds: readonly string[], obs: Float32Array, phase: ActPhase): Float32Array {
    return this.learners.pool.act(agentIds, obs, phase);
  }

  /** Stored as reported: `terminated` only for true terminals; a truncation keeps terminated = false and the real s'. */
  observe(transitions: readonly Transition[]): void {
    this.learners.pool.observe(transitions);
  }

  diagnostics(): TrainingDiagnostics {
    return this.learners.diagnostics();
  }
}
