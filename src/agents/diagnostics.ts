// Training diagnostics of one episode (issue 15): the means of the learners' SAC losses, α and policy entropy over
// the gradient steps taken in it (SB3 logs the same means under train/*), so a user can see why a run does not learn.

/** episodes.csv's critic_loss, actor_loss, alpha, entropy; null = no such update in the episode (an empty cell). */
export interface TrainingDiagnostics {
  /** Mean J_Q(ω1) + J_Q(ω2) (eq. 6) over the episode's gradient steps. */
  readonly criticLoss: number | null;
  /** Mean J_π(θ) (eq. 7) over its policy steps. */
  readonly actorLoss: number | null;
  /** Mean α after each gradient step. */
  readonly alpha: number | null;
  /** Mean policy entropy −E[log π(a|s)] on the mini-batch of each policy step. */
  readonly entropy: number | null;
}

/** What one gradient step reports (SacCore.update's SacLosses has these fields). */
export interface StepLosses {
  readonly critic: number;
  readonly actor: number | null;
  readonly alphaValue: number;
  readonly entropy: number | null;
}

export const NO_DIAGNOSTICS: TrainingDiagnostics = { criticLoss: null, actorLoss: null, alpha: null, entropy: null };

/** A mean over the values added since the last `take` (null values are not counted). */
class Mean {
  private sum = 0;
  private count = 0;

  add(value: number | null): void {
    if (value === null) return;
    this.sum += value;
    this.count += 1;
  }

  /** The mean since the last call (null when nothing was added), then starts again. */
  take(): number | null {
    const out = this.count > 0 ? this.sum / this.count : null;
    this.sum = this.count = 0;
    return out;
  }
}

/** Means of the losses of the updates since the last `take`, added in update order (so any layout gives the same means). */
export class LossMeans {
  private readonly critic = new Mean();
  private readonly actor = new Mean();
  private readonly alpha = new Mean();
  private readonly entropy = new Mean();

  add(losses: StepLosses): void {
    this.critic.add(losses.critic);
    this.actor.add(losses.actor);
    this.alpha.add(losses.alphaValue);
    this.entropy.add(losses.entropy);
  }

  /** The means since the last call (null where nothing was added), then starts again. */
  take(): TrainingDiagnostics {
    return { criticLoss: this.critic.take(), actorLoss: this.actor.take(), alpha: this.alpha.take(), entropy: this.entropy.take() };
  }
}
