// The one interface every controller implements (ARCHITECTURE.md, "Controllers"): the runner hands it the
// observations of its agents each step and gets their actions back in one batched call; it learns from the
// transitions it observes on its own schedule. Agents are vehicle ids: they may join and leave mid-episode.
import type { ActionBounds } from '../nn/squashed-gaussian.js';

export type Phase = 'train' | 'eval';

/** The problem every agent of a scenario shares: observation width and action bounds (|A| = bounds' length). */
export interface AgentSpaces {
  readonly obsDim: number;
  readonly actionBounds: ActionBounds;
}

/** One agent's step ⟨s, a, r, s'⟩ as the env reported it. */
export interface Transition {
  readonly agentId: string;
  readonly obs: Float32Array;
  readonly action: Float32Array;
  readonly reward: number;
  readonly nextObs: Float32Array;
  /** A true terminal state (a collision ended the episode): no bootstrapping from s'. */
  readonly terminated: boolean;
  /** The episode was cut (horizon) or the agent left the network: s' is bootstrapped. */
  readonly truncated: boolean;
}

/** Where the run is, for controllers' schedules. */
export interface StepContext {
  /** Run-wide episode index (train and eval). */
  readonly episode: number;
  /** Step within the episode (0-based, after warm-up). */
  readonly step: number;
  readonly phase: Phase;
  /** Agents in the network after this step, with their positions (m, net coordinates), for communication. */
  readonly positions: ReadonlyMap<string, { readonly x: number; readonly y: number }>;
}

export interface Controller {
  /** Registry id ('idm', 'isac', …). */
  readonly id: string;
  /**
   * False when SUMO's car-following model drives the agents (idm): the runner sends no actions and
   * never calls `act`.
   */
  readonly drives: boolean;
  /** Parameters of one policy network (68,098 for the figure-eight actor); null without one. */
  readonly policyParameters: number | null;
  /**
   * Actions for `agentIds` (row i belongs to agentIds[i]): obs row-major [n·obsDim] → [n·|A|], inside the
   * action bounds. Sampled in 'train', the policy's mean in 'eval'. One batched call for all agents.
   */
  act(agentIds: readonly string[], obs: Float32Array, phase: Phase): Float32Array;
  /** Training transitions of one step (not called in eval episodes). */
  observe(transitions: readonly Transition[]): void;
  /** Called after every training step; runs the learners' updates that are due. Returns gradient steps taken. */
  update(ctx: StepContext): number;
  /** The episode ended: agents are gone (ids of the next episode may repeat ids of this one). */
  endEpisode(phase: Phase): void;
  /** Everything needed to continue training exactly (weights, optimiser state, replay, RNG) into `dir`. */
  save(dir: string): Promise<void>;
  /** Restores what `save` wrote. */
  load(dir: string): Promise<void>;
  dispose(): void;
}
