// Networks every learner of a run starts from instead of its own random initialisation (run field `init`, read by
// src/runner/learner-init.ts). RSM-MASAC's Fig. 13 fine-tunes the policy trained on figure8 in figure8-all: the public
// code's train.py (fine_tuning) loads one checkpoint's actor and both critics into every agent, copies the critics
// into the target critics, and starts α, the optimisers and the replay buffers afresh.

export interface LearnerInit {
  /** Where the networks come from (one line: run folder, checkpoint, learner slot), for messages. */
  readonly source: string;
  /** θ, the actor. */
  readonly actor: Float32Array;
  /** ω1 and ω2, the critics (the target critics start equal to them). */
  readonly critic1: Float32Array;
  readonly critic2: Float32Array;
}

export const LEARNER_INIT_NETWORKS = ['actor', 'critic1', 'critic2'] as const;
