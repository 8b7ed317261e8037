// The line a run writes (stderr and run.log) when the first collision of an episode happens: when, which vehicles,
// whether each is a learner, and its type, speed and lane — so a reader of the log sees where episodes end without
// replaying them. Later collisions of the same episode are only counted (episodes.csv `collisions`).
import type { MultiAgentEnv, StepResult } from '../env/multi-agent-env.js';
import type { VehicleSnapshot } from '../kernel/vehicle-state.js';

/** One colliding vehicle as the note names it. */
function vehicleText(id: string, learner: boolean, vehicle: VehicleSnapshot | undefined): string {
  const role = learner ? 'learner' : 'not a learner';
  if (vehicle === undefined) return `${id} (${role}, no longer in the network)`;
  return `${id} (${role}, type ${vehicle.type}, ${vehicle.speed.toFixed(2)} m/s, lane ${vehicle.laneId})`;
}

/**
 * "train 4/21: first collision at step 1012 (101.2 s): veh6 (learner, type cav, 7.43 m/s, lane :center_0_0) and
 * veh11 (…)"; `label` is the episode's progress label, `colliding` the ids SUMO reported in the step.
 */
export function collisionNote(label: string, step: StepResult, colliding: readonly string[], vehicles: ReadonlyMap<string, VehicleSnapshot>): string {
  const learners = new Set([...step.infos.agents.keys(), ...step.infos.left]);
  const who = [...colliding].sort().map((id) => vehicleText(id, learners.has(id), vehicles.get(id)));
  const named = who.length === 0 ? 'vehicles SUMO did not name' : who.join(' and ');
  return `${label}: first collision at step ${step.infos.step} (${step.infos.time.toFixed(1)} s): ${named}`;
}

/** A step observer for one episode: calls `note` with the collisionNote of the episode's first collision only. */
export function firstCollisionObserver(label: string, env: Pick<MultiAgentEnv, 'view'>, note: (line: string) => void): (step: StepResult) => void {
  let seen = false;
  return (step) => {
    if (seen || step.infos.collisions === 0) return;
    seen = true;
    const view = env.view();
    note(collisionNote(label, step, view.colliding, view.vehicles));
  };
}
