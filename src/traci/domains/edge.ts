import * as C from '../constants.js';
import { domainIds, getterOf, idCommands, read, setterOf, variable } from './common.js';
import { laneCommands } from './lane.js';

export const EDGE = domainIds('edge', C.CMD_GET_EDGE_VARIABLE);
const get = getterOf(EDGE);
const set = setterOf(EDGE);

// TraCI API 20 has no edge length, shape or speed-limit variable: those getters read the edge's first
// lane (`<edge>_0`, SUMO's lane naming), which carries the edge's length and, on one-lane roads, its shape.
export const edgeVariables = {
  laneNumber: variable(C.VAR_LANE_INDEX, read.int),
  vehicleIds: variable(C.LAST_STEP_VEHICLE_ID_LIST, read.stringList),
  /** m/s */
  meanSpeed: variable(C.LAST_STEP_MEAN_SPEED, read.double),
  vehicleNumber: variable(C.LAST_STEP_VEHICLE_NUMBER, read.int),
  /** s */
  travelTime: variable(C.VAR_CURRENT_TRAVELTIME, read.double),
} as const;

const v = edgeVariables;

export const edgeCommands = {
  ...idCommands(EDGE),
  getLaneNumber: (edgeId: string) => get(v.laneNumber, edgeId, 'getLaneNumber'),
  getLastStepVehicleIDs: (edgeId: string) => get(v.vehicleIds, edgeId, 'getLastStepVehicleIDs'),
  /** m/s */
  getLastStepMeanSpeed: (edgeId: string) => get(v.meanSpeed, edgeId, 'getLastStepMeanSpeed'),
  getLastStepVehicleNumber: (edgeId: string) => get(v.vehicleNumber, edgeId, 'getLastStepVehicleNumber'),
  /** s */
  getTraveltime: (edgeId: string) => get(v.travelTime, edgeId, 'getTraveltime'),
  /** m (length of lane 0) */
  getLength: (edgeId: string) => laneCommands.getLength(`${edgeId}_0`),
  /** m/s (speed limit of lane 0) */
  getMaxSpeed: (edgeId: string) => laneCommands.getMaxSpeed(`${edgeId}_0`),
  /** Centre line of lane 0, m. */
  getShape: (edgeId: string) => laneCommands.getShape(`${edgeId}_0`),
  /** Speed limit of every lane of the edge, m/s. */
  setMaxSpeed: (edgeId: string, speed: number) => set(C.VAR_MAXSPEED, edgeId, 'setMaxSpeed', (w) => w.typedDouble(speed)),
};
