import * as C from '../constants.js';
import type { Variable } from '../command.js';
import type { BoundingBox } from '../values.js';
import { domainIds, getterOf, read, variable } from './common.js';

export const SIMULATION = domainIds('simulation', C.CMD_GET_SIM_VARIABLE);
const get = getterOf(SIMULATION);

const boundingBox = variable(C.VAR_NET_BOUNDING_BOX, (r): BoundingBox => {
  const [lower, upper] = r.typedPolygon();
  if (!lower || !upper) return r.fail('net boundary must have two corners');
  return { xMin: lower.x, yMin: lower.y, xMax: upper.x, yMax: upper.y };
});

/** Variables of the simulation domain (object id ""). */
export const simulationVariables = {
  /** Current simulation time in s. */
  time: variable(C.VAR_TIME, read.double),
  /** Step length in s. */
  deltaT: variable(C.VAR_DELTA_T, read.double),
  loadedIds: variable(C.VAR_LOADED_VEHICLES_IDS, read.stringList),
  departedIds: variable(C.VAR_DEPARTED_VEHICLES_IDS, read.stringList),
  arrivedIds: variable(C.VAR_ARRIVED_VEHICLES_IDS, read.stringList),
  collidingIds: variable(C.VAR_COLLIDING_VEHICLES_IDS, read.stringList),
  collidingNumber: variable(C.VAR_COLLIDING_VEHICLES_NUMBER, read.int),
  startingTeleportIds: variable(C.VAR_TELEPORT_STARTING_VEHICLES_IDS, read.stringList),
  /** Vehicles in the network plus those still waiting to depart. */
  minExpectedNumber: variable(C.VAR_MIN_EXPECTED_VEHICLES, read.int),
} as const satisfies Record<string, Variable<unknown>>;

const v = simulationVariables;

/** Simulation getters with Python traci's names. */
export const simulationCommands = {
  /** s */
  getTime: () => get(v.time, '', 'getTime'),
  /** s */
  getDeltaT: () => get(v.deltaT, '', 'getDeltaT'),
  getLoadedIDList: () => get(v.loadedIds, '', 'getLoadedIDList'),
  getDepartedIDList: () => get(v.departedIds, '', 'getDepartedIDList'),
  getArrivedIDList: () => get(v.arrivedIds, '', 'getArrivedIDList'),
  getCollidingVehiclesIDList: () => get(v.collidingIds, '', 'getCollidingVehiclesIDList'),
  getCollidingVehiclesNumber: () => get(v.collidingNumber, '', 'getCollidingVehiclesNumber'),
  getStartingTeleportIDList: () => get(v.startingTeleportIds, '', 'getStartingTeleportIDList'),
  getMinExpectedNumber: () => get(v.minExpectedNumber, '', 'getMinExpectedNumber'),
  /** Corners of the network in m. */
  getNetBoundary: () => get(boundingBox, '', 'getNetBoundary'),
};
