// MA-PMBRL's system utility, eq. (21), which MBPO reports too: Utility = (1 / (H·I)) Σ_i Σ_t Λx_t^(i), with Λx_t^(i)
// read as the distance vehicle i travels in step t (Table 2: "travel distance per vehicle"), so the double sum is the
// learners' total travel distance. H is the episode's step limit as eq. 21 writes it (Table 2: 1,500), also when a collision ends the
// episode early, so a crash lowers the utility (issue 18); I = learners seen. Decision: distances are the
// straight-line moves between consecutive positions the controller is given (StepContext.positions, every
// training step and at the episode's end). Eval episodes (no update calls) show only their last step, so their
// metrics are NaN; the runner's own `distance` column covers them.
import type { StepContext } from '../controller.js';

export interface UtilityMetrics {
  /** Σ_i Λx^(i) / I, m. */
  readonly distancePerLearner: number;
  /** eq. (21), m per step per learner. */
  readonly utility: number;
}

export class TravelDistance {
  private readonly last = new Map<string, { x: number; y: number }>();
  private readonly travelled = new Map<string, number>();
  private steps = 0;
  private lastStep = -1;

  /** Positions after step `step` of the episode (a step seen twice counts once). */
  observe(step: number, positions: StepContext['positions']): void {
    if (step === this.lastStep) return;
    this.lastStep = step;
    this.steps += 1;
    for (const [id, p] of positions) {
      const before = this.last.get(id);
      const moved = before === undefined ? 0 : Math.hypot(p.x - before.x, p.y - before.y);
      this.travelled.set(id, (this.travelled.get(id) ?? 0) + moved);
      this.last.set(id, { x: p.x, y: p.y });
    }
  }

  /** The episode's metrics for step limit H = `horizon`; resets for the next episode. */
  finish(horizon: number): UtilityMetrics {
    const learners = this.travelled.size;
    let total = 0;
    for (const d of this.travelled.values()) total += d;
    // One observation is no trajectory (an eval episode): nothing to report.
    const seen = this.steps >= 2;
    const out = {
      distancePerLearner: !seen ? Number.NaN : learners > 0 ? total / learners : 0,
      utility: !seen ? Number.NaN : learners > 0 ? total / (horizon * learners) : 0,
    };
    this.last.clear();
    this.travelled.clear();
    this.steps = 0;
    this.lastStep = -1;
    return out;
  }
}
