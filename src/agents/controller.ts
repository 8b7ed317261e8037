// The one interface every controller implements (ARCHITECTURE.md, "Controllers"): the runner hands it the
// observations of its agents each step and gets their actions back in one batched call; it learns from the
// transitions it observes on its own schedule. Agents are vehicle ids: they may join and leave mid-episode.
import type { StepNeighbours } from '../comm/neighbours.js';
import type { TrainingDiagnostics } from './diagnostics.js';
import type { LearnerInit } from './learner-init.js';

export type Phase = 'train' | 'eval';
/**
 * How `act` chooses: 'train' samples (and may explore), 'eval' takes the policy's mean action, 'eval-stochastic'
 * samples π(·|s) without learning (the public RSM-MASAC code evaluates so; runner option `evalPolicy`).
 */
export type ActPhase = Phase | 'eval-stochastic';

/** The problem every agent of a scenario shares (the env's, src/env/spaces.ts): observation width and action bounds. */
export type { AgentSpaces } from '../env/spaces.js';

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

/**
 * One communication round of one agent (a row of comm.csv; the runner adds episode, epoch and step).
 * `kind` names what was exchanged: 'segments' (RSM-MASAC), 'actors' (Avg-MASAC), 'critics' (PR), 'samples'
 * (MA-PMBRL). Counts that do not apply to a kind are 0.
 */
export interface CommRecord {
  readonly agent: string;
  readonly kind: string;
  /** |Ω_i|: learners in range this round. */
  readonly neighbours: number;
  /** Messages (segments, parameter vectors, sample batches) requested / received / lost to the channel. */
  readonly requested: number;
  readonly received: number;
  readonly lost: number;
  /** Referential policies reconstructed, and how many of them were mixed in (RSM-MASAC ρ_total, ρ_ef). */
  readonly replicas: number;
  readonly mixed: number;
  /** Transitions received (MA-PMBRL). */
  readonly samples: number;
  /** Bytes received by this agent this round. */
  readonly bytes: number;
  /**
   * Segment rounds only: every segment request of the round, in order — the neighbour asked, whether the answer
   * arrived, and whether its replica was mixed in (comm-matrix.csv, RSM-MASAC Fig. 8).
   */
  readonly segments?: readonly SegmentRequestFate[];
}

/** One segment request of a round as comm-matrix.csv counts it. */
export interface SegmentRequestFate {
  /** The neighbour j that answered (or whose answer was lost). */
  readonly from: string;
  readonly arrived: boolean;
  /** The replica the segment belongs to was mixed into the requester's policy (ζ > 0). */
  readonly mixed: boolean;
}

/** A communication round's counts (comm.csv columns; `replicas` and `mixed` also feed ρ_total and ρ_ef). */
export interface ExchangeOutcome {
  readonly requested: number;
  readonly received: number;
  readonly lost: number;
  readonly replicas: number;
  readonly mixed: number;
  readonly bytes: number;
  /** Segment rounds: each request's neighbour and fate (CommRecord.segments). */
  readonly segments?: readonly SegmentRequestFate[];
}

/** Where controllers record their communication rounds. */
export interface CommLog {
  record(entry: CommRecord): void;
}

/** Where the run is, for controllers' schedules. */
export interface StepContext {
  /** Run-wide episode index (train and eval). */
  readonly episode: number;
  /** Training epoch (1-based). */
  readonly epoch: number;
  /** Step within the episode (0-based, after warm-up). */
  readonly step: number;
  readonly phase: Phase;
  /** Agents in the network after this step, with their positions (m, net coordinates), for communication. */
  readonly positions: ReadonlyMap<string, { readonly x: number; readonly y: number }>;
  /** V2V range (m) of the scenario (manifest `communicationRange`); a controller's own config may override it. */
  readonly communicationRange: number;
  /** The step's neighbour graph over `positions` (built once per step and range, src/comm/neighbours.ts). */
  readonly neighbours: StepNeighbours;
  /** H, the episode's step limit (MA-PMBRL eq. 21 divides by it even when a collision ends the episode early). */
  readonly horizon: number;
  readonly comm: CommLog;
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
   * action bounds. Sampled in 'train' and 'eval-stochastic', the policy's mean in 'eval'. One batched call for all agents.
   */
  act(agentIds: readonly string[], obs: Float32Array, phase: ActPhase): Float32Array;
  /** Training transitions of one step (not called in eval episodes). */
  observe(transitions: readonly Transition[]): void;
  /** Called after every training step; runs the learners' updates that are due. Returns gradient steps taken. */
  update(ctx: StepContext): number;
  /**
   * The episode ended (`ctx.step` = its last step, `ctx.positions` = where the agents were): end-of-episode
   * communication happens here (MA-PMBRL's sample exchange). Agents are gone afterwards (ids of the next episode
   * may repeat ids of this one).
   */
  endEpisode(ctx: StepContext): void;
  /** Extra columns this controller adds to episodes.csv (e.g. rho_total, psi_gb), in order. */
  readonly metricColumns?: readonly string[];
  /** Values of `metricColumns` for the episode that just ended (called after `endEpisode`). */
  episodeMetrics?(): Readonly<Record<string, number>>;
  /** Mean losses, α and entropy of the learners' updates since the last call (episodes.csv); absent = no learners. */
  diagnostics?(): TrainingDiagnostics;
  /**
   * Every learner, present and future, starts from these networks instead of its random initialisation (run field
   * `init`; called on a fresh controller before it acts, and again before a `load`). Absent: the controller has no
   * SAC learners to start so, and a run with `init` is refused before it starts.
   */
  startFrom?(init: LearnerInit): void;
  /** Everything needed to continue training exactly (weights, optimiser state, replay, RNG) into `dir`. */
  save(dir: string): Promise<void>;
  /** Restores what `save` wrote. */
  load(dir: string): Promise<void>;
  dispose(): void;
}
