// One episode, in the order of the papers' algorithm boxes (RSM-MASAC Alg. 1 l. 5–18, MA-PMBRL Alg. 1):
// every agent observes and acts, the joint action is executed, transitions are stored, and each learner
// updates locally on its schedule. Communication rounds live inside the controllers' `update`.
import type { ActPhase, CommLog, Controller, Phase, StepContext, Transition } from '../agents/controller.js';
import { NO_DIAGNOSTICS } from '../agents/diagnostics.js';
import { StepNeighbours } from '../comm/neighbours.js';
import type { TrainingDiagnostics } from '../agents/diagnostics.js';
import type { MultiAgentEnv, StepResult } from '../env/multi-agent-env.js';
import type { EvalPolicy } from './config.js';
import type { EpisodeStats } from './episode-stats.js';
import { EpisodeAccumulator } from './episode-stats.js';

export interface EpisodeSpec {
  /** Run-wide index of the episode. */
  readonly episode: number;
  /** Training epoch (1-based). */
  readonly epoch: number;
  readonly phase: Phase;
  /** SUMO seed of the episode. */
  readonly seed: number;
  /** V2V range (m) for the controllers that communicate. */
  readonly communicationRange: number;
  /** Where communication rounds are recorded (comm.csv). */
  readonly comm: CommLog;
  /** How an 'eval' episode acts (RunConfig.evalPolicy); absent = 'stochastic'. */
  readonly evalPolicy?: EvalPolicy;
}

export interface EpisodeResult extends EpisodeStats {
  /** Gradient steps taken by all learners in the episode. */
  readonly updates: number;
  /** Wall-clock seconds. */
  readonly wallTime: number;
  /** The controller's own episode metrics (its `metricColumns`). */
  readonly metrics: Readonly<Record<string, number>>;
  /** Mean losses, α and entropy of the learners' updates in the episode. */
  readonly diagnostics: TrainingDiagnostics;
}

/** Called after every step (steps.csv, progress display). */
export type StepObserver = (result: StepResult) => void;

export async function runEpisode(env: MultiAgentEnv, controller: Controller, spec: EpisodeSpec, onStep?: StepObserver): Promise<EpisodeResult> {
  const started = performance.now();
  const { phase } = spec;
  const learning = phase === 'train';
  // Evaluation samples π(·|s) unless asked for the mean action (public RSM-MASAC code: stochastic tests).
  const actPhase: ActPhase = phase === 'eval' && spec.evalPolicy !== 'deterministic' ? 'eval-stochastic' : phase;
  const context = (step: number, positions: StepContext['positions']): StepContext => ({
    episode: spec.episode, epoch: spec.epoch, step, phase, positions, communicationRange: spec.communicationRange, horizon: env.horizon, comm: spec.comm,
    neighbours: new StepNeighbours(positions, spec.communicationRange),
  });
  // Observe the initial local states s_i,0 of the agents present.
  const reset = await env.reset(spec.seed);
  let obs = reset.obs;
  const stats = new EpisodeAccumulator(reset.infos);
  let updates = 0;
  let positions: StepContext['positions'] = reset.infos.agents;
  let t = 0;
  for (; ; t++) {
    // Every agent i selects a_i,t ~ π_θi(·|s_i,t) — one batched call for all of them (SUMO drives under idm).
    const agents = env.agents;
    const actions = controller.drives && agents.length > 0 ? splitRows(agents, controller.act(agents, stackRows(agents, obs), actPhase)) : new Map<string, Float32Array>();
    // Execute the joint action; observe r_i,t and s_i,t+1 (agents may join or leave).
    const result = await env.step(actions);
    // Store ⟨s, a, r, s'⟩ in each agent's replay memory D_i.
    if (learning && actions.size > 0) controller.observe(transitions(obs, actions, result));
    // Local learning (and, for the communicating algorithms, communication rounds) on each learner's schedule.
    positions = result.infos.agents;
    if (learning) updates += controller.update(context(t, positions));
    stats.add(result.rewards, result.infos);
    onStep?.(result);
    obs = result.obs;
    if (result.done) break;
  }
  // End-of-episode communication (MA-PMBRL's sample exchange) and the controller's own metrics.
  controller.endEpisode(context(t, positions));
  const metrics = controller.episodeMetrics?.() ?? {};
  // The means of this episode's updates (none in eval episodes, under idm, or before learning starts).
  const diagnostics = controller.diagnostics?.() ?? NO_DIAGNOSTICS;
  return { ...stats.finish(), updates, wallTime: (performance.now() - started) / 1000, metrics, diagnostics };
}

/** Observations of `agents` as one row-major batch [n·obsDim]. */
export function stackRows(agents: readonly string[], obs: ReadonlyMap<string, Float32Array>): Float32Array {
  const first = obs.get(agents[0] as string);
  const width = first?.length ?? 0;
  const out = new Float32Array(agents.length * width);
  agents.forEach((id, i) => {
    const row = obs.get(id);
    if (!row) throw new RangeError(`no observation for agent ${id}`);
    out.set(row, i * width);
  });
  return out;
}

/** A batch of actions [n·|A|] back into one vector per agent. */
export function splitRows(agents: readonly string[], batch: Float32Array): Map<string, Float32Array> {
  const width = batch.length / agents.length;
  return new Map(agents.map((id, i) => [id, batch.subarray(i * width, (i + 1) * width)]));
}

function transitions(obs: ReadonlyMap<string, Float32Array>, actions: ReadonlyMap<string, Float32Array>, result: StepResult): Transition[] {
  const out: Transition[] = [];
  for (const [agentId, action] of actions) {
    const s = obs.get(agentId);
    const reward = result.rewards.get(agentId);
    const next = result.obs.get(agentId);
    if (!s || reward === undefined || !next) continue;
    out.push({
      agentId, obs: s, action, reward, nextObs: next,
      terminated: result.terminated.get(agentId) ?? false,
      truncated: result.truncated.get(agentId) ?? false,
    });
  }
  return out;
}

