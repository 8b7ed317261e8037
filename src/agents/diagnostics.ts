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

/** Sums of the losses of the updates since the last `take`, added in update order (so any layout gives the same means). */
export class LossMeans {
  private steps = 0;
  private critic = 0;
  private alpha = 0;
  private policySteps = 0;
  private actor = 0;
  private entropySteps = 0;
  private entropy = 0;

  add(losses: StepLosses): void {
    this.steps += 1;
    this.critic += losses.critic;
    this.alpha += losses.alphaValue;
    if (losses.actor !== null) {
      this.policySteps += 1;
      this.actor += losses.actor;
    }
    if (losses.entropy !== null) {
      this.entropySteps += 1;
      this.entropy += losses.entropy;
    }
  }

  /** The means since the last call (null where nothing was added), then starts again. */
  take(): TrainingDiagnostics {
    const out: TrainingDiagnostics = {
      criticLoss: this.steps > 0 ? this.critic / this.steps : null,
      actorLoss: this.policySteps > 0 ? this.actor / this.policySteps : null,
      alpha: this.steps > 0 ? this.alpha / this.steps : null,
      entropy: this.entropySteps > 0 ? this.entropy / this.entropySteps : null,
    };
    this.steps = this.critic = this.alpha = this.policySteps = this.actor = this.entropySteps = this.entropy = 0;
    return out;
  }
}
