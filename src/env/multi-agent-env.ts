// The multi-agent environment (ARCHITECTURE.md, "Env API", PettingZoo-parallel style) over one SUMO: reset
// reloads the scenario with a seed and runs the warm-up; step sends every learner's action and the simulation
// step in one message and reads everything back from subscriptions. Learners join as they are picked (static
// selections at the end of the warm-up, `entering` ones as they depart) and leave when they arrive; humans
// stay under SUMO's car-following model. A collision ends the episode for everyone (manifest `collision`).
import { readFile } from 'node:fs/promises';
import type { KernelOptions, Transport } from '../kernel/simulation.js';
import { SimulationKernel } from '../kernel/simulation.js';
import type { ScenarioManifest } from '../scenarios/manifest.js';
import type { PathIndex } from '../scenarios/net.js';
import { parseNet, pathIndex } from '../scenarios/net.js';
import { resolveSumoFiles } from '../scenarios/sumo-files.js';
import type { LoadedScenario } from '../scenarios/sumo-options.js';
import { RNG_STREAMS, Rng } from '../util/rng.js';
import { commandedSpeed } from './actions.js';
import { EnvUsageError } from './errors.js';
import type { LearnerPicker } from './learner-picker.js';
import { learnerPicker } from './learner-picker.js';
import type { AgentSpaces } from './spaces.js';
import { spacesOf } from './spaces.js';
import { createObservation } from './observations/registry.js';
import type { ObservationFn } from './observations/types.js';
import { createReward } from './rewards/registry.js';
import type { RewardFn } from './rewards/types.js';
import type { Snapshot, SnapshotContext, VehicleSnapshot } from './snapshot.js';

/** SUMO's side (gui, binary, transport, neighbour range) goes to the kernel; the horizon is the env's. */
export interface EnvOptions extends KernelOptions {
  /** Steps per episode; default the manifest's horizon. */
  readonly horizon?: number;
}

/** What the comm layer and the metrics need of an agent after a step. */
export interface AgentInfo {
  readonly x: number;
  readonly y: number;
  /** m/s */
  readonly speed: number;
  /** Odometer (m) since departure. */
  readonly distance: number;
}

export interface StepInfos {
  /** Step within the episode (0 after reset). */
  readonly step: number;
  /** Simulation time (s). */
  readonly time: number;
  /** Vehicles in the network. */
  readonly vehicles: number;
  /** m/s over all vehicles in the network (0 when empty). */
  readonly meanSpeed: number;
  /** Collisions in this step: ⌈vehicles SUMO reports as colliding / 2⌉. */
  readonly collisions: number;
  /** Agents (learners) in the network after the step. */
  readonly agents: ReadonlyMap<string, AgentInfo>;
  /** Agents that joined in this step (they act from the next step on). */
  readonly joined: readonly string[];
  /** Agents that left in this step (their last transition is in this step's outputs). */
  readonly left: readonly string[];
}

export interface ResetResult {
  readonly obs: ReadonlyMap<string, Float32Array>;
  readonly infos: StepInfos;
}

export interface StepResult {
  /** Next observation of every agent that was or is in the network (a leaving agent keeps its last one). */
  readonly obs: ReadonlyMap<string, Float32Array>;
  /** Rewards of the agents that were in the network before the step. */
  readonly rewards: ReadonlyMap<string, number>;
  readonly terminated: ReadonlyMap<string, boolean>;
  readonly truncated: ReadonlyMap<string, boolean>;
  readonly infos: StepInfos;
  /** The episode is over (a collision ended it, or the horizon was reached). */
  readonly done: boolean;
}

interface AgentState {
  obs: Float32Array;
  last: VehicleSnapshot;
  /** Speed mode still to be sent with the agent's first action. */
  configured: boolean;
}

/** What one episode keeps besides the agents: its step count and its learner picker. */
interface Episode {
  steps: number;
  readonly picker: LearnerPicker;
}

/** The per-agent maps of a step's outputs, filled by scoreAgents. */
interface Scored {
  readonly obs: Map<string, Float32Array>;
  readonly rewards: Map<string, number>;
  readonly terminated: Map<string, boolean>;
  readonly truncated: Map<string, boolean>;
  readonly left: string[];
}

export class MultiAgentEnv {
  readonly manifest: ScenarioManifest;
  readonly spaces: AgentSpaces;
  readonly horizon: number;
  private readonly kernel: SimulationKernel;
  private readonly observe: ObservationFn;
  private readonly reward: RewardFn;
  private readonly context: SnapshotContext;
  private readonly agentStates = new Map<string, AgentState>();
  /** The running episode; null before reset and after done. */
  private episode: Episode | null = null;

  private constructor(scenario: LoadedScenario, path: PathIndex | null, options: EnvOptions) {
    const { manifest } = scenario;
    this.manifest = manifest;
    this.observe = createObservation(manifest.observation).fn;
    this.reward = createReward(manifest.reward);
    this.spaces = spacesOf(manifest);
    this.horizon = options.horizon ?? manifest.horizon;
    if (!Number.isInteger(this.horizon) || this.horizon < 1) throw new EnvUsageError(`horizon must be a positive integer, got ${this.horizon}`);
    this.kernel = new SimulationKernel(scenario, path, options);
    this.context = { speedLimit: manifest.speedLimit, desiredSpeed: manifest.desiredSpeed, pathLength: path?.length ?? null, loop: path?.loop ?? false };
  }

  /** An env for a loaded scenario (reads its net for the reference path); SUMO starts at the first reset. */
  static async create(scenario: LoadedScenario, options: EnvOptions = {}): Promise<MultiAgentEnv> {
    const { manifest, dir } = scenario;
    let path: PathIndex | null = null;
    if (manifest.path) {
      const net = resolveSumoFiles(dir, manifest.sumo).net;
      if (net === null) throw new EnvUsageError(`${dir}: the manifest names a path but no net file`);
      path = pathIndex(parseNet(await readFile(net, 'utf8')), manifest.path.edges, manifest.path.loop);
    }
    return new MultiAgentEnv(scenario, path, options);
  }

  /** How this env reaches SUMO (TCP TraCI or in-process libsumo). */
  get transport(): Transport {
    return this.kernel.transport;
  }

  /** SUMO's version string, known after the first reset. */
  get sumoVersion(): string | null {
    return this.kernel.sumoVersion;
  }

  /** Agents (learner vehicle ids) in the network now, in order of joining. */
  get agents(): readonly string[] {
    return [...this.agentStates.keys()];
  }

  /**
   * Starts a new episode with SUMO seeded by `seed` (first call: launches SUMO; later: reloads it in place,
   * or relaunches after a crash), runs the warm-up (at least one step, so vehicles departing at t = 0 are in),
   * and picks the learners present.
   */
  async reset(seed: number): Promise<ResetResult> {
    if (!Number.isInteger(seed) || seed < 0) throw new EnvUsageError(`seed must be a non-negative integer, got ${seed}`);
    this.episode = null;
    await this.kernel.start(seed);
    this.agentStates.clear();
    const episode: Episode = { steps: 0, picker: learnerPicker(this.manifest.learners, new Rng(seed, RNG_STREAMS.LEARNER_PICKER)) };
    for (let i = 0; i < Math.max(1, this.manifest.warmupSteps); i++) await this.kernel.step();
    this.episode = episode;
    const snapshot = this.snapshot();
    // Static selections: every matching vehicle present now; `entering` ones are picked as they depart later.
    const joined = this.manifest.learners.kind === 'entering' ? [] : [...this.joinNew(snapshot, [...snapshot.vehicles.keys()], episode.picker).keys()];
    const obs = new Map<string, Float32Array>();
    for (const [id, state] of this.agentStates) obs.set(id, state.obs);
    return { obs, infos: this.infos(snapshot, 0, joined, []) };
  }

  /**
   * Applies `actions` (one per agent; agents without one are left to SUMO for this step) and advances one
   * step: one message with every command and the step, answers read from subscriptions.
   */
  async step(actions: ReadonlyMap<string, Float32Array>): Promise<StepResult> {
    const episode = this.episode;
    if (!episode) throw new EnvUsageError('step() needs a running episode: call reset() first (and again after done)');
    this.queueActions(actions);
    const events = await this.kernel.step();
    episode.steps++;
    const collisions = Math.ceil(events.colliding.length / 2);
    const snapshot = this.snapshot(collisions);
    const terminal = collisions > 0 && this.manifest.collision === 'endEpisode';
    const horizonReached = episode.steps >= this.horizon;
    const scored = this.scoreAgents(snapshot, terminal, horizonReached);
    const joining = this.joinNew(snapshot, events.departed, episode.picker);
    for (const [id, obs] of joining) scored.obs.set(id, obs);
    const joined = [...joining.keys()];
    const done = terminal || horizonReached;
    if (done) this.episode = null;
    const { obs, rewards, terminated, truncated, left } = scored;
    return { obs, rewards, terminated, truncated, infos: this.infos(snapshot, collisions, joined, left, episode.steps), done };
  }

  /** Stops SUMO (TraCI close, then SIGKILL after a timeout). Safe to call twice. */
  async close(): Promise<void> {
    this.episode = null;
    await this.kernel.close();
  }

  /** Each action becomes the speed its agent reaches within the step (an agent's first also sets its speed mode). */
  private queueActions(actions: ReadonlyMap<string, Float32Array>): void {
    const dt = this.manifest.stepLength;
    // All actions are checked before any is queued, so a bad one leaves nothing half-sent for the next step.
    for (const [id, action] of actions) {
      if (!this.agentStates.has(id)) throw new EnvUsageError(`action for ${id}, which is not an agent now (agents: ${this.agents.join(', ') || 'none'})`);
      if (action.length !== 1) throw new EnvUsageError(`action for ${id} has ${action.length} values; this scenario takes 1`);
    }
    for (const [id, action] of actions) {
      const agent = this.agentStates.get(id);
      if (!agent) continue;
      if (!agent.configured) {
        this.kernel.commands.setSpeedMode(id, this.manifest.learnerSpeedMode);
        agent.configured = true;
      }
      this.kernel.commands.reachSpeed(id, commandedSpeed(this.manifest.action, action[0] ?? 0, agent.last.speed, dt));
    }
  }

  /** Observation, reward and end flags of every agent that was in the network; agents that left are dropped. */
  private scoreAgents(snapshot: Snapshot, terminal: boolean, horizonReached: boolean): Scored {
    const scored: Scored = { obs: new Map(), rewards: new Map(), terminated: new Map(), truncated: new Map(), left: [] };
    for (const [id, agent] of this.agentStates) {
      const now = snapshot.vehicles.get(id);
      if (now) {
        agent.obs = this.observe(snapshot, id);
        agent.last = now;
        scored.rewards.set(id, this.reward(snapshot, id));
        scored.truncated.set(id, horizonReached && !terminal);
      } else {
        // Left the network: its last observation stands; the reward is scored as if it were still there.
        scored.rewards.set(id, this.reward(withVehicle(snapshot, agent.last), id));
        scored.truncated.set(id, !terminal);
        scored.left.push(id);
      }
      scored.obs.set(id, agent.obs);
      scored.terminated.set(id, terminal);
    }
    for (const id of scored.left) this.agentStates.delete(id);
    return scored;
  }

  /** Every vehicle after the last step or reset, and the ids SUMO reported colliding in it (replay traces). */
  view(): { readonly vehicles: ReadonlyMap<string, VehicleSnapshot>; readonly colliding: readonly string[] } {
    return { vehicles: this.kernel.vehicles(), colliding: this.kernel.colliding };
  }

  /** The vehicles among `ids` that the picker takes become agents (first observation now, speed mode with their first action). */
  private joinNew(snapshot: Snapshot, ids: readonly string[], picker: LearnerPicker): Map<string, Float32Array> {
    const joined = new Map<string, Float32Array>();
    for (const id of ids) {
      const vehicle = snapshot.vehicles.get(id);
      if (!vehicle || this.agentStates.has(id) || !picker.consider(id, vehicle.type)) continue;
      const obs = this.observe(snapshot, id);
      this.agentStates.set(id, { obs, last: vehicle, configured: false });
      joined.set(id, obs);
    }
    return joined;
  }

  private snapshot(collisions?: number): Snapshot {
    return { time: this.kernel.time, vehicles: this.kernel.vehicles(), context: this.context, ...(collisions === undefined ? {} : { collisions }) };
  }

  private infos(snapshot: Snapshot, collisions: number, joined: readonly string[], left: readonly string[], step = 0): StepInfos {
    let sum = 0;
    for (const v of snapshot.vehicles.values()) sum += v.speed;
    const agents = new Map<string, AgentInfo>();
    for (const [id, { last }] of this.agentStates) agents.set(id, { x: last.x, y: last.y, speed: last.speed, distance: last.distance });
    return {
      step,
      time: snapshot.time,
      vehicles: snapshot.vehicles.size,
      meanSpeed: snapshot.vehicles.size > 0 ? sum / snapshot.vehicles.size : 0,
      collisions,
      agents,
      joined,
      left,
    };
  }
}
function withVehicle(snapshot: Snapshot, vehicle: VehicleSnapshot): Snapshot {
  const vehicles = new Map(snapshot.vehicles);
  vehicles.set(vehicle.id, vehicle);
  return { ...snapshot, vehicles };
}
