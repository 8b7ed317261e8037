// SVMIX (Xiao, Li, Wang et al., "Stochastic graph neural network-based value decomposition for MARL in internet of
// vehicles", IEEE TVT 2023; MA-PMBRL's baseline [5]): value decomposition whose mixer is a stochastic GNN over the
// time-varying V2V graph. Centralised training, decentralised execution: this one controller sees every learner's
// transition of a step, stores them as one joint step with the step's range-d graph, and trains the agent Q network
// and the mixer on Q_tot; each vehicle acts greedily (ε-greedy while training) on its own Q(o_i, ·) alone.
// Decisions (the cited paper's text was not available, only its abstract): README.md in this folder.
import type { ActPhase, AgentSpaces, Controller, StepContext, Transition } from '../../controller.js';
import { readControllerCheckpoint, restoring, writeControllerCheckpoint } from '../../controller-checkpoint.js';
import type { TrainingDiagnostics } from '../../diagnostics.js';
import { ControllerConfigError, TooManyAgentsError } from '../../errors.js';
import { TravelDistance } from '../../models/travel-distance.js';
import { count, f32, parseAdam, record, words } from '../../pool-state.js';
import type { Fields } from '../../pool-state.js';
import type { StepNeighbours } from '../../../comm/neighbours.js';
import { uniformInt } from '../../../nn/random.js';
import { RNG_STREAMS, Rng } from '../../../util/rng.js';
import { argmax, epsilonAt, levelIndex, levelValue } from './action-levels.js';
import type { SvmixConfig } from './config.js';
import { JointReplay } from './joint-replay.js';
import type { JointReplayState, JointStep } from './joint-replay.js';
import { SvmixLearner } from './learner.js';
import { adjacency } from './stochastic-graph.js';

export const SVMIX_COLUMNS = [
  'epsilon', // ε of the ε-greedy exploration at the episode's end (1 while acting at random)
  'travel_distance', // m per learner in the episode
  'utility', // MA-PMBRL eq. (21), m per step per learner
] as const;

export class SvmixController implements Controller {
  readonly id = 'svmix';
  readonly drives = true;
  readonly policyParameters: number;
  readonly metricColumns = SVMIX_COLUMNS;
  readonly learner: SvmixLearner;
  private replay: JointReplay;
  private readonly explore: Rng;
  private readonly sampler: Rng;
  private readonly distance = new TravelDistance();
  /** The transitions of the step in progress (joined with the step's graph in `update`). */
  private pending: readonly Transition[] = [];
  /** The previous step's neighbour graphs (the graph at s of the next joint step); null at an episode's start. */
  private previous: StepNeighbours | null = null;
  /** Joint steps collected in training. */
  private steps = 0;
  private lossSum = 0;
  private lossCount = 0;
  private metrics: Readonly<Record<string, number>> = {};

  constructor(private readonly spaces: AgentSpaces, readonly config: SvmixConfig, seed: number) {
    const dims = spaces.actionBounds.low.length;
    if (dims !== 1) throw new ControllerConfigError('svmix', 'discretises a one-dimensional action (the scenario\'s target speed or acceleration)', `${dims} action dimensions`);
    this.learner = new SvmixLearner(spaces.obsDim, config, new Rng(seed, RNG_STREAMS.SVMIX_INIT));
    this.policyParameters = this.learner.policyParameters;
    this.replay = new JointReplay({ capacity: config.replayCapacity, agents: config.maxAgents, obsDim: spaces.obsDim });
    this.explore = new Rng(seed, RNG_STREAMS.SVMIX_EXPLORATION);
    this.sampler = new Rng(seed, RNG_STREAMS.SVMIX_SAMPLING);
  }

  /** ε now: 1 before learning starts, then QMIX's linear decay. */
  get epsilon(): number {
    const { learningStarts, epsilonStart, epsilonEnd, epsilonDecaySteps } = this.config;
    return this.steps < learningStarts ? 1 : epsilonAt(this.steps - learningStarts, epsilonStart, epsilonEnd, epsilonDecaySteps);
  }

  /** Each agent's level from its own Q(o_i, ·): ε-greedy in training (uniform before learning starts), greedy otherwise. */
  act(agentIds: readonly string[], obs: Float32Array, phase: ActPhase): Float32Array {
    const n = agentIds.length;
    const { levels } = this.config;
    const out = new Float32Array(n);
    const epsilon = phase === 'train' ? this.epsilon : 0;
    const q = epsilon >= 1 ? null : this.learner.qValues(obs, n);
    for (let i = 0; i < n; i++) {
      const k = q === null || (epsilon > 0 && this.explore.next() < epsilon) ? uniformInt(this.explore, levels) : argmax(q, i * levels, levels);
      out[i] = levelValue(this.spaces.actionBounds, levels, k);
    }
    return out;
  }

  observe(transitions: readonly Transition[]): void {
    this.pending = transitions;
  }

  /** Stores the step as one joint step (graphs at s and s'), then one gradient step when due. */
  update(ctx: StepContext): number {
    this.distance.observe(ctx.step, ctx.positions);
    if (this.pending.length > 0) {
      this.replay.add(this.jointStep(this.pending, this.previous ?? ctx.neighbours, ctx.neighbours));
      this.steps += 1;
    }
    this.pending = [];
    this.previous = ctx.neighbours;
    const { learningStarts, batchSize, envStepsPerUpdate } = this.config;
    if (this.steps < learningStarts || this.replay.size < batchSize || this.steps % envStepsPerUpdate !== 0) return 0;
    this.lossSum += this.learner.update(this.replay.sample(batchSize, this.sampler), this.sampler);
    this.lossCount += 1;
    return 1;
  }

  /**
   * The agents' transitions of one step padded to N rows, with the team reward r_tot = mean_i r_i and done when
   * any agent's state is terminal (a collision ends the episode for all).
   */
  private jointStep(transitions: readonly Transition[], before: StepNeighbours, after: StepNeighbours): JointStep {
    const n = this.config.maxAgents;
    if (transitions.length > n) throw new TooManyAgentsError('svmix.maxAgents', transitions.length, n);
    const d = this.spaces.obsDim;
    const members = transitions.map((t) => t.agentId);
    const step = { obs: new Float32Array(n * d), nextObs: new Float32Array(n * d), actions: new Float32Array(n), mask: new Float32Array(n) };
    let reward = 0;
    transitions.forEach((t, i) => {
      step.obs.set(t.obs, i * d);
      step.nextObs.set(t.nextObs, i * d);
      step.actions[i] = levelIndex(this.spaces.actionBounds, this.config.levels, t.action[0] ?? 0);
      step.mask[i] = 1;
      reward += t.reward;
    });
    return {
      ...step,
      adjacency: adjacency(before.graph(this.config.range), members, n),
      nextAdjacency: adjacency(after.graph(this.config.range), members, n),
      reward: reward / transitions.length,
      terminated: transitions.some((t) => t.terminated),
    };
  }

  endEpisode(ctx: StepContext): void {
    this.distance.observe(ctx.step, ctx.positions);
    const travel = this.distance.finish(ctx.horizon);
    this.metrics = { epsilon: this.epsilon, travel_distance: travel.distancePerLearner, utility: travel.utility };
    this.pending = [];
    this.previous = null;
  }

  episodeMetrics(): Readonly<Record<string, number>> {
    return this.metrics;
  }

  /** The mean TD loss of the mixed Q_tot over the episode's gradient steps (episodes.csv critic_loss). */
  diagnostics(): TrainingDiagnostics {
    const criticLoss = this.lossCount > 0 ? this.lossSum / this.lossCount : null;
    this.lossSum = 0;
    this.lossCount = 0;
    return { criticLoss, actorLoss: null, alpha: null, entropy: null };
  }

  async save(dir: string): Promise<void> {
    await writeControllerCheckpoint(dir, this.id, this.config, {
      learner: this.learner.state(), replay: this.replay.state(), explore: this.explore.state(), sampler: this.sampler.state(), steps: this.steps,
    });
  }

  async load(dir: string): Promise<void> {
    const data = await readControllerCheckpoint(dir, this.id, this.config);
    await restoring(dir, async () => {
      const learner = record(data.learner, 'learner');
      this.learner.loadState({
        q: f32(learner.q, 'learner.q'), qTarget: f32(learner.qTarget, 'learner.qTarget'), mixer: f32(learner.mixer, 'learner.mixer'),
        mixerTarget: f32(learner.mixerTarget, 'learner.mixerTarget'), optimizer: parseAdam(learner.optimizer, 'learner.optimizer'),
      });
      this.replay = JointReplay.fromState(parseJointReplay(data.replay));
      this.explore.restore(words(data.explore, 'explore'));
      this.sampler.restore(words(data.sampler, 'sampler'));
      this.steps = count(data.steps, 'steps');
    });
  }

  dispose(): void {
    this.learner.dispose();
  }
}

function parseJointReplay(value: unknown): JointReplayState {
  const o: Fields = record(value, 'replay');
  const at = (key: string) => `replay.${key}`;
  return {
    capacity: count(o.capacity, at('capacity')), agents: count(o.agents, at('agents')), obsDim: count(o.obsDim, at('obsDim')),
    position: count(o.position, at('position')), size: count(o.size, at('size')),
    obs: f32(o.obs, at('obs')), nextObs: f32(o.nextObs, at('nextObs')), actions: f32(o.actions, at('actions')), mask: f32(o.mask, at('mask')),
    adjacency: f32(o.adjacency, at('adjacency')), nextAdjacency: f32(o.nextAdjacency, at('nextAdjacency')),
    rewards: f32(o.rewards, at('rewards')), terminated: f32(o.terminated, at('terminated')),
  };
}

export function createSvmixController(spaces: AgentSpaces, config: SvmixConfig, seed: number): SvmixController {
  return new SvmixController(spaces, config, seed);
}
