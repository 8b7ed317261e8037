// One ε-greedy episode of PR's Algorithm 1 (l. 5–7) for every agent at once, shared by the Digital runner and
// the grid runner (Landmarks, Blocker). Buffers are reused across episodes: no allocation per step.
import type { TabularLearningConfig } from './config.js';
import type { TabularLearner, TabularTransition } from './iql.js';
import type { Rng } from '../util/rng.js';

/** What the episode loop needs of a tabular environment (DigitalEnv, LandmarkEnv, BlockerEnv). */
export interface TabularEpisodeEnv {
  readonly state: Int32Array;
  readonly reward: Float64Array;
  reset(rng: Rng): Int32Array;
  step(actions: Int32Array, rng: Rng): void;
}

/** The per-agent transition buffers of one runner (one entry per agent). */
export function transitionBuffers(agents: number): TabularTransition {
  return { states: new Int32Array(agents), actions: new Int32Array(agents), rewards: new Float64Array(agents), nextStates: new Int32Array(agents) };
}

/**
 * Runs `learning.horizon` steps from a reset; `onStep` sees each step's states, actions and rewards before the
 * learner's update (the buffers are reused: read them, do not keep them).
 */
export function playEpisode(
  env: TabularEpisodeEnv,
  learner: TabularLearner,
  learning: Pick<TabularLearningConfig, 'horizon' | 'epsilon'>,
  rng: Rng,
  step: TabularTransition,
  onStep: (step: TabularTransition) => void,
): void {
  const { states, actions, rewards, nextStates } = step;
  states.set(env.reset(rng));
  for (let t = 0; t < learning.horizon; t++) {
    learner.q.epsilonGreedy(states, learning.epsilon, rng, actions); // Alg. 1 l. 5
    env.step(actions, rng);
    nextStates.set(env.state);
    rewards.set(env.reward);
    onStep(step);
    learner.update(step); // Alg. 1 l. 7, eq. 5
    states.set(nextStates);
  }
}
