// The multi-agent environment (ARCHITECTURE.md, "Env API", PettingZoo-parallel style) over one SUMO: reset
// reloads the scenario with a seed and runs the warm-up; step sends every learner's action and the simulation
// step in one message and reads everything back from subscriptions. Learners join as they are picked (static
// selections at the end of the warm-up, `entering` ones as they depart) and leave when they arrive; humans
// stay under SUMO's car-following model. A collision ends the episode for everyone (manifest `collision`).
import { readFile } from 'node:fs/promises';
import type { AgentSpaces } from '../agents/controller.js';
import { VehicleTracker } from '../kernel/vehicle-tracker.js';
import type { LearnerPicker } from '../scenarios/learners.js';
import { learnerPicker } from '../scenarios/learners.js';
import type { ScenarioManifest } from '../scenarios/manifest.js';
import type { PathIndex } from '../scenarios/net.js';
import { parseNet, pathIndex } from '../scenarios/net.js';
import { resolveSumoFiles } from '../scenarios/sumo-files.js';
import type { LoadedScenario } from '../scenarios/sumo-options.js';
import { buildSumoArgs } from '../sumo/cmdline.js';
import type { SumoRunOptions } from '../sumo/cmdline.js';
import { openSimulation, resolveTransport } from '../sumo/transport.js';
import type { Transport, TransportChoice } from '../sumo/transport.js';
import type { TraciClient } from '../traci/client.js';
import type { Command } from '../traci/command.js';
import { vehicleCommands } from '../traci/domains/vehicle.js';
import { Rng } from '../util/rng.js';
import { actionCommand } from './actions.js';
import { EnvUsageError } from './errors.js';
import { spacesOf } from './spaces.js';
import { createObservation } from './observations/registry.js';
import type { ObservationFn } from './observations/types.js';
import { createReward } from './rewards/registry.js';
import type { RewardFn } from './rewards/types.js';
import type { Snapshot, SnapshotContext, VehicleSnapshot } from './snapshot.js';
import type { VehicleStateSpec } from './vehicle-state.js';
import { toVehicleSnapshot, vehicleStateSpec } from './vehicle-state.js';

/** SUMO's --collision.action per manifest `collision`: keep the vehicles when the episode ends, else move them out. */
const COLLISION_ACTIONS = { endEpisode: 'warn', count: 'remove', teleport: 'teleport' } as const;

export interface EnvOptions {
  /** Watch in sumo-gui. */
  readonly gui?: boolean;
  readonly sumoBinary?: string;
  /** TCP TraCI or in-process libsumo (src/sumo/transport.ts); default 'auto'. */
  readonly transport?: TransportChoice;
  /** Steps per episode; default the manifest's horizon. */
  readonly horizon?: number;
  /** How far (m) leaders and followers are looked for (default 100 m). */
  readonly neighbourRange?: number;
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

const DEFAULT_NEIGHBOUR_RANGE = 100;

export class MultiAgentEnv {
  readonly manifest: ScenarioManifest;
  readonly spaces: AgentSpaces;
  readonly horizon: number;
  /** SUMO's version string, known after the first reset. */
  sumoVersion: string | null = null;
  /** How this env reaches SUMO (resolved from `options.transport` when the env is made). */
  readonly transport: Transport;
  private client: TraciClient | null = null;
  private tracker: VehicleTracker<VehicleStateSpec> | null = null;
  private readonly observe: ObservationFn;
  private readonly reward: RewardFn;
  private readonly context: SnapshotContext;
  private readonly agentStates = new Map<string, AgentState>();
  private picker: LearnerPicker | null = null;
  private stepCount = 0;
  private done = true;
  /** Commands waiting for the next step (speed modes of vehicles that just departed). */
  private pending: Command<unknown>[] = [];

  private constructor(
    private readonly scenario: LoadedScenario,
    private readonly path: PathIndex | null,
    private readonly options: EnvOptions,
  ) {
    const { manifest } = scenario;
    this.manifest = manifest;
    const observation = createObservation(manifest.observation);
    this.observe = observation.fn;
    this.reward = createReward(manifest.reward);
    this.spaces = spacesOf(manifest);
    this.horizon = options.horizon ?? manifest.horizon;
    if (!Number.isInteger(this.horizon) || this.horizon < 1) throw new EnvUsageError(`horizon must be a positive integer, got ${this.horizon}`);
    this.transport = resolveTransport(options.transport ?? 'auto', options).transport;
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
    await this.startSumo(seed);
    const client = this.client as TraciClient;
    this.tracker = new VehicleTracker(client, vehicleStateSpec(this.options.neighbourRange ?? DEFAULT_NEIGHBOUR_RANGE));
    this.agentStates.clear();
    this.picker = learnerPicker(this.manifest.learners, new Rng(seed, 1));
    this.stepCount = 0;
    this.done = false;
    const warmup = Math.max(1, this.manifest.warmupSteps);
    this.pending = [];
    for (let i = 0; i < warmup; i++) {
      await this.tracker.step(this.takePending());
      this.queueSpeedModes();
    }
    const snapshot = this.snapshot();
    // Static selections: every matching vehicle present now; `entering` ones are picked as they depart later.
    const joined: string[] = [];
    if (this.manifest.learners.kind !== 'entering') {
      for (const v of snapshot.vehicles.values()) {
        if (!this.picker.consider(v.id, v.type)) continue;
        this.join(snapshot, v);
        joined.push(v.id);
      }
    }
    const obs = new Map<string, Float32Array>();
    for (const [id, state] of this.agentStates) obs.set(id, state.obs);
    return { obs, infos: this.infos(snapshot, 0, joined, []) };
  }

  /**
   * Applies `actions` (one per agent; agents without one are left to SUMO for this step) and advances one
   * step: one message with every command and the step, answers read from subscriptions.
   */
  async step(actions: ReadonlyMap<string, Float32Array>): Promise<StepResult> {
    const tracker = this.tracker;
    if (!tracker || this.done) throw new EnvUsageError('step() needs a running episode: call reset() first (and again after done)');
    const commands: Command<unknown>[] = this.takePending();
    const dt = this.manifest.stepLength;
    for (const [id, action] of actions) {
      const agent = this.agentStates.get(id);
      if (!agent) throw new EnvUsageError(`action for ${id}, which is not an agent now (agents: ${this.agents.join(', ') || 'none'})`);
      if (action.length !== 1) throw new EnvUsageError(`action for ${id} has ${action.length} values; this scenario takes 1`);
      if (!agent.configured) {
        commands.push(vehicleCommands.setSpeedMode(id, this.manifest.learnerSpeedMode));
        agent.configured = true;
      }
      commands.push(actionCommand(this.manifest.action, id, action[0] ?? 0, agent.last.speed, dt));
    }
    await tracker.step(commands);
    this.queueSpeedModes();
    this.stepCount++;
    const events = tracker.lastEvents;
    const collisions = Math.ceil((events?.colliding.length ?? 0) / 2);
    const snapshot = this.snapshot(collisions);
    const terminal = collisions > 0 && this.manifest.collision === 'endEpisode';
    const horizonReached = this.stepCount >= this.horizon;

    const obs = new Map<string, Float32Array>();
    const rewards = new Map<string, number>();
    const terminated = new Map<string, boolean>();
    const truncated = new Map<string, boolean>();
    const left: string[] = [];
    for (const [id, agent] of this.agentStates) {
      const now = snapshot.vehicles.get(id);
      if (now) {
        agent.obs = this.observe(snapshot, id);
        agent.last = now;
        rewards.set(id, this.reward(snapshot, id));
        truncated.set(id, horizonReached && !terminal);
      } else {
        // Left the network: its last observation stands; the reward is scored as if it were still there.
        rewards.set(id, this.reward(withVehicle(snapshot, agent.last), id));
        truncated.set(id, !terminal);
        left.push(id);
      }
      obs.set(id, agent.obs);
      terminated.set(id, terminal);
    }
    for (const id of left) this.agentStates.delete(id);
    const joined: string[] = [];
    const picker = this.picker as LearnerPicker;
    for (const id of events?.departed ?? []) {
      const v = snapshot.vehicles.get(id);
      if (v && !this.agentStates.has(id) && picker.consider(id, v.type)) {
        obs.set(id, this.join(snapshot, v).obs);
        joined.push(id);
      }
    }
    this.done = terminal || horizonReached;
    return { obs, rewards, terminated, truncated, infos: this.infos(snapshot, collisions, joined, left), done: this.done };
  }

  /** Every vehicle after the last step or reset, and the ids SUMO reported colliding in it (replay traces). */
  view(): { readonly vehicles: ReadonlyMap<string, VehicleSnapshot>; readonly colliding: readonly string[] } {
    if (!this.tracker) return { vehicles: new Map(), colliding: [] };
    return { vehicles: this.snapshot().vehicles, colliding: this.tracker.lastEvents?.colliding ?? [] };
  }

  /** Stops SUMO (TraCI close, then SIGKILL after a timeout). Safe to call twice. */
  async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.tracker = null;
    this.done = true;
    await client?.close();
  }

  private async startSumo(seed: number): Promise<void> {
    const run: SumoRunOptions = {
      ...this.scenario.sumo,
      seed,
      // Collisions are what ends episodes: keep the vehicles ('warn') when that is the rule, otherwise take them out.
      collisionAction: COLLISION_ACTIONS[this.manifest.collision],
      collisionCheckJunctions: true,
      ...(this.options.gui ? { gui: true } : {}),
    };
    if (this.client && !this.client.connection.isClosed) {
      try {
        await this.client.load(buildSumoArgs(run, null));
        return;
      } catch {
        // A SUMO that died or refused the reload is replaced by a fresh one.
        await this.client.close().catch(() => undefined);
      }
    }
    this.client = await openSimulation({ ...run, transport: this.transport, ...(this.options.sumoBinary ? { sumoBinary: this.options.sumoBinary } : {}) });
    this.sumoVersion = (await this.client.getVersion()).sumoVersion;
  }

  /** `vehicle` becomes an agent: its first observation, its state, its speed mode still to send. */
  private join(snapshot: Snapshot, vehicle: VehicleSnapshot): AgentState {
    const state: AgentState = { obs: this.observe(snapshot, vehicle.id), last: vehicle, configured: false };
    this.agentStates.set(vehicle.id, state);
    return state;
  }

  private snapshot(collisions?: number): Snapshot {
    const tracker = this.tracker as VehicleTracker<VehicleStateSpec>;
    const vehicles = new Map<string, VehicleSnapshot>();
    for (const [id, state] of tracker.state) vehicles.set(id, toVehicleSnapshot(id, state, this.path));
    return { time: tracker.lastEvents?.time ?? 0, vehicles, context: this.context, ...(collisions === undefined ? {} : { collisions }) };
  }

  /** The manifest's vehicleSpeedMode for every vehicle that departed in the last step, sent with the next step. */
  private queueSpeedModes(): void {
    const mode = this.manifest.vehicleSpeedMode;
    if (mode === undefined || mode === null) return;
    for (const id of this.tracker?.lastEvents?.departed ?? []) this.pending.push(vehicleCommands.setSpeedMode(id, mode));
  }

  private takePending(): Command<unknown>[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  private infos(snapshot: Snapshot, collisions: number, joined: readonly string[], left: readonly string[]): StepInfos {
    let sum = 0;
    for (const v of snapshot.vehicles.values()) sum += v.speed;
    const agents = new Map<string, AgentInfo>();
    for (const [id, { last }] of this.agentStates) agents.set(id, { x: last.x, y: last.y, speed: last.speed, distance: last.distance });
    return {
      step: this.stepCount,
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
