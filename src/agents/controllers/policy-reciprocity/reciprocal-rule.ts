// Policy reciprocity's batch rule (learner-set.ts BatchRule): steps 2–3 of the controller's box, run where each
// learner lives — this thread, or its learner worker (controllers/learner-rounds.ts builds it there from the config).
// The controller decides the pulls and sends the critics a slot received; the rule keeps each slot's last received
// critics (snapshots until its next pull or the end of the episode), makes every mini-batch reciprocal (eq. 12) with
// draws from the learner's own sampler, and notes per step [critics used, mean shift Z*_i − Z_i].
import type { AgentSpaces } from '../../controller.js';
import type { BatchRule, RuleInput, RuleLearner } from '../../learner-set.js';
import type { ReplayBatch } from '../../replay.js';
import type { ReciprocityConfig } from './config.js';
import { criticMessage, ReciprocalTarget } from './reciprocal-target.js';
import type { CriticMessage } from './reciprocal-target.js';

/** Numbers the rule notes per gradient step: critics used, mean shift. */
export const NOTES_PER_STEP = 2;

export class ReciprocalRule implements BatchRule {
  private readonly target: ReciprocalTarget;
  /** The critics each slot received at its last pull. */
  private readonly held = new Map<number, readonly CriticMessage[]>();

  constructor(spaces: AgentSpaces, config: ReciprocityConfig) {
    const sampling = { level: config.adjacencyLevel, noise: config.adjacencyNoise, samples: config.adjacencySamples };
    this.target = new ReciprocalTarget(spaces, config, { kappa: config.kappa, sampling });
  }

  prepare(slot: number, step: number, batch: ReplayBatch, learner: RuleLearner, input: RuleInput | undefined, notes: number[]): ReplayBatch {
    const pulled = input?.received.find(([at]) => at === step);
    if (pulled !== undefined) this.held.set(slot, pulled[1]);
    const critics = this.held.get(slot) ?? [];
    const made = this.target.reciprocate(learner.core, batch, critics, learner.sampler);
    notes.push(critics.length, made.shift);
    return made.batch;
  }

  publish(learner: RuleLearner): Float32Array {
    return criticMessage(learner.core);
  }

  forget(): void {
    this.held.clear();
  }

  dispose(): void {
    this.target.dispose();
    this.held.clear();
  }
}
