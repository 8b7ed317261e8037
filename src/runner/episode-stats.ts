// What one episode amounts to (a row of episodes.csv): accumulated step by step from the env's outputs.
import type { StepInfos } from '../env/multi-agent-env.js';

export interface EpisodeStats {
  readonly steps: number;
  /** Σ_t mean over the agents of r_t (the papers' episode return with shared rewards). */
  readonly return: number;
  /** m/s, all vehicles, averaged over steps. */
  readonly meanSpeed: number;
  /** m/s, agents only, averaged over the steps with at least one agent (0 when there were none). */
  readonly meanLearnerSpeed: number;
  readonly collisions: number;
  /** m driven by the agents during the episode, summed. */
  readonly distance: number;
  /** Distinct agents seen during the episode (an `entering` selection picks a different number each episode). */
  readonly learners: number;
}

/** Mean of the agents' rewards of one step; null when no agent was scored. */
export function meanReward(rewards: ReadonlyMap<string, number>): number | null {
  if (rewards.size === 0) return null;
  let sum = 0;
  for (const r of rewards.values()) sum += r;
  return sum / rewards.size;
}

/** Mean speed (m/s) of the agents in the network; null when there are none. */
export function meanAgentSpeed(agents: StepInfos['agents']): number | null {
  if (agents.size === 0) return null;
  let sum = 0;
  for (const a of agents.values()) sum += a.speed;
  return sum / agents.size;
}

export class EpisodeAccumulator {
  private steps = 0;
  private return = 0;
  private speedSum = 0;
  private learnerSpeedSum = 0;
  private learnerSteps = 0;
  private collisions = 0;
  private distance = 0;
  /** Odometer of each agent when it was last seen. */
  private readonly odometer = new Map<string, number>();

  constructor(start: StepInfos) {
    for (const [id, a] of start.agents) this.odometer.set(id, a.distance);
  }

  add(rewards: ReadonlyMap<string, number>, infos: StepInfos): void {
    this.steps++;
    this.return += meanReward(rewards) ?? 0;
    this.speedSum += infos.meanSpeed;
    this.collisions += infos.collisions;
    for (const [id, a] of infos.agents) {
      const before = this.odometer.get(id);
      // A joining agent counts from where it joined.
      if (before !== undefined) this.distance += Math.max(0, a.distance - before);
      this.odometer.set(id, a.distance);
    }
    const learnerSpeed = meanAgentSpeed(infos.agents);
    if (learnerSpeed !== null) {
      this.learnerSpeedSum += learnerSpeed;
      this.learnerSteps++;
    }
  }

  finish(): EpisodeStats {
    return {
      steps: this.steps,
      return: this.return,
      meanSpeed: this.steps > 0 ? this.speedSum / this.steps : 0,
      meanLearnerSpeed: this.learnerSteps > 0 ? this.learnerSpeedSum / this.learnerSteps : 0,
      collisions: this.collisions,
      distance: this.distance,
      learners: this.odometer.size,
    };
  }
}
